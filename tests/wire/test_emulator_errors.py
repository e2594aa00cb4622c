"""Discord's error answers reach discord.py as the exceptions and codes the bot will handle."""

from __future__ import annotations

import discord
import pytest

from .emulator import EMBED_LINKS, SEND_MESSAGES, VIEW_CHANNEL, Emulator
from .pingbot import PingBot, running_bot


@pytest.mark.parametrize(
    ("revoked", "code"),
    [(SEND_MESSAGES, 50013), (VIEW_CHANNEL, 50001)],
    ids=["missing-permissions", "missing-access"],
)
async def test_a_revoked_permission_raises_forbidden(emulator: Emulator, revoked: int, code: int) -> None:
    channel = emulator.text_channels(emulator.guilds[0])[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        emulator.revoke(channel, revoked)
        # The bot hears about it over the gateway (CHANNEL_UPDATE) like any overwrite change.
        await emulator.wait_until(
            lambda: not _can(bot, channel.id, revoked), what="the overwrite to reach discord.py's cache"
        )
        with pytest.raises(discord.Forbidden) as raised:
            await bot.get_partial_messageable(channel.id).send("hello?")
    assert raised.value.status == 403
    assert raised.value.code == code
    assert emulator.messages(channel) == []


def _can(bot: discord.Client, channel_id: int, permission: int) -> bool:
    channel = bot.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel.permissions_for(channel.guild.me).value & permission == permission


async def test_a_deleted_channel_raises_not_found_unknown_channel(emulator: Emulator) -> None:
    channel = emulator.text_channels(emulator.guilds[0])[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        emulator.delete_channel(channel)
        await emulator.wait_until(lambda: bot.get_channel(channel.id) is None, what="CHANNEL_DELETE")
        with pytest.raises(discord.NotFound) as raised:
            await bot.get_partial_messageable(channel.id).send("anyone?")
    assert (raised.value.status, raised.value.code) == (404, 10003)


async def test_an_unknown_message_raises_not_found(emulator: Emulator) -> None:
    channel = emulator.text_channels(emulator.guilds[0])[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        with pytest.raises(discord.NotFound) as raised:
            await bot.get_partial_messageable(channel.id).fetch_message(1234567890)
    assert raised.value.code == 10008


async def test_a_member_with_closed_dms_cannot_be_messaged(emulator: Emulator) -> None:
    member = emulator.members(emulator.guilds[0])[0]
    emulator.close_dms(member)
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        user = await bot.fetch_user(member)
        with pytest.raises(discord.Forbidden) as raised:
            await user.send("Your review cards are due")
    assert raised.value.code == 50007


async def test_without_embed_links_embeds_are_dropped_or_refused(emulator: Emulator) -> None:
    channel = emulator.text_channels(emulator.guilds[0])[0]
    emulator.revoke(channel, EMBED_LINKS)
    embed = discord.Embed(title="Question 12", description="What does GIL stand for?")
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        target = bot.get_partial_messageable(channel.id)
        with_text = await target.send("Today's question", embed=embed)
        with pytest.raises(discord.Forbidden) as raised:
            await target.send(embed=embed)
    assert with_text.embeds == []
    assert raised.value.code == 50013
    [stored] = emulator.messages(channel)
    assert stored.embeds_suppressed
    assert stored.content == "Today's question"
