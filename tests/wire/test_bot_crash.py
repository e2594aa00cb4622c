"""`qotd run` killed with SIGKILL in the middle of the daily fan-out and of the reveals, then started again.

Sixty servers are due at once and the sends are paced and slowed, so each fan-out takes
seconds. A process is killed while a send is on the wire (Discord stores that message, but
the bot never learns its id), then a new process starts on the same SQLite file. The
emulator's nonce window is 0: a re-send with the same nonce would post a second copy, as it
does on Discord once its few minutes have passed. The dead process's leases and the reveal
time are reached by moving the database's clock (``travel``) instead of waiting minutes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.db.records import PostStatus
from bot.services.daily import DEFAULT_LEASE

from .botrun import (
    count_posts,
    count_reveals,
    day_messages,
    first_channels,
    is_reveal,
    kill_mid_send,
    open_services,
    qotd_process,
    schedule_posts_now,
    travel,
    wait_until,
)
from .conftest import EmulatorFactory
from .emulator import Emulator

SERVERS = 60
HISTORY = "GET /channels/{channel_id}/messages"
ADOPTED = "was already in the channel"


def history_reads(emu: Emulator) -> int:
    return sum(1 for r in emu.requests if r.route == HISTORY)


async def test_sends_and_reveals_lost_in_a_crash_are_adopted_not_sent_twice_after_the_nonce_window(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=SERVERS, nonce_window=0)
    channels = first_channels(emu)
    channel_ids = [c for _, c in channels]
    async with open_services(sqlite_url) as db:
        await schedule_posts_now(db.services, channels)
        emu.faults.configure(latency=0.1)  # every request spends 100 ms on the wire

        # 1. Killed mid fan-out: paced at 10 sends a second, the fan-out takes 6 s.
        async with qotd_process(
            emu, sqlite_url, tmp_path / "first", name="first", post_rate_per_second=10
        ) as first:
            await kill_mid_send(first, emu, lambda: count_posts(emu) >= 15, "the fan-out to be under way")
        landed = {m.nonce for m in emu.messages() if m.nonce}
        posts = await db.posts()
        assert len(posts) == SERVERS
        assert count_posts(emu) < SERVERS, "the kill did not interrupt the fan-out"
        lost_posts = [p.id for p in posts if p.status == PostStatus.PENDING and p.nonce in landed]
        assert lost_posts, "no post was on the wire when the process died"
        assert history_reads(emu) == 0  # a first hand-out never reads the channel

        # 2. The dead process's leases run out; the reveals come 12 s from now. The next
        #    process finishes the posts, then is killed mid reveals.
        reveal_at = min(p.reveal_at for p in posts)
        await travel(db.engine, reveal_at - (datetime.now(UTC) + timedelta(seconds=12)))
        async with qotd_process(
            emu, sqlite_url, tmp_path / "second", name="second", post_rate_per_second=10
        ) as second:
            await kill_mid_send(
                second,
                emu,
                lambda: count_posts(emu) >= SERVERS and count_reveals(emu) >= 15,
                "the reveals to be under way",
            )
        assert sum(line.count(ADOPTED) for line in second.stdout) >= len(lost_posts), second.output()
        posts = await db.posts()
        revealed_nonces = {m.nonce for m in emu.messages() if is_reveal(m)}
        lost_reveals = [
            p.id for p in posts if p.status == PostStatus.SENT and f"qotd-r{p.id}" in revealed_nonces
        ]
        assert lost_reveals, "no reveal was on the wire when the process died"
        assert count_reveals(emu) < SERVERS, "the kill did not interrupt the reveals"

        # 3. Its leases run out too; a third process reveals the rest.
        await travel(db.engine, DEFAULT_LEASE)
        emu.faults.clear()
        async with qotd_process(emu, sqlite_url, tmp_path / "third", name="third") as third:

            async def all_revealed() -> bool:
                if third.returncode is not None:
                    return True
                return all(p.status == PostStatus.REVEALED for p in await db.posts())

            await wait_until(all_revealed, within=60, what="every post to be revealed", every=0.2)
            assert await third.stop() == 0, third.output()
        assert sum(line.count(ADOPTED) for line in third.stdout) >= len(lost_reveals), third.output()

        days = day_messages(emu, channel_ids)
        assert {c: (len(d.posts), len(d.reveals)) for c, d in days.items()} == dict.fromkeys(
            channel_ids, (1, 1)
        )
        assert emu.nonce_hits == 0  # the nonce saved nothing: the window had passed
        stored = {p.channel_id: p for p in await db.posts()}
        for channel_id, day in days.items():
            post = stored[channel_id]
            assert post.status == PostStatus.REVEALED
            assert (post.message_id, post.reveal_message_id) == (day.posts[0].id, day.reveals[0].id)
            assert day.posts[0].nonce == post.nonce
            assert day.reveals[0].message_reference is not None
            assert int(day.reveals[0].message_reference["message_id"]) == post.message_id
            # Answers are closed on the post itself: every button is disabled.
            assert all(
                button.get("disabled") for row in day.posts[0].components for button in row["components"]
            )
