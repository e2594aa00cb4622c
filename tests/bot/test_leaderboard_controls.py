"""One leaderboard message, switched by pressing: period buttons, topic and role menus, pages.

The member who asked changes their board in place, as often as they like (no
"Slow down"); anyone else pressing gets a private copy of their own; the
caller's row is always on the board, on the page or added below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import discord
import pytest
import simcord

from bot.domain.questions import Kind
from bot.services.members import MemberRef
from tests.sim.harness import Reply, advance_to, click, select

from .conftest import MakeQotd, Qotd, only_kind
from .test_leaderboards import Day, board, channel_message, labels, marked, order, post_question

PERIODS = ["Today", "This week", "This month", "All time"]


@pytest.fixture
def mcq_bank(full_bank):
    return only_kind(full_bank, Kind.MCQ)


def boards_in(q: Qotd) -> list[discord.Message]:
    return [m for m in q.general.history() if m.embeds and "Leaderboard" in (m.embeds[0].title or "")]


def menu(message: discord.Message, kind: discord.ComponentType) -> str:
    """The custom_id of the message's select menu of that kind."""
    return next(
        child.custom_id or ""
        for row in message.components
        for child in getattr(row, "children", [])
        if child.type is kind
    )


def option(message: discord.Message, label: str) -> str:
    """The value of the topic menu's option a member reads as ``label``."""
    (found,) = [
        o.value
        for row in message.components
        for child in getattr(row, "children", [])
        for o in getattr(child, "options", [])
        if o.label == label
    ]
    return found


async def answered(
    q: Qotd, day: Day, right: Sequence[simcord.MemberActor], wrong: Sequence[simcord.MemberActor] = ()
) -> None:
    """Members' letters go in through the answers service; time runs past the reveal, which scores them."""
    for member in right:
        await q.services.answers.submit(day.post_id, MemberRef(q.world.guild.id, member.id), choice=day.right)
    for member in wrong:
        await q.services.answers.submit(day.post_id, MemberRef(q.world.guild.id, member.id), choice=day.wrong)
    await advance_to(q.world, day.reveal_at + timedelta(minutes=1))


async def test_the_asker_switches_period_topic_and_role_in_place_without_a_cooldown(
    make_qotd: MakeQotd, mcq_bank
):
    q = await make_qotd(bank=mcq_bank, clock_start=datetime(2026, 1, 6, 8, 50, tzinfo=UTC))
    alice, bob, carol = (q.world.member(n) for n in ("alice", "bob", "carol"))
    backend = q.world.guild.create_role("Backend")
    dana = q.world.guild.add_member(q.world.env.create_user("dana"), roles=[backend])
    people = (alice, bob, carol, dana)
    tuesday = await post_question(q, datetime(2026, 1, 6, 9, 0, tzinfo=UTC), timedelta(minutes=5))
    await answered(q, tuesday, right=[carol])
    wednesday = await post_question(q, datetime(2026, 1, 7, 9, 0, tzinfo=UTC), timedelta(minutes=5))
    await click(q.world, dana, wednesday.post, label=wednesday.right)  # Dana's role comes with her press
    await answered(q, wednesday, right=[alice], wrong=[bob])

    asked = await board(q, bob)  # this week: carol 11, alice 11, bob 1, dana 11
    message = channel_message(q, asked.messages[0].id)
    assert labels(message)[:4] == PERIODS
    assert "**1** pts · 1 answer · 0/1 right" in asked.text  # what the points come from
    assert "pts: 10 for a right letter" in asked.embeds[0].footer.text

    today = await click(q.world, bob, message, label="Today")
    assert not today.ephemeral
    message = channel_message(q, message.id)
    assert message.embeds[0].title.startswith("🏆 Leaderboard · Today (Wed 7 Jan)")
    assert order(Reply(today.raw), *people) == ["alice", "dana", "bob"]
    assert marked(Reply(today.raw), bob)

    every = await click(q.world, bob, message, label="All time")
    message = channel_message(q, message.id)
    assert message.embeds[0].title == "🏆 Leaderboard · All time"
    assert order(Reply(every.raw), *people) == ["carol", "alice", "dana", "bob"]

    topic = wednesday.question.topic
    title = q.bot.services.bank.topic_title(topic)
    number = next(t.number for t in q.services.bank.topics if t.id == topic)
    picked = option(message, f"{number}. {title}")
    narrowed = await select(
        q.world, bob, message, [picked], custom_id=menu(message, discord.ComponentType.select)
    )
    message = channel_message(q, message.id)
    assert f"Topic: **{title}**" in message.embeds[0].description
    expected = (
        ["carol", "alice", "dana", "bob"] if tuesday.question.topic == topic else ["alice", "dana", "bob"]
    )
    assert order(Reply(narrowed.raw), *people) == expected
    assert message.embeds[0].title == "🏆 Leaderboard · All time"  # the period stays as chosen

    roles = menu(message, discord.ComponentType.role_select)
    by_role = await select(q.world, bob, message, [backend], custom_id=roles)
    message = channel_message(q, message.id)
    assert f"Role: <@&{backend.id}>" in message.embeds[0].description
    assert f"Topic: **{title}**" in message.embeds[0].description  # the topic stays as chosen
    assert order(Reply(by_role.raw), *people) == ["dana"]
    assert marked(Reply(by_role.raw), bob)  # not on this board, still shown
    assert f"📍 <@{bob.id}> has no points on this board yet." in message.embeds[0].description

    everyone = await select(
        q.world, bob, message, [], custom_id=menu(message, discord.ComponentType.role_select)
    )
    assert "Role:" not in Reply(everyone.raw).text
    message = channel_message(q, message.id)
    await select(
        q.world,
        bob,
        message,
        [option(message, "All topics")],
        custom_id=menu(message, discord.ComponentType.select),
    )
    message = channel_message(q, message.id)
    assert "Topic:" not in (message.embeds[0].description or "")

    for label in PERIODS * 3:  # a dozen presses at once: never a cooldown
        pressed = await click(q.world, bob, channel_message(q, message.id), label=label)
        assert "Slow down" not in Reply(pressed.raw).text
        assert not pressed.ephemeral
    assert channel_message(q, message.id).embeds[0].title == "🏆 Leaderboard · All time"
    assert len(boards_in(q)) == 1  # all of it in the one message
    q.check_every_message()


async def test_someone_else_pressing_gets_a_private_copy_the_board_stays(make_qotd: MakeQotd, mcq_bank):
    names = tuple(f"member{i:02d}" for i in range(12))
    q = await make_qotd(bank=mcq_bank, members=names, clock_start=datetime(2026, 1, 6, 8, 50, tzinfo=UTC))
    crowd = [q.world.member(n) for n in names]
    asker, other = crowd[0], crowd[-1]
    day = await post_question(q, datetime(2026, 1, 6, 9, 0, tzinfo=UTC), timedelta(minutes=5))
    await answered(q, day, right=crowd[:-1], wrong=[other])  # the other member is last, off page 1

    asked = await board(q, asker)
    message = channel_message(q, asked.messages[0].id)
    copy = await click(q.world, other, message, label="All time")
    assert copy.ephemeral
    assert "Your own copy of this board" in copy.text
    assert "All time" in copy.embeds[0].title
    _, below = copy.embeds[0].description.split("⋯")  # their row, off the page, added below it
    assert f"<@{other.id}>" in below
    assert marked(copy, other)
    stays = channel_message(q, message.id)
    assert stays.embeds[0].title.startswith("🏆 Leaderboard · This week")  # the asker's board is as it was
    assert marked(Reply(asked.raw), asker)

    # The copy's own controls change the copy in place.
    (mine,) = copy.messages
    paged = await click(q.world, other, mine, label="Next ▶")
    assert paged.messages[0].id == mine.id  # the same private message, edited
    assert paged.embeds[0].footer.text.startswith("Page 2 of 2")
    today = await click(q.world, other, paged.messages[0], label="Today")
    assert today.messages[0].id == mine.id
    assert today.embeds[0].title.startswith("🏆 Leaderboard · Today")
    assert channel_message(q, message.id).embeds[0].title.startswith("🏆 Leaderboard · This week")
    assert len(boards_in(q)) == 1
    q.check_every_message()
