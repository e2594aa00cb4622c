"""A post whose earlier send reached Discord unrecorded is adopted from the channel, not sent again.

The test plays the process that died: it claims the posts as the services hand them out,
sends one server's post as that process would have (the message is in the channel, its id
nowhere in the database), and lets the lease run out (``travel``). The real bot then starts.
The emulator forgets nonces at once, as Discord does after a few minutes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp

from bot.db.records import PostStatus
from bot.services.daily import DEFAULT_LEASE

from .botrun import (
    bot_settings,
    day_messages,
    open_services,
    running_qotd,
    schedule_posts_now,
    travel,
    wait_until,
)
from .conftest import EmulatorFactory
from .emulator import Emulator

HISTORY = "GET /channels/{channel_id}/messages"


async def send_as_the_dead_process(emu: Emulator, channel_id: int, post_id: int, nonce: str) -> int:
    """The message a send of ``post_id`` left in the channel (an Answer button with the post id)."""
    body: dict[str, Any] = {
        "embeds": [{"title": "Question #1"}],
        "components": [
            {
                "type": 1,
                "components": [
                    {"type": 2, "style": 1, "label": "Answer", "custom_id": f"qotd:answer:{post_id}"}
                ],
            }
        ],
        "nonce": nonce,
        "enforce_nonce": True,
        "allowed_mentions": {"parse": []},
    }
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{emu.base_url}/channels/{channel_id}/messages",
            json=body,
            headers={"Authorization": f"Bot {emu.token}"},
        ) as response,
    ):
        assert response.status == 200, await response.text()
        return int((await response.json())["id"])


async def test_an_unrecorded_send_is_adopted_and_only_posts_handed_out_again_read_the_channel(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=3, nonce_window=0)
    (g_lost, c_lost), (g_empty, c_empty), (g_fresh, c_fresh) = [
        (g.id, emu.text_channels(g)[0].id) for g in emu.guilds
    ]
    async with open_services(sqlite_url) as db:
        await schedule_posts_now(db.services, [(g_lost, c_lost), (g_empty, c_empty)])
        await db.services.daily.create_due()
        # The dead process had claimed both; one send reached Discord, the other never left.
        claimed = {p.guild_id: p for p in await db.services.daily.claim_sends("dead-process")}
        lost = claimed[g_lost]
        landed = await send_as_the_dead_process(emu, c_lost, lost.post_id, lost.nonce)
        await travel(db.engine, DEFAULT_LEASE)  # the dead process's leases run out
        # A server due only now: its first hand-out, the normal path.
        await schedule_posts_now(db.services, [(g_fresh, c_fresh)])

        async with running_qotd(emu, bot_settings(emu, sqlite_url, tmp_path)):

            async def all_sent() -> bool:
                posts = await db.posts()
                return len(posts) == 3 and all(p.status == PostStatus.SENT for p in posts)

            await wait_until(all_sent, within=30, what="every post to be sent", every=0.1)
        stored = {p.guild_id: p for p in await db.posts()}

    days = day_messages(emu, [c_lost, c_empty, c_fresh])
    assert [m.id for m in days[c_lost].posts] == [landed]  # adopted, not sent twice
    assert stored[g_lost].message_id == landed
    assert len(days[c_empty].posts) == 1  # looked, found nothing, sent it
    assert stored[g_empty].message_id == days[c_empty].posts[0].id
    assert len(days[c_fresh].posts) == 1
    assert stored[g_fresh].message_id == days[c_fresh].posts[0].id
    reads = [r for r in emu.requests if r.route == HISTORY]
    # One read per post handed out again, none on the normal path (the fresh server).
    assert sorted(r.path.split("?")[0] for r in reads) == sorted(
        f"/channels/{c}/messages" for c in (c_lost, c_empty)
    )
    assert all(r.status == 200 for r in reads)
