"""Discord answering 5xx and 429 during the daily fan-out: posts are retried, none twice, members still answered."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.db.records import PostStatus

from .botrun import (
    Database,
    bot_settings,
    count_posts,
    day_messages,
    first_channels,
    open_services,
    ping_problems,
    running_qotd,
    schedule_posts_now,
    wait_until,
)
from .conftest import EmulatorFactory
from .emulator import MESSAGE_CREATE, RateLimitConfig
from .emulator.interactions import CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL

SENDS = r"^POST /channels/\{channel_id\}/messages$"


async def paused_guilds(db: Database, guild_ids: list[int]) -> list[int]:
    return [g for g in guild_ids if (await db.services.schedules.status(g)).schedule.paused]


async def test_a_5xx_and_429_storm_during_the_fan_out_posts_everything_once_and_members_are_answered(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.exts.daily.poster")
    servers = 20
    # 429: Discord allows this token 5 requests a second (the bot paces itself for 50).
    emu = await make_emulator(guilds=servers, rate_limits=RateLimitConfig(global_per_second=5))
    # 5xx: the first send is stored but answered 500 or 502 ...
    emu.faults.configure(
        error_share=1.0, error_statuses=(500, 502), after_effect_share=1.0, error_route=SENDS
    )
    channels = first_channels(emu)
    async with open_services(sqlite_url) as db:
        async with running_qotd(emu, bot_settings(emu, sqlite_url, tmp_path)) as qotd:
            # Every server's admin runs /qotd setup and /qotd post-now (which wakes the bot).
            await schedule_posts_now(db.services, channels)
            qotd.bot.wakeup.now()
            await wait_until(lambda: any(r.injected for r in emu.requests), within=30, what="the first 5xx")
            # ... then 30% of sends fail, half of them after the message was stored.
            emu.faults.configure(error_share=0.3, after_effect_share=0.5)

            async def some_sent() -> bool:
                return any(p.status == PostStatus.SENT for p in await db.posts())

            await wait_until(some_sent, within=30, what="the first post", every=0.1)
            sent = next(p for p in await db.posts() if p.status == PostStatus.SENT)
            post = emu.world.messages[sent.message_id or 0]
            guild = emu.world.guilds[sent.guild_id]
            admin, member = emu.world.owner.id, emu.members(guild)[1]
            button = post.components[0]["components"][0]["custom_id"]
            # Mid-storm, a member presses the post's button and an admin runs a command.
            click = await emu.click(post, button, member)
            slash = await emu.invoke_slash(guild, sent.channel_id, admin, "qotd", subcommand="status")
            pressed, status = await click.acknowledged(within=5), await slash.acknowledged(within=5)
            assert count_posts(emu) < servers, "the fan-out was over before the members acted"
            assert pressed.elapsed < 3.0
            assert status.elapsed < 3.0
            assert pressed.type in (MODAL, CHANNEL_MESSAGE)  # the answer form, or "you chose B"
            assert status.type == DEFERRED_CHANNEL_MESSAGE
            assert click.late_callbacks == slash.late_callbacks == 0

            async def all_sent() -> bool:
                return all(p.status == PostStatus.SENT for p in await db.posts())

            await wait_until(all_sent, within=90, what="every post to be sent", every=0.2)
            await wait_until(lambda: slash.followup_ids or slash.original_message_id, within=5, what="status")
            assert qotd.bot.is_ready()
        stored = {p.channel_id: p for p in await db.posts()}
        assert await paused_guilds(db, [g for g, _ in channels]) == []

    sends = [r for r in emu.requests if r.route == MESSAGE_CREATE]
    stored_then_failed = [r for r in sends if (r.injected or "").endswith("/after")]
    assert stored_then_failed
    assert emu.limiter.refusals["global"] > 0
    days = day_messages(emu, stored)
    assert {c: len(d.posts) for c, d in days.items()} == dict.fromkeys(stored, 1)
    assert all(stored[c].message_id == d.posts[0].id for c, d in days.items())
    # Each send Discord stored but answered with an error was either retried at once by
    # discord.py with the post's nonce (Discord handed back the first message), or, once
    # discord.py gave up, found in the channel by the bot's own later retry and adopted.
    assert all(r.body.get("enforce_nonce") and r.body.get("nonce") for r in sends if r.body)
    adopted = sum("was already in the channel" in r.getMessage() for r in caplog.records)
    assert emu.nonce_hits + adopted == len(stored_then_failed)
    assert ping_problems(emu) == []


async def test_a_few_seconds_of_503_do_not_pause_any_server(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=5)
    channels = first_channels(emu)
    guild_ids = [g for g, _ in channels]
    async with open_services(sqlite_url) as db:
        async with running_qotd(emu, bot_settings(emu, sqlite_url, tmp_path)) as qotd:
            # Discord's message endpoint is down (503, which discord.py leaves to the caller) for 5 s.
            emu.faults.configure(error_share=1.0, error_statuses=(503,), error_route=SENDS)
            await schedule_posts_now(db.services, channels)
            qotd.bot.wakeup.now()
            await wait_until(lambda: any(r.injected for r in emu.requests), within=10, what="the outage")
            await asyncio.sleep(5)
            emu.faults.clear()

            async def settled() -> bool:
                posts = await db.posts()
                return bool(await paused_guilds(db, guild_ids)) or all(
                    p.status == PostStatus.SENT for p in posts
                )

            # Retried at the latest on the next minute's reconcile.
            await wait_until(settled, within=90, what="the posts to go out or fail", every=0.5)
        assert await paused_guilds(db, guild_ids) == []
    days = day_messages(emu, [c for _, c in channels])
    assert {c: len(d.posts) for c, d in days.items()} == {c: 1 for _, c in channels}
