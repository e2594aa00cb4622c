"""Slash commands in a group: options of each type, autocomplete, replies of each kind, files."""

from __future__ import annotations

import io

import discord
import pytest
import simcord
from PIL import Image

from .harness import World, choices, invoke
from .spike_bot import SpikeBot, SpikeStore, set_up


async def test_setup_with_every_option_type(
    world: World[SpikeBot], spike: SpikeBot, store: SpikeStore
) -> None:
    ping = world.guild.create_role("Daily")
    reply = await invoke(
        world,
        world.admin,
        world.channels["general"],
        "qotd setup",
        channel=world.channels["qotd"],  # ChannelHandle -> discord.TextChannel
        time="09:30",  # str
        timezone="Europe/Paris",  # str with autocomplete: any string may still be sent
        reveal_after=45,  # int (a Range)
        ping_role=ping,  # RoleHandle -> discord.Role
    )
    assert reply.acknowledged
    assert not reply.deferred
    assert reply.ephemeral
    (embed,) = reply.embeds
    assert embed.title == "Daily question scheduled"
    assert [(f.name, f.value) for f in embed.fields] == [
        ("Time", "09:30 (Europe/Paris)"),
        ("Reveal after", "45 min"),
        ("Ping", ping.mention),
    ]
    schedule = store.schedules[world.guild.id]
    assert (schedule.channel_id, schedule.ping_role_id) == (world.channels["qotd"].id, ping.id)


async def test_optional_options_are_left_out(
    world: World[SpikeBot], spike: SpikeBot, store: SpikeStore
) -> None:
    reply = await set_up(world, time="09:30")
    assert "Reveal after\ndefault min" in reply.text
    assert store.schedules[world.guild.id].ping_role_id is None


async def test_manage_server_is_checked_in_code(
    world: World[SpikeBot], spike: SpikeBot, store: SpikeStore
) -> None:
    reply = await set_up(world, member=world.member("alice"))
    assert reply.ephemeral
    assert reply.content == "You need the Manage Server permission."
    assert store.schedules == {}


async def test_simcord_validates_options_before_the_bot_sees_them(
    world: World[SpikeBot], spike: SpikeBot
) -> None:
    """simcord-only: what Discord's client would refuse raises OptionError in the test."""
    with pytest.raises(simcord.OptionError, match="must be ≥ 1"):
        await set_up(world, reveal_after=0)
    with pytest.raises(simcord.OptionError, match="expects RoleHandle"):
        await set_up(world, ping_role=world.channels["general"])
    with pytest.raises(simcord.OptionError, match="requires option 'timezone'"):
        await invoke(
            world,
            world.admin,
            world.channels["general"],
            "qotd setup",
            channel=world.channels["qotd"],
            time="9",
        )


async def test_timezone_autocomplete(world: World[SpikeBot], spike: SpikeBot) -> None:
    offered = await choices(world, world.admin, world.channels["general"], "qotd setup", "timezone", "paris")
    assert [(c.name, c.value) for c in offered] == [("Europe/Paris", "Europe/Paris")]

    many = await choices(world, world.admin, world.channels["general"], "qotd setup", "timezone", "america/")
    assert len(many) == 25  # Discord's maximum; the bot truncates
    assert all(c.value.startswith("America/") for c in many)


async def test_deferred_reply_then_follow_up(world: World[SpikeBot], spike: SpikeBot) -> None:
    reply = await invoke(world, world.admin, world.channels["general"], "qotd status")
    assert reply.deferred
    assert reply.ephemeral
    assert not reply.pending
    assert reply.callback_types == [5]  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    # The first follow-up completes the deferral: it becomes the response message.
    assert [embed.description for embed in reply.embeds] == ["Not set up."]
    assert all(message.ephemeral for message in reply.messages)


async def test_public_reply_is_in_channel_history(world: World[SpikeBot], spike: SpikeBot) -> None:
    general = world.channels["general"]
    reply = await invoke(world, world.member("bob"), general, "help")
    assert not reply.ephemeral
    assert not reply.deferred
    assert reply.callback_types == [4]
    assert general.last_message is not None
    assert general.last_message.embeds[0].title == "qotd help"
    assert reply.messages[0].message.interaction_metadata is not None


async def test_ephemeral_reply_is_only_visible_to_the_invoker(
    world: World[SpikeBot], spike: SpikeBot
) -> None:
    general = world.channels["general"]
    await invoke(world, world.member("alice"), general, "qotd status")
    assert general.history(viewer=world.member("bob")) == []
    assert len(general.history(viewer=world.member("alice"))) == 1


async def test_attachment_option_is_read_by_the_bot(world: World[SpikeBot], spike: SpikeBot) -> None:
    yaml_file = b"- prompt: What is a closure?\n- prompt: What is the event loop?\n"
    reply = await invoke(
        world, world.admin, world.channels["general"], "qotd upload", file=("bank.yaml", yaml_file)
    )
    assert reply.content == f"Read 2 questions from bank.yaml ({len(yaml_file)} bytes)."

    markdown = b"# Node\n## What is libuv?\ntext\n## What is a stream?\n"
    reply = await invoke(
        world, world.admin, world.channels["general"], "qotd upload", file=("deep.md", markdown)
    )
    assert reply.content == f"Read 2 questions from deep.md ({len(markdown)} bytes)."


async def test_png_reply_can_be_opened(world: World[SpikeBot], spike: SpikeBot) -> None:
    reply = await invoke(world, world.admin, world.channels["general"], "qotd chart")
    assert reply.deferred
    assert not reply.ephemeral
    (attachment,) = reply.files
    assert attachment.filename == "chart.png"
    png = await attachment.read()  # served by simcord's fake CDN
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (100, 50)


async def test_unhandled_error_is_captured(world: World[SpikeBot], spike: SpikeBot) -> None:
    reply = await invoke(world, world.admin, world.channels["general"], "qotd boom")
    assert not reply.acknowledged
    assert reply.messages == []
    error = simcord.assert_error(world.env, discord.app_commands.CommandInvokeError, contains="boom")
    assert isinstance(error, discord.app_commands.CommandInvokeError)
    assert isinstance(error.original, RuntimeError)
