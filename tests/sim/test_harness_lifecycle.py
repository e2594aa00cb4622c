"""Building the world, starting the bot in it, stopping and restarting it on the same state."""

from __future__ import annotations

from datetime import timedelta

import discord
import pytest
import simcord
from discord import app_commands
from discord.ext import commands

from .harness import (
    MakeWorld,
    World,
    advance,
    bot_messages,
    click,
    invoke,
    last_bot_message,
    restart_bot,
    start_bot,
    stop_bot,
    submit,
)
from .spike_bot import SpikeBot, SpikeStore, first_post, set_up


async def test_world_has_an_admin_plain_members_and_the_bot(world: World[SpikeBot], spike: SpikeBot) -> None:
    general = world.channels["general"]
    assert set(world.channels) == {"general", "qotd"}
    assert [member.name for member in world.members] == ["alice", "bob"]

    # Intents.default() has no members intent: members are not cached, but fetchable.
    guild = spike.get_guild(world.guild.id)
    assert guild is not None
    assert world.admin.member is None
    admin = await guild.fetch_member(world.admin.id)
    alice = await guild.fetch_member(world.member("alice").id)
    assert admin.guild_permissions.manage_guild
    assert not alice.guild_permissions.manage_guild
    # The bot joined with a managed role: everything but Administrator.
    me = world.bot_member
    assert me.id == spike.user.id
    assert world.bot_role.id in [role.id for role in me.roles]
    assert me.guild_permissions.manage_messages
    assert not me.guild_permissions.administrator
    assert spike.get_channel(general.id).permissions_for(me).send_messages


async def test_bot_overwrites_deny_the_bot_per_channel(store: SpikeStore, make_world: MakeWorld) -> None:
    world: World[SpikeBot] = await make_world(
        bot_overwrites={
            "qotd": discord.PermissionOverwrite(embed_links=False, create_public_threads=False),
        }
    )
    bot = await start_bot(world, lambda: SpikeBot(store, world.clock))
    qotd = bot.get_channel(world.channels["qotd"].id)
    assert isinstance(qotd, discord.TextChannel)
    mine = qotd.permissions_for(world.bot_member)
    assert mine.send_messages
    assert not mine.embed_links
    assert not mine.create_public_threads

    reply = await set_up(world)
    assert reply.ephemeral
    assert reply.content == f"I can't post in <#{qotd.id}>: missing embed_links, create_public_threads."
    assert store.schedules == {}


async def test_slash_commands_must_be_synced(store: SpikeStore, make_world: MakeWorld) -> None:
    world: World[SpikeBot] = await make_world()
    await start_bot(world, lambda: SpikeBot(store, world.clock), sync=False)
    with pytest.raises(simcord.SetupError, match=r"never synced"):
        await invoke(world, world.admin, world.channels["general"], "help")
    await world.bot.tree.sync()  # type: ignore[union-attr]
    reply = await invoke(world, world.admin, world.channels["general"], "help")
    assert reply.embeds[0].title == "qotd help"


async def test_an_old_dynamic_button_reaches_the_restarted_bot(
    world: World[SpikeBot], store: SpikeStore
) -> None:
    first = await start_bot(world, lambda: SpikeBot(store, world.clock))
    post = await first_post(world)

    second = await restart_bot(world, lambda: SpikeBot(store, world.clock))
    assert second is not first
    assert world.bot is second
    assert first.is_closed()  # restart_bot ran the old bot's close(): its alarm stopped

    # The message and its component are still there; the new bot answers the click.
    still_there = last_bot_message(world, world.channels["qotd"])
    assert still_there.id == post.id
    alice = world.member("alice")
    shown = await click(world, alice, still_there, custom_id="qotd:answer:1")
    assert shown.modal is not None
    assert shown.modal.title == "Your answer to #1"
    done = await submit(world, alice, shown, {"answer": "It runs callbacks."})
    assert done.content == "Saved your answer to #1 (18 characters)."
    assert store.answers == {(1, alice.id): "It runs callbacks."}

    # Only the new bot's alarm runs: exactly one post the next day.
    await advance(world, timedelta(days=1))
    assert [m.content for m in bot_messages(world, world.channels["qotd"])] == [
        "Question of the day #1 for 2026-01-01",
        "Question of the day #2 for 2026-01-02",
    ]


class _ForgetfulBot(SpikeBot):
    """Forgets to register the DynamicItem in setup_hook."""

    async def setup_hook(self) -> None:
        self.alarm.start()


async def test_an_unregistered_dynamic_button_gets_no_answer(
    world: World[SpikeBot], store: SpikeStore
) -> None:
    await start_bot(world, lambda: SpikeBot(store, world.clock))
    post = await first_post(world)
    await restart_bot(world, lambda: _ForgetfulBot(store, world.clock))
    reply = await click(world, world.member("alice"), post, label="Answer")
    assert not reply.acknowledged  # "This interaction failed" in the member's client
    assert reply.modal is None


async def test_a_guild_created_later_is_available_not_joined(world: World[SpikeBot], spike: SpikeBot) -> None:
    """simcord-only parity gap: its GUILD_CREATE says unavailable=false, so on_guild_join never fires."""
    events: list[tuple[str, int]] = []

    async def on_guild_join(guild: discord.Guild) -> None:
        events.append(("join", guild.id))

    async def on_guild_available(guild: discord.Guild) -> None:
        events.append(("available", guild.id))

    spike.add_listener(on_guild_join)
    spike.add_listener(on_guild_available)
    second = world.env.create_guild("Second")
    await world.env.settle()  # builders do not settle: let the bot's handlers run
    assert events == [("available", second.id)]
    cached = spike.get_guild(second.id)
    assert cached is not None
    assert cached.me is not None


async def test_stop_then_start_again_keeps_the_world(world: World[SpikeBot], store: SpikeStore) -> None:
    await start_bot(world, lambda: SpikeBot(store, world.clock))
    post = await first_post(world)
    await stop_bot(world)
    assert world.bot is not None
    assert world.bot.is_closed()

    await start_bot(world, lambda: SpikeBot(store, world.clock))
    shown = await click(world, world.member("bob"), post, label="Answer")
    assert shown.modal is not None
    assert shown.modal.fields["answer"].default == "My answer: "


async def test_a_bot_error_the_test_did_not_look_at_fails_stop_bot(
    world: World[SpikeBot], store: SpikeStore
) -> None:
    await start_bot(world, lambda: SpikeBot(store, world.clock))
    reply = await invoke(world, world.admin, world.channels["general"], "qotd boom")
    assert not reply.acknowledged  # the member sees "The application did not respond"
    with pytest.raises(ExceptionGroup) as raised:
        await stop_bot(world)
    (error,) = raised.value.exceptions
    assert isinstance(error, discord.app_commands.CommandInvokeError)
    assert str(error.original) == "boom"


async def test_an_inspected_bot_error_does_not_fail_stop_bot(
    world: World[SpikeBot], store: SpikeStore
) -> None:
    await start_bot(world, lambda: SpikeBot(store, world.clock))
    await invoke(world, world.admin, world.channels["general"], "qotd boom")
    simcord.assert_error(world.env, RuntimeError, contains="boom")
    await stop_bot(world)


async def test_commands_synced_to_a_dev_guild(make_world: MakeWorld) -> None:
    dev_guild = 1_300_000_000_000_000_000
    world: World[commands.Bot] = await make_world(guild_id=dev_guild)

    def factory() -> commands.Bot:
        bot = commands.Bot(command_prefix=commands.when_mentioned, intents=discord.Intents.default())

        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong", ephemeral=True)

        command = app_commands.Command(name="ping", description="ping", callback=ping)
        bot.tree.add_command(command, guild=discord.Object(dev_guild))  # like Settings.dev_guild_id
        return bot

    await start_bot(world, factory)
    assert world.guild.id == dev_guild
    reply = await invoke(world, world.member("alice"), world.channels["general"], "ping")
    assert reply.content == "pong"
