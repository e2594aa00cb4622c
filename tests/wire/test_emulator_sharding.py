"""Sharding: one connection carries at most 2,500 guilds (here: 2); AutoShardedBot spreads them."""

from __future__ import annotations

import discord
import pytest
from discord.ext import commands

from .conftest import EmulatorFactory
from .pingbot import PingBot, running_bot


async def test_too_many_guilds_on_one_connection_close_it_with_4011(make_emulator: EmulatorFactory) -> None:
    emu = await make_emulator(guilds=3, max_guilds_per_shard=2)
    with pytest.raises(discord.ConnectionClosed) as raised:
        async with running_bot(emu, PingBot(sync=False)):
            pass
    assert raised.value.code == 4011


async def test_an_auto_sharded_bot_sees_every_guild(make_emulator: EmulatorFactory) -> None:
    emu = await make_emulator(guilds=3, max_guilds_per_shard=2)
    bot = commands.AutoShardedBot(
        command_prefix=commands.when_mentioned, intents=discord.Intents.default(), guild_ready_timeout=0.05
    )
    async with running_bot(emu, bot):
        assert bot.shard_count == 2  # as GET /gateway/bot recommended
        assert sorted(g.id for g in bot.guilds) == sorted(g.id for g in emu.guilds)
        assert {g.shard_id for g in bot.guilds} == {0, 1}
    assert emu.gateway.counts["identify"] == 2
