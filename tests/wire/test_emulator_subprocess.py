"""The emulator as a separate process, driven through its control API; and a bot in a process of its own."""

from __future__ import annotations

import asyncio
import contextlib

import discord
import pytest

from .emulator import SEND_MESSAGES
from .emulator.remote import python_command, spawn_emulator
from .pingbot import PingBot, running_bot

SENDS = r"^POST /channels/\{channel_id\}/messages$"


async def test_the_emulator_process_serves_a_bot_and_its_control_api_works() -> None:
    async with spawn_emulator("--guilds", "3", "--message-limit", "5/5") as remote:
        world = await remote.guilds()
        assert world["guild_count"] == 3
        guild = world["guilds"][0]
        channel, member = guild["channels"][0], guild["members"][0]
        async with running_bot(remote, PingBot()) as bot:
            assert len(bot.guilds) == 3
            ix = await remote.invoke_slash(guild["id"], channel, member, "ping")
            answer = await remote.interaction(ix, wait=5)
            assert answer["callback"]["type"] == 4
            assert answer["callback"]["data"]["content"] == "pong"

            await remote.set_faults(error_share=1.0, error_statuses=[503], error_route=SENDS)
            target = bot.get_partial_messageable(int(channel))
            with pytest.raises(discord.DiscordServerError):
                await target.send("during the outage")
            await remote.clear_faults()

            assert await remote.drop_gateway(4000) == 1
            await asyncio.wait_for(bot.resumed.wait(), 10)

            await remote.set_bot_permissions(channel, deny=SEND_MESSAGES)
            with pytest.raises(discord.Forbidden):
                await target.send("not allowed")

        assert [m["content"] for m in await remote.messages(channel)] == ["pong"]
        stats = await remote.stats()
        assert stats["gateway"]["resume"] == 1
        assert stats["injected"] == {"503/before": 1}
        assert await remote.requests(unknown=True) == []
        assert await remote.validation_failures() == []


@pytest.mark.parametrize(("window", "kept"), [("300", 1), ("0", 2)])
async def test_the_nonce_window_is_an_option_of_the_process(window: str, kept: int) -> None:
    async with spawn_emulator("--nonce-window", window) as remote:
        channel = (await remote.guilds())["guilds"][0]["channels"][0]
        async with running_bot(remote, PingBot(sync=False)) as bot:
            target = bot.get_partial_messageable(int(channel))
            for _ in range(2):  # a retried send, with its nonce
                await target.send("question", nonce="qotd-1", allowed_mentions=discord.AllowedMentions.none())
        assert len(await remote.messages(channel)) == kept


async def test_a_bot_in_its_own_process_is_pointed_at_the_emulator_by_launch() -> None:
    async with spawn_emulator("--guilds", "2") as remote:
        argv, env = python_command("launch", "--base-url", remote.base_url, "-m", PingBot.__module__)
        env["DISCORD_TOKEN"] = remote.token
        bot_process = await asyncio.create_subprocess_exec(*argv, env=env)
        try:
            for _ in range(300):  # up to 30 s for the interpreter to start and IDENTIFY
                if (await remote.stats())["gateway"].get("identify"):
                    break
                await asyncio.sleep(0.1)
            guild = (await remote.guilds())["guilds"][1]
            ix = await remote.invoke_slash(guild["id"], guild["channels"][0], guild["members"][0], "ping")
            answer = await remote.interaction(ix, wait=10)
        finally:
            bot_process.terminate()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(bot_process.wait(), 10)
            if bot_process.returncode is None:
                bot_process.kill()
                await bot_process.wait()
    assert answer["callback"] is not None
    assert answer["callback"]["data"]["content"] == "pong"
