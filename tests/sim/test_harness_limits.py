"""Discord's limits and mentions: what simcord enforces, and the harness's own checks."""

from __future__ import annotations

import discord
import pytest

from .harness import World, assert_no_pings, assert_within_discord_limits, invoke
from .spike_bot import AnswerButton, AnswerModal, SpikeBot, SpikeStore


async def _general(world: World[SpikeBot], bot: SpikeBot) -> discord.TextChannel:
    channel = bot.get_channel(world.channels["general"].id)
    assert isinstance(channel, discord.TextChannel)
    return channel


@pytest.mark.parametrize(
    ("kwargs", "detail"),
    [
        ({"content": "x" * 2001}, "2000 or fewer"),
        ({"embed": discord.Embed(title="t" * 257)}, "title: Must be 256"),
        ({"embed": discord.Embed(description="d" * 4097)}, "description: Must be 4096"),
        ({"embeds": [discord.Embed(description="d" * 4000), discord.Embed(description="d" * 2001)]}, "6000"),
    ],
)
async def test_simcord_rejects_oversized_sends(
    world: World[SpikeBot], spike: SpikeBot, kwargs: dict[str, object], detail: str
) -> None:
    """simcord-only: Discord's 400 Invalid Form Body (50035), before anything is stored."""
    channel = await _general(world, spike)
    with pytest.raises(discord.HTTPException) as raised:
        await channel.send(**kwargs)  # type: ignore[call-overload]
    assert (raised.value.status, raised.value.code) == (400, 50035)
    assert detail in raised.value.text
    assert world.channels["general"].history() == []


async def test_simcord_rejects_a_long_custom_id(world: World[SpikeBot], spike: SpikeBot) -> None:
    """simcord-only: component limits are checked too (custom_id <= 100)."""
    channel = await _general(world, spike)
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="x", custom_id="c" * 101))
    with pytest.raises(discord.HTTPException, match="100 or fewer"):
        await channel.send("hi", view=view)


async def test_default_allowed_mentions_ping_everyone_mentioned(
    world: World[SpikeBot], spike: SpikeBot
) -> None:
    """Without the bot-wide AllowedMentions.none(), a mention in content really pings."""
    channel = await _general(world, spike)
    alice = world.member("alice")
    pinging = await channel.send(f"hi {alice.mention}", allowed_mentions=discord.AllowedMentions.all())
    with pytest.raises(AssertionError, match=rf"parses user mentions.*pinged users=\[{alice.id}\]"):
        assert_no_pings(world, pinging)

    quiet = await channel.send(f"hi {alice.mention}")  # the spike bot's default: none()
    assert_no_pings(world, quiet)
    assert [user.id for user in quiet.mentions] == [alice.id]  # still *mentioned*, just not pinged


async def test_interaction_replies_follow_the_bot_default(world: World[SpikeBot], spike: SpikeBot) -> None:
    reply = await invoke(world, world.admin, world.channels["general"], "help")
    assert_no_pings(world, reply.messages[0])


def test_limits_accept_what_the_bot_renders() -> None:
    store = SpikeStore()
    view = discord.ui.View(timeout=None)
    view.add_item(AnswerButton(123456789))
    assert_within_discord_limits(view)
    assert_within_discord_limits(AnswerModal(store, 1, previous="x" * 4000))
    full = discord.Embed(title="t" * 256, description="d" * 4096)
    assert_within_discord_limits(full)
    assert_within_discord_limits("c" * 2000)


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ("c" * 2001, "content has 2001 characters (max 2000)"),
        (discord.Embed(title="t" * 257), "embed 0 title has 257 characters (max 256)"),
        ([discord.Embed()] * 11, "11 embeds (max 10)"),
        (
            discord.Embed().add_field(name="n", value="v" * 1025),
            "field 0 value has 1025 characters (max 1024)",
        ),
        (discord.Embed().set_footer(text="f" * 2049), "footer has 2049 characters (max 2048)"),
        (discord.Embed().set_author(name="a" * 257), "author has 257 characters (max 256)"),
        ([discord.Embed(description="d" * 4000)] * 2, "embeds total 8000 characters (max 6000)"),
    ],
)
def test_limits_report_what_discord_would_refuse(item: object, problem: str) -> None:
    with pytest.raises(AssertionError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        assert_within_discord_limits(item)  # type: ignore[arg-type]


def test_limits_check_components_and_modals() -> None:
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="l" * 81, custom_id="c" * 101))
    with pytest.raises(AssertionError) as raised:
        assert_within_discord_limits(view)
    assert "has 101 characters (max 100)" in str(raised.value)
    assert "has 81 characters (max 80)" in str(raised.value)

    modal = discord.ui.Modal(title="t" * 46)
    modal.add_item(discord.ui.TextInput(label="answer", default="d" * 4001))
    with pytest.raises(AssertionError) as raised:
        assert_within_discord_limits(modal)
    assert "modal title has 46 characters (max 45)" in str(raised.value)
    assert "default has 4001 characters (max 4000)" in str(raised.value)


def test_limits_read_label_wrapped_inputs() -> None:
    modal = discord.ui.Modal(title="Answer")
    modal.add_item(discord.ui.Label(text="L" * 46, component=discord.ui.TextInput(custom_id="answer")))
    with pytest.raises(AssertionError, match=r"input 'answer' label has 46 characters \(max 45\)"):
        assert_within_discord_limits(modal)
