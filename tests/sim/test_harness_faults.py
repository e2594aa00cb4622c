"""Faults: a deleted channel, lost permissions, the bot removed from the guild, closed DMs."""

from __future__ import annotations

import io
from datetime import timedelta

import discord
import pytest

from .harness import (
    World,
    advance,
    bot_messages,
    close_dms,
    delete_channel,
    dm_messages,
    invoke,
    remove_bot_from_guild,
    set_bot_permissions,
)
from .spike_bot import SpikeBot, SpikeStore, set_up


async def test_posting_to_a_deleted_channel(
    world: World[SpikeBot], spike: SpikeBot, store: SpikeStore
) -> None:
    await set_up(world)
    qotd_id = world.channels["qotd"].id
    await delete_channel(world, "qotd")
    assert spike.get_channel(qotd_id) is None  # CHANNEL_DELETE reached the bot's cache
    await advance(world, timedelta(hours=9))
    assert store.failures == [(world.guild.id, 10003)]  # discord.NotFound: Unknown Channel


@pytest.mark.parametrize(
    ("permission", "code"),
    [
        ("send_messages", 50013),  # discord.Forbidden: Missing Permissions
        ("view_channel", 50001),  # discord.Forbidden: Missing Access
    ],
)
async def test_posting_after_losing_a_permission(
    world: World[SpikeBot], spike: SpikeBot, store: SpikeStore, permission: str, code: int
) -> None:
    await set_up(world)
    await set_bot_permissions(world, "qotd", discord.PermissionOverwrite(**{permission: False}))
    channel = spike.get_channel(world.channels["qotd"].id)
    assert isinstance(channel, discord.TextChannel)
    assert not getattr(channel.permissions_for(world.bot_member), permission)  # CHANNEL_UPDATE arrived
    await advance(world, timedelta(hours=9))
    assert store.failures == [(world.guild.id, code)]
    assert bot_messages(world, world.channels["qotd"]) == []


async def test_posting_without_create_public_threads(
    world: World[SpikeBot], spike: SpikeBot, store: SpikeStore
) -> None:
    await set_up(world)
    await set_bot_permissions(world, "qotd", discord.PermissionOverwrite(create_public_threads=False))
    await advance(world, timedelta(hours=9))
    # The message went out; the thread did not.
    assert len(bot_messages(world, world.channels["qotd"])) == 1
    assert store.failures == [(world.guild.id, 50013)]
    assert store.posts[1].thread_id is None


async def test_embed_links_and_attach_files_are_not_enforced(world: World[SpikeBot], spike: SpikeBot) -> None:
    """simcord-only parity gap: a send with an embed and a file succeeds without those permissions."""
    await set_bot_permissions(
        world, "qotd", discord.PermissionOverwrite(embed_links=False, attach_files=False)
    )
    channel = spike.get_channel(world.channels["qotd"].id)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send(embed=discord.Embed(title="t"), file=discord.File(io.BytesIO(b"x"), "x.txt"))
    assert sent.embeds
    assert sent.attachments


async def test_bot_removed_from_the_guild(world: World[SpikeBot], spike: SpikeBot, store: SpikeStore) -> None:
    await set_up(world)
    await remove_bot_from_guild(world)
    assert store.removed_guilds == [world.guild.id]  # on_guild_remove ran
    assert spike.get_guild(world.guild.id) is None
    await advance(world, timedelta(hours=9))
    assert store.failures == [(world.guild.id, 10003)]  # its channels are gone with it


async def test_transient_server_error(world: World[SpikeBot], spike: SpikeBot, store: SpikeStore) -> None:
    await set_up(world)
    world.env.inject_error("POST", f"/channels/{world.channels['qotd'].id}/messages", status=500)
    await advance(world, timedelta(days=1, hours=9))
    assert store.failures == [(world.guild.id, 0)]  # discord.DiscordServerError, then...
    assert len(bot_messages(world, world.channels["qotd"])) == 1  # ...the next day's post went out


async def test_dm_to_a_member(world: World[SpikeBot], spike: SpikeBot) -> None:
    alice = world.member("alice")
    reply = await invoke(world, alice, world.channels["general"], "qotd remind")
    assert reply.content == "Sent you a DM."
    assert [m.content for m in dm_messages(world, alice)] == ["Today's question is waiting for you."]


async def test_dm_to_a_member_with_closed_dms(world: World[SpikeBot], spike: SpikeBot) -> None:
    alice = world.member("alice")
    close_dms(world, alice)
    reply = await invoke(world, alice, world.channels["general"], "qotd remind")
    assert reply.ephemeral
    assert reply.content == "I can't DM you (Discord error 50007)."
    assert dm_messages(world, alice) == []
    # Other members are unaffected.
    bob = world.member("bob")
    assert (await invoke(world, bob, world.channels["general"], "qotd remind")).content == "Sent you a DM."
