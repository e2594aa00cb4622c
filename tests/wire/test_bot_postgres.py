"""Several `qotd run` processes on one PostgreSQL database: every server gets one post and one reveal.

Two processes running the same shards (an overlap by mistake, or an old process still
stopping), and two processes splitting the shards as docs/operations.md describes.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from bot.db.records import PostStatus

from .botrun import (
    POSTED,
    REVEALED,
    day_messages,
    first_channels,
    open_services,
    qotd_process,
    schedule_posts_now,
    travel,
)
from .conftest import EmulatorFactory

pytestmark = pytest.mark.postgres


async def test_two_processes_on_the_same_shards_post_and_reveal_each_server_once(
    make_emulator: EmulatorFactory, postgres_url: str, tmp_path: Path
) -> None:
    servers = 40
    emu = await make_emulator(guilds=servers)
    emu.faults.configure(latency=0.05)  # the fan-out takes a few seconds, so the processes overlap
    channels = first_channels(emu)
    guild_ids = sorted(g for g, _ in channels)
    async with open_services(postgres_url) as db:
        await schedule_posts_now(db.services, channels)
        # The bot was down: the posts have been due for 4 min 42 s and are revealed in 18 s.
        await travel(db.engine, timedelta(minutes=5) - timedelta(seconds=18))
        async with (
            qotd_process(emu, postgres_url, tmp_path / "a", name="a") as a,
            qotd_process(emu, postgres_url, tmp_path / "b", name="b") as b,
        ):
            await asyncio.gather(a.wait_ready(), b.wait_ready())
            await db.wait_for(PostStatus.REVEALED, count=servers, within=90)
            assert (await a.stop(), await b.stop()) == (0, 0), a.output() + b.output()
        posts = {p.channel_id: p for p in await db.posts()}

    days = day_messages(emu, posts)
    assert {c: (len(d.posts), len(d.reveals)) for c, d in days.items()} == dict.fromkeys(posts, (1, 1))
    for channel_id, day in days.items():
        assert (posts[channel_id].message_id, posts[channel_id].reveal_message_id) == (
            day.posts[0].id,
            day.reveals[0].id,
        )
    # Neither process sent what the other had sent (Discord never had to drop a repeat by nonce),
    # and between them each server was posted to and revealed once.
    assert emu.nonce_hits == 0
    assert sorted(a.logged(POSTED) + b.logged(POSTED)) == guild_ids
    assert sorted(a.logged(REVEALED) + b.logged(REVEALED)) == guild_ids


async def test_two_shard_processes_each_post_only_for_the_servers_on_their_shard(
    make_emulator: EmulatorFactory, postgres_url: str, tmp_path: Path
) -> None:
    servers = 20
    emu = await make_emulator(guilds=servers)
    channels = first_channels(emu)
    shard_of = {g: (g >> 22) % 2 for g, _ in channels}
    on_shard = [sorted(g for g, s in shard_of.items() if s == shard) for shard in (0, 1)]
    assert all(on_shard), "the emulator's servers should spread over both shards"
    async with open_services(postgres_url) as db:
        await schedule_posts_now(db.services, channels)
        async with (
            qotd_process(
                emu, postgres_url, tmp_path / "0", name="shard-0", shard_count=2, shard_ids="0"
            ) as zero,
            qotd_process(
                emu, postgres_url, tmp_path / "1", name="shard-1", shard_count=2, shard_ids="1"
            ) as one,
        ):
            health = await asyncio.gather(zero.wait_ready(), one.wait_ready())
            await db.wait_for(PostStatus.SENT, count=servers, within=60)
            assert (await zero.stop(), await one.stop()) == (0, 0), zero.output() + one.output()
        posts = {p.channel_id: p for p in await db.posts()}

    assert [(h["shards"], h["guilds"]) for h in health] == [([0], len(on_shard[0])), ([1], len(on_shard[1]))]
    assert [sorted(zero.logged(POSTED)), sorted(one.logged(POSTED))] == on_shard
    days = day_messages(emu, posts)
    assert {c: len(d.posts) for c, d in days.items()} == dict.fromkeys(posts, 1)
    assert emu.gateway.counts["identify"] == 2  # one gateway session per process, for its own shard
