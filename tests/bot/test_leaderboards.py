"""Leaderboards, ranks, streaks, stats and topics as members see them, on the server's own calendar.

Points come from real daily questions (multiple choice, answered with the
letter buttons) revealed and scored by the running bot; where many members
need points, their answers go in through the answers service.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import discord
import pytest
import simcord
from PIL import Image
from simcord.actors import _component_interaction

from bot.domain.questions import Kind, Question
from bot.domain.ranking import ORDERING_RULE
from bot.domain.review import Recall
from bot.exts.leaderboards.components import PRESSES_PER_MEMBER
from bot.services.members import MemberRef
from tests.sim.harness import MessageLike, Reply, advance, advance_to, choices, click, invoke

from .conftest import MakeQotd, Qotd, only_kind
from .test_daily import posted_question

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def mcq_bank(full_bank):
    return only_kind(full_bank, Kind.MCQ)


@dataclass(frozen=True)
class Day:
    """A posted daily question, its right letter and a wrong one, and when it is revealed."""

    question: Question
    post: discord.Message
    post_id: int
    right: str
    wrong: str
    reveal_at: datetime


async def post_question(q: Qotd, post_at: datetime, reveal_after: timedelta) -> Day:
    """An admin schedules the question for ``post_at`` (in its zone); time runs until it is posted."""
    reply = await invoke(
        q.world,
        q.world.admin,
        q.general,
        "qotd setup",
        channel=q.qotd_channel,
        time=f"{post_at:%H:%M}",
        timezone=str(post_at.tzinfo),
        reveal_after=f"{reveal_after.total_seconds() // 60:.0f}m",
    )
    assert "All set" in reply.text, reply.text
    await advance_to(q.world, post_at + timedelta(minutes=1))
    question, summary = await posted_question(q)
    wrong = next(c.key for c in question.choices if c.key != question.correct_choice)
    return Day(
        question, q.posts()[-1], summary.post_id, question.correct_choice, wrong, post_at + reveal_after
    )


async def answer_and_reveal(q: Qotd, day: Day, *, right=(), wrong=()) -> None:
    """Members press the right or a wrong letter; time runs past the reveal, which scores them."""
    for member in right:
        await click(q.world, member, day.post, label=day.right)
    for member in wrong:
        await click(q.world, member, day.post, label=day.wrong)
    await advance_to(q.world, day.reveal_at + timedelta(minutes=1))


async def board(q: Qotd, member: simcord.MemberActor, **options) -> Reply:
    reply = await invoke(q.world, member, q.general, "leaderboard", **options)
    assert not reply.ephemeral, reply.text  # a board is posted for the channel to see
    return reply


def order(reply: Reply, *members: simcord.MemberActor) -> list[str]:
    """The given members in the order the ranked lines (`#n` @name …) list them; unranked ones left out."""
    ranked = [line for line in reply.embeds[0].description.splitlines() if "`#" in line]
    by_mention = {f"<@{m.id}>": m.name for m in members}
    return [by_mention[word] for line in ranked for word in line.split() if word in by_mention]


def marked(reply: Reply, member: simcord.MemberActor) -> bool:
    return any(
        line.startswith("📍") and f"<@{member.id}>" in line
        for line in reply.embeds[0].description.splitlines()
    )


def channel_message(q: Qotd, message_id: int) -> discord.Message:
    return next(m for m in q.general.history() if m.id == message_id)


def button(message: MessageLike, label: str) -> discord.ui.Button:
    return next(b for b in buttons(message) if b.label == label)


def buttons(message: MessageLike) -> list[discord.ui.Button]:
    """The buttons of a channel message or of a private reply, in order."""
    rows = (
        [row.to_dict() for row in message.components]
        if isinstance(message, discord.Message)
        else message.components
    )
    return [
        discord.ui.Button(
            label=c.get("label"), custom_id=c.get("custom_id"), disabled=c.get("disabled", False)
        )
        for row in rows
        for c in row["components"]
        if c["type"] == discord.ComponentType.button.value
    ]


def labels(message: MessageLike) -> list[str]:
    return [b.label or "" for b in buttons(message)]


async def test_the_week_starts_at_monday_midnight_in_the_servers_zone(make_qotd: MakeQotd, mcq_bank):
    # Sunday 4 January 2026, 22:50 in Los Angeles (06:50 UTC on Monday).
    q = await make_qotd(bank=mcq_bank, clock_start=datetime(2026, 1, 4, 22, 50, tzinfo=LA))
    alice, bob, carol = (q.world.member(n) for n in ("alice", "bob", "carol"))
    sunday = await post_question(q, datetime(2026, 1, 4, 23, 0, tzinfo=LA), timedelta(minutes=30))
    await answer_and_reveal(q, sunday, right=[carol])  # revealed and scored at 23:30 on Sunday

    sunday_board = await board(q, alice, period="day")
    assert "Today (Sun 4 Jan)" in sunday_board.embeds[0].title
    assert order(sunday_board, alice, bob, carol) == ["carol"]
    assert f"<@{alice.id}> has no points on this board yet" in sunday_board.text

    # Monday's question comes right after midnight and is revealed at 00:30 (08:30 UTC, the same UTC day).
    monday = await post_question(q, datetime(2026, 1, 5, 0, 0, tzinfo=LA), timedelta(minutes=30))
    assert monday.post_id != sunday.post_id
    await answer_and_reveal(q, monday, right=[alice])

    week = await board(q, bob)  # this week is the default
    assert "This week (Mon 5 Jan – Sun 11 Jan)" in week.embeds[0].title
    assert order(week, alice, bob, carol) == ["alice"]
    day = await board(q, carol, period="day")
    assert "Today (Mon 5 Jan)" in day.embeds[0].title
    assert order(day, alice, bob, carol) == ["alice"]
    month = await board(q, q.world.admin, period="month")
    assert "January 2026" in month.embeds[0].title
    assert order(month, alice, bob, carol) == ["carol", "alice"]

    # Both have 11 points: carol got there first, so she ranks first although alice joined earlier.
    everyone = await board(q, alice, period="all")
    assert order(everyone, alice, bob, carol) == ["carol", "alice"]
    assert everyone.embeds[0].description.count("**11** pts · 1 answer · 1/1 right") == 2
    assert ORDERING_RULE in everyone.embeds[0].footer.text
    assert marked(everyone, alice)
    assert not marked(everyone, carol)

    q.check_every_message()


async def test_an_empty_board_says_so_and_each_member_waits_between_boards(make_qotd: MakeQotd, mcq_bank):
    q = await make_qotd(bank=mcq_bank)
    alice, bob = q.world.member("alice"), q.world.member("bob")
    first = await board(q, alice)
    assert "Nobody has points this week yet" in first.text
    assert labels(first.messages[0]) == ["Today", "This week", "This month", "All time"]  # no pages

    again = await invoke(q.world, alice, q.general, "leaderboard")
    assert again.ephemeral
    assert "Slow down" in again.text
    await board(q, bob)  # the wait is per member
    await advance(q.world, timedelta(seconds=31))
    await board(q, alice)
    assert len([m for m in q.general.history() if m.embeds and "Leaderboard" in m.embeds[0].title]) == 3
    q.check_every_message()


async def test_pages_keep_the_callers_row_and_survive_a_restart_and_role_boards(
    make_qotd: MakeQotd, mcq_bank
):
    names = tuple(f"member{i:02d}" for i in range(12))
    q = await make_qotd(bank=mcq_bank, members=names, clock_start=datetime(2026, 1, 6, 8, 50, tzinfo=UTC))
    backend = q.world.guild.create_role("Backend")
    dana = q.world.guild.add_member(q.world.env.create_user("dana"), roles=[backend])
    erin = q.world.guild.add_member(q.world.env.create_user("erin"), roles=[backend])
    crowd = [q.world.member(n) for n in names]
    caller = crowd[-1]
    day = await post_question(q, datetime(2026, 1, 6, 9, 0, tzinfo=UTC), timedelta(minutes=5))
    question = day.question
    for member in crowd:  # eleven right answers, the caller's wrong: 11 points each, 1 for the caller
        letter = day.wrong if member is caller else day.right
        await q.services.answers.submit(day.post_id, MemberRef(q.world.guild.id, member.id), choice=letter)
    # Dana's and Erin's roles come with their interactions.
    await answer_and_reveal(q, day, right=[dana], wrong=[erin])

    first = await board(q, caller, period="all")
    _, below = first.embeds[0].description.split("⋯")  # the caller is not on page 1: added below it
    assert order(first, *crowd, dana, erin) == [m.name for m in crowd[:10]] + [caller.name]
    assert f"<@{caller.id}>" in below
    assert marked(first, caller)
    assert "`#13`" in first.embeds[0].description
    assert first.embeds[0].footer.text.startswith("Page 1 of 2 · 14 members")
    message = channel_message(q, first.messages[0].id)
    assert button(message, "◀ Previous").disabled

    paged = await click(q.world, caller, message, label="Next ▶")  # the caller's board pages in place
    assert not paged.ephemeral
    message = channel_message(q, message.id)
    assert message.embeds[0].footer.text.startswith("Page 2 of 2")
    assert order(Reply(paged.raw), *crowd, dana, erin) == ["member10", "dana", caller.name, "erin"]
    assert marked(Reply(paged.raw), caller)
    assert button(message, "Next ▶").disabled

    copy = await click(q.world, dana, message, label="◀ Previous")  # someone else: their own copy
    assert copy.ephemeral
    assert marked(copy, dana)
    assert not marked(copy, caller)
    assert channel_message(q, message.id).embeds[0].footer.text.startswith("Page 2 of 2")  # untouched

    await q.restart()
    back = await click(q.world, caller, message, label="◀ Previous")
    assert back.acknowledged
    message = channel_message(q, message.id)
    assert message.embeds[0].footer.text.startswith("Page 1 of 2")
    assert f"<@{crowd[0].id}>" in message.embeds[0].description

    role_board = await board(q, dana, period="all", role=backend)
    assert order(role_board, *crowd, dana, erin) == ["dana", "erin"]
    assert f"<@&{backend.id}>" in role_board.text
    assert role_board.embeds[0].footer.text.startswith("Page 1 of 1 · 2 members")
    assert "Next ▶" not in labels(role_board.messages[0])  # one page: no page buttons

    offered = await choices(q.world, erin, q.general, "leaderboard", "topic", question.topic[:6])
    assert question.topic in [c.value for c in offered]
    by_topic = await board(q, erin, period="all", topic=question.topic)
    assert by_topic.embeds[0].footer.text.startswith("Page 1 of 2 · 14 members")
    other = next(t for t in q.services.bank.topics if t.id != question.topic)
    empty = await board(q, crowd[0], period="all", topic=other.id)
    assert f"Topic: **{other.title}**" in empty.text
    assert "Nobody on this board has points yet" in empty.text
    unknown = await invoke(q.world, crowd[1], q.general, "leaderboard", topic="basket weaving")
    assert unknown.ephemeral
    assert "There is no topic" in unknown.text
    q.check_every_message()


async def test_rank_streak_stats_and_topics(make_qotd: MakeQotd, mcq_bank):
    # Two questions either side of midnight (UTC): Wednesday 7 and Thursday 8 January.
    q = await make_qotd(bank=mcq_bank, clock_start=datetime(2026, 1, 7, 23, 40, tzinfo=UTC))
    alice, bob, carol = (q.world.member(n) for n in ("alice", "bob", "carol"))
    wednesday = await post_question(q, datetime(2026, 1, 7, 23, 50, tzinfo=UTC), timedelta(minutes=5))
    await answer_and_reveal(q, wednesday, right=[alice, carol], wrong=[bob])
    thursday = await post_question(q, datetime(2026, 1, 8, 0, 5, tzinfo=UTC), timedelta(minutes=5))
    await answer_and_reveal(q, thursday, right=[alice, bob])
    first, second = wednesday.question, thursday.question
    # alice 11 + 12 (a two-day streak adds one) = 23; bob 1 + 12 = 13; carol 11.

    mine = await invoke(q.world, bob, q.general, "rank")
    assert mine.ephemeral
    assert "You are **#2** of 3 with **13** points" in mine.text
    assert order(mine, alice, bob, carol) == ["alice", "bob", "carol"]
    assert marked(mine, bob)
    hers = await invoke(q.world, alice, q.general, "rank", member=carol)
    assert hers.ephemeral
    assert f"<@{carol.id}> is **#3** of 3" in hers.text
    nobody = await invoke(q.world, q.world.admin, q.general, "rank")
    assert "You have no points yet" in nobody.text

    streak = await invoke(q.world, alice, q.general, "streak")
    assert streak.ephemeral
    assert "Current streak: **2 days**" in streak.text
    assert "Best streak: **2 days**" in streak.text
    carols = await invoke(q.world, bob, q.general, "streak", member=carol)
    assert "Current streak: **1 day**" in carols.text  # answered yesterday: still alive today
    assert "Wed 7 Jan 2026" in carols.text

    stats = await invoke(q.world, alice, q.general, "stats")
    assert stats.deferred
    assert stats.ephemeral
    assert not stats.pending
    points_png, topics_png = stats.files
    for attachment in (points_png, topics_png):
        with Image.open(io.BytesIO(await attachment.read())) as image:
            assert image.format == "PNG"
            assert image.getpixel((0, 0))[:3] == (0x2B, 0x2D, 0x31)  # a dark card, not white
    figures, by_topic = stats.embeds
    assert figures.image.url == f"attachment://{points_png.filename}"
    assert by_topic.image.url == f"attachment://{topics_png.filename}"
    assert by_topic.title == "Accuracy by topic"
    assert "**23** points · 2 answers · 2/2 right · rank **#1** of 3" in stats.text
    assert "**23** points on 2 of 30 days" in stats.text
    assert "Best days: Thu 8 Jan 2026 (12), Wed 7 Jan 2026 (11)" in stats.text
    for topic in {first.topic, second.topic}:
        answered = [first.topic, second.topic].count(topic)
        assert f"{q.bot.services.bank.topic_title(topic)}: {answered}/{answered} right" in stats.text
    empty = await invoke(q.world, q.world.admin, q.general, "stats")
    assert empty.files == []
    assert "No answers yet." in empty.text

    await q.services.reviews.record(MemberRef(q.world.guild.id, alice.id), first.id, Recall.GOOD)
    topics = await invoke(q.world, alice, q.general, "topics")
    assert topics.ephemeral
    for topic in q.services.bank.topics:
        count = sum(1 for x in q.services.bank.questions if x.topic == topic.id)
        cards = "your cards: 1 (0 learnt)" if topic.id == first.topic else "no review cards yet"
        assert (
            f"**{topic.number}. {topic.title}**\n{count} question{'' if count == 1 else 's'} · {cards}"
            in (topics.text)
        )
    q.check_every_message()


def page_lines(message: discord.Message) -> list[str]:
    """A board's ranked lines on the page (the caller's own line added below ⋯ left out)."""
    return [line for line in message.embeds[0].description.split("⋯")[0].splitlines() if "`#" in line]


def ranks(message: discord.Message) -> list[int]:
    return [int(line.split("`#")[1].split("`")[0]) for line in page_lines(message)]


def names_on(message: discord.Message, members: list[simcord.MemberActor]) -> list[str]:
    by_mention = {f"<@{m.id}>": m.name for m in members}
    return [by_mention[word] for line in page_lines(message) for word in line.split() if word in by_mention]


async def test_pages_by_key_show_everyone_once_both_ways_under_a_flood_guard(make_qotd: MakeQotd, mcq_bank):
    names = tuple(f"member{i:02d}" for i in range(24))
    q = await make_qotd(bank=mcq_bank, members=names, clock_start=datetime(2026, 1, 6, 8, 50, tzinfo=UTC))
    crowd = [q.world.member(n) for n in names]
    day = await post_question(q, datetime(2026, 1, 6, 9, 0, tzinfo=UTC), timedelta(minutes=5))
    for i, member in enumerate(crowd):  # two scores; within each, all reached at the reveal: ties
        letter = day.right if i % 2 else day.wrong
        await q.services.answers.submit(day.post_id, MemberRef(q.world.guild.id, member.id), choice=letter)
    await advance_to(q.world, day.reveal_at + timedelta(minutes=1))

    first = await board(q, crowd[0], period="all")
    message = channel_message(q, first.messages[0].id)
    assert all(len(b.custom_id) <= 100 for b in discord.ui.View.from_message(message).children)
    pages, seen = [], []
    for label in ("Next ▶", "Next ▶", "◀ Previous", "◀ Previous"):
        pages.append((message.embeds[0].footer.text.split(" · ")[0], ranks(message)))
        seen.append(names_on(message, crowd))
        paged = await click(q.world, crowd[0], message, label=label)
        assert not paged.ephemeral
        message = channel_message(q, message.id)
    pages.append((message.embeds[0].footer.text.split(" · ")[0], ranks(message)))
    seen.append(names_on(message, crowd))

    assert [p for p, _ in pages] == [
        "Page 1 of 3",
        "Page 2 of 3",
        "Page 3 of 3",
        "Page 2 of 3",
        "Page 1 of 3",
    ]
    assert pages[0][1] + pages[1][1] + pages[2][1] == list(range(1, 25))
    forward = seen[0] + seen[1] + seen[2]
    assert sorted(forward) == sorted(names)  # everyone once
    assert forward[:12] == [n for i, n in enumerate(names) if i % 2]  # right answers first, by member id
    assert (seen[3], seen[4]) == (seen[1], seen[0])  # back the same way
    assert button(message, "◀ Previous").disabled

    # Four presses so far, all in the same instant; nobody pressing by hand meets the flood guard.
    def onwards(message: discord.Message) -> str:
        return "◀ Previous" if button(message, "Next ▶").disabled else "Next ▶"

    for _ in range(PRESSES_PER_MEMBER - 4):
        pressed = await click(q.world, crowd[0], message, label=onwards(message))
        assert "Slow down" not in Reply(pressed.raw).text
        message = channel_message(q, message.id)
    shown = message.embeds[0].footer.text
    refused = await click(q.world, crowd[0], message, label=onwards(message))
    assert refused.ephemeral
    assert "Slow down a little: you can use that again in" in refused.text
    assert channel_message(q, message.id).embeds[0].footer.text == shown
    q.check_every_message()


async def test_a_button_of_a_board_posted_before_keys_opens_its_first_page(make_qotd: MakeQotd, mcq_bank):
    names = tuple(f"member{i:02d}" for i in range(12))
    q = await make_qotd(bank=mcq_bank, members=names, clock_start=datetime(2026, 1, 6, 8, 50, tzinfo=UTC))
    crowd = [q.world.member(n) for n in names]
    day = await post_question(q, datetime(2026, 1, 6, 9, 0, tzinfo=UTC), timedelta(minutes=5))
    for member in crowd:
        await q.services.answers.submit(day.post_id, MemberRef(q.world.guild.id, member.id), choice=day.right)
    await advance_to(q.world, day.reveal_at + timedelta(minutes=1))
    first = await board(q, crowd[0], period="all")
    stored = q.world.env.backend.get_message(first.messages[0].channel_id, first.messages[0].id)

    old = f"lb:n:a:1:{crowd[0].id}::"  # page 2 of the all-time board, as the buttons used to say
    pressed = await _component_interaction(crowd[3], stored, {"custom_id": old, "component_type": 2})
    assert pressed is not None
    message = channel_message(q, first.messages[0].id)
    assert message.embeds[0].footer.text.startswith("Page 1 of 2")


async def test_stats_is_under_a_per_member_cooldown(make_qotd: MakeQotd):
    q = await make_qotd()
    alice, bob = q.world.member("alice"), q.world.member("bob")
    for _ in range(2):
        assert "Slow down" not in (await invoke(q.world, alice, q.general, "stats")).text
    refused = await invoke(q.world, alice, q.general, "stats")
    assert refused.ephemeral
    assert "Slow down a little: you can use that again in" in refused.text
    assert "Slow down" not in (await invoke(q.world, bob, q.general, "stats")).text
    await advance(q.world, timedelta(seconds=61))
    assert "Slow down" not in (await invoke(q.world, alice, q.general, "stats")).text
