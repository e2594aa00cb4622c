"""`qotd run` killed with SIGKILL in the middle of the daily fan-out, then started again.

Sixty servers are due at once and the sends are paced and slowed, so the fan-out takes
seconds. The process is killed while a send is on the wire (Discord stores that message,
but the bot never learns its id), then a new process starts on the same SQLite file. The
dead process's leases and the reveal time are reached by moving the database's clock
(``travel``) instead of waiting minutes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.db.records import PostStatus

from .botrun import (
    count_posts,
    day_messages,
    first_channels,
    open_services,
    qotd_process,
    schedule_posts_now,
    travel,
    wait_until,
)
from .conftest import EmulatorFactory
from .emulator import MESSAGE_CREATE

SERVERS = 60


async def test_a_process_killed_mid_fan_out_leaves_one_post_per_server_and_the_reveals_happen(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=SERVERS)
    channels = first_channels(emu)
    channel_ids = [c for _, c in channels]
    async with open_services(sqlite_url) as db:
        await schedule_posts_now(db.services, channels)
        emu.faults.configure(latency=0.1)  # every request spends 100 ms on the wire

        def send_in_flight() -> bool:
            return any(r.route == MESSAGE_CREATE and r.status == 0 for r in emu.requests)

        # Paced at 10 sends a second (POST_RATE_PER_SECOND), the fan-out takes 6 s.
        first_run = qotd_process(emu, sqlite_url, tmp_path / "first", name="first", post_rate_per_second=10)
        async with first_run as first:
            await wait_until(
                lambda: (count_posts(emu) >= 15 and send_in_flight()) or first.returncode is not None,
                within=60,
                what="the fan-out to be under way",
            )
            posted_before_kill = count_posts(emu)
            assert await first.kill() == -9, first.output()
        # The send that was on the wire still lands at Discord: sent, but not recorded as sent.
        await wait_until(lambda: not send_in_flight(), within=5, what="the last send to land")
        landed = {m.nonce for m in emu.messages() if m.nonce}
        posts = await db.posts()
        assert len(posts) == SERVERS
        assert 15 <= posted_before_kill < SERVERS, "the kill did not interrupt the fan-out"
        assert sum(p.status == PostStatus.SENT for p in posts) < SERVERS
        lost = [p for p in posts if p.status == PostStatus.PENDING and p.nonce in landed]
        assert lost, "no post was on the wire when the process died"

        # Fast-forward: the dead process's leases (2 min) run out; the reveal comes 15 s from now.
        reveal_at = min(p.reveal_at for p in posts)
        await travel(db.engine, reveal_at - (datetime.now(UTC) + timedelta(seconds=15)))
        emu.faults.clear()

        async with qotd_process(emu, sqlite_url, tmp_path / "second", name="second") as second:
            await second.wait_ready()

            async def all_revealed() -> bool:
                if second.returncode is not None:
                    return True
                return all(p.status == PostStatus.REVEALED for p in await db.posts())

            await wait_until(all_revealed, within=60, what="every post to be revealed", every=0.2)
            assert await second.stop() == 0, second.output()

        days = day_messages(emu, channel_ids)
        assert {c: (len(d.posts), len(d.reveals)) for c, d in days.items()} == dict.fromkeys(
            channel_ids, (1, 1)
        )
        # The posts lost on the wire were sent again with their nonce: Discord returned the first.
        assert emu.nonce_hits >= len(lost)
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
