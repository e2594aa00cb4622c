"""Private practice, reviews of due cards, the daily review DM and /question, as members use them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord
import pytest
import simcord

from bot.domain.questions import Kind, Question
from bot.domain.review import Recall
from bot.exts.shared.formatting import ts
from bot.services.members import MemberRef
from tests.sim.harness import (
    Reply,
    advance,
    assert_no_pings,
    bot_messages,
    choices,
    click,
    close_dms,
    dm_messages,
    invoke,
)

from .conftest import MakeQotd, Qotd, subset

LONG_ANSWER = "guide2026-afbbca"  # an answer of three pages


def buttons(message: simcord.ResponseMessage | discord.Message) -> dict[str, bool]:
    """The message's buttons: label -> disabled."""
    msg = message.message if isinstance(message, simcord.ResponseMessage) else message
    view = discord.ui.View.from_message(msg)
    return {item.label: item.disabled for item in view.children if isinstance(item, discord.ui.Button)}


def shown(q: Qotd, reply: Reply) -> Question:
    """The one question whose prompt the reply shows."""
    (question,) = [x for x in q.services.bank.questions if x.prompt[:80] in reply.text]
    return question


def ref(q: Qotd, member: simcord.MemberActor) -> MemberRef:
    return MemberRef(q.world.guild.id, member.id)


@pytest.fixture
def two_open(full_bank):
    ids = [x.id for x in full_bank.questions if x.kind is Kind.OPEN][:2]
    return subset(full_bank, lambda x: x.id in ids)


async def test_practice_rates_recall_and_moves_on_in_place(make_qotd: MakeQotd, two_open):
    q = await make_qotd(bank=two_open)
    alice = q.world.member("alice")

    started = await invoke(q.world, alice, q.general, "practice")
    assert started.ephemeral
    assert "Practice · question 1" in started.text
    first = shown(q, started)
    assert first.full_answer[:80] not in started.text  # the answer waits for the button
    assert buttons(started.messages[0]) == {"Show answer": False}

    answer = await click(q.world, alice, started.messages[0], label="Show answer")
    assert answer.messages[0].id == started.messages[0].id  # the same private message, edited
    assert first.full_answer[:80] in answer.text
    assert list(buttons(answer.messages[0])) == ["Again", "Hard", "Good", "Easy"]

    await q.restart()  # the run lives in its buttons, not in the bot's memory
    good = await click(q.world, alice, answer.messages[0], label="Good")
    assert "Rated **Good**: next review of that question in 10 minutes" in good.text
    assert "Practice · question 2" in good.text
    second = shown(q, good)
    assert second.id != first.id  # the question just rated is not asked again at once

    answer = await click(q.world, alice, good.messages[0], label="Show answer")
    again = await click(q.world, alice, answer.messages[0], label="Again")
    assert "Rated **Again**: next review of that question in 1 minute" in again.text
    assert "Practice · question 3" in again.text

    # Through the services: the card rated Good comes back later than the one rated Again.
    await advance(q.world, timedelta(minutes=2))
    assert [x.id for x in await q.services.reviews.due(ref(q, alice))] == [second.id]
    await advance(q.world, timedelta(minutes=10))
    assert [x.id for x in await q.services.reviews.due(ref(q, alice))] == [second.id, first.id]
    assert await q.services.reviews.count_due(ref(q, q.world.member("bob"))) == 0
    q.check_every_message()


async def test_practice_honours_filters_and_refuses_an_unknown_topic(make_qotd: MakeQotd, full_bank):
    q = await make_qotd()
    alice = q.world.member("alice")
    security = next(t for t in full_bank.topics if "security" in t.id)

    offered = await choices(q.world, alice, q.general, "practice", "topic", "secur")
    assert [c.value for c in offered] == [security.id]

    for _ in range(3):
        reply = await invoke(q.world, alice, q.general, "practice", topic=security.id, difficulty="easy")
        question = shown(q, reply)
        assert (question.topic, question.difficulty.value) == (security.id, "easy")
        assert "🟢 Easy" in reply.text

    unknown = await invoke(q.world, alice, q.general, "practice", topic="basket weaving")
    assert unknown.ephemeral
    assert "There is no topic `basket weaving`" in unknown.text


async def test_review_shows_due_cards_after_time_advances(make_qotd: MakeQotd, two_open):
    q = await make_qotd(bank=two_open)
    alice = q.world.member("alice")
    first, second = two_open.questions

    empty = await invoke(q.world, alice, q.general, "review")
    assert empty.ephemeral
    assert "no review cards yet" in empty.text

    # Cards from earlier practice, made through the services.
    await q.services.reviews.record(ref(q, alice), first.id, Recall.GOOD)  # due in 10 minutes
    sooner = await q.services.reviews.record(ref(q, alice), second.id, Recall.AGAIN)  # in 1 minute
    nothing = await invoke(q.world, alice, q.general, "review")
    assert f"Nothing due — next review {ts(sooner.due, 'R')}" in nothing.text
    assert not buttons(nothing.messages[0])

    await advance(q.world, timedelta(minutes=15))
    due = await invoke(q.world, alice, q.general, "review")
    assert "Review · card 1 · 2 cards due" in due.text
    assert shown(q, due).id == second.id  # most overdue first
    answer = await click(q.world, alice, due.messages[0], label="Show answer")
    rated = await click(q.world, alice, answer.messages[0], label="Easy")
    assert "Rated **Easy**: next review of that question in 1 day " in rated.text
    assert "Review · card 2 · 1 card due" in rated.text
    assert shown(q, rated).id == first.id
    answer = await click(q.world, alice, rated.messages[0], label="Show answer")
    done = await click(q.world, alice, answer.messages[0], label="Good")
    assert "Nothing due — next review" in done.text
    assert not buttons(done.messages[0])
    assert await q.services.reviews.count_due(ref(q, alice)) == 0
    q.check_every_message()


async def test_reminder_dm_at_the_members_time_once_a_day_for_opted_in_members_only(
    make_qotd: MakeQotd, two_open
):
    q = await make_qotd(
        bank=two_open,
        members=("alice", "bob", "carol", "dave"),
        clock_start=datetime(2026, 1, 1, 6, 0, tzinfo=UTC),  # no schedule: UTC days, reminders at 09:00
    )
    alice, bob, carol, dave = (q.world.member(name) for name in ("alice", "bob", "carol", "dave"))
    question = two_open.questions[0]
    for member in (alice, bob, carol, dave):
        await q.services.reviews.record(ref(q, member), question.id, Recall.AGAIN)  # due in a minute
    for member in (alice, carol):
        on = await invoke(q.world, member, q.general, "review", reminders="on")
        assert "Reminders on: one direct message at **09:00** server time (UTC)" in on.text
        assert "never more than one a day" in on.text
        nine = int(datetime(2026, 1, 1, 9, 0, tzinfo=UTC).timestamp())
        assert f"Next: <t:{nine}:F>" in on.text
        assert "time:08:00" in on.text  # how to pick another time
    picked = await invoke(q.world, dave, q.general, "review", reminders="on", time="7:30")
    assert "at **07:30** server time (UTC)" in picked.text
    assert "time:08:00" not in picked.text
    bad = await invoke(q.world, bob, q.general, "review", reminders="on", time="25:99")
    assert "can't read" in bad.text
    close_dms(q.world, carol)

    await advance(q.world, timedelta(hours=1, minutes=31))  # 07:31: dave's time, not alice's
    (daves,) = dm_messages(q.world, dave)
    assert "You have 1 review due today in **Test Guild**" in daves.content
    assert dm_messages(q.world, alice) == []
    await advance(q.world, timedelta(hours=1, minutes=30))  # 09:01
    (dm,) = dm_messages(q.world, alice)
    assert "You have 1 review due today in **Test Guild**" in dm.content
    assert "/review" in dm.content
    assert_no_pings(q.world, dm)
    assert dm_messages(q.world, bob) == []  # never asked for reminders
    # Carol's closed DMs raise no error (the fixture fails on any); she counts as reminded today.
    assert [r.member_id for r in await q.services.reviews.reminders_due()] == []
    off = await click(q.world, dave.user, daves, label="Stop these reminders")
    assert "Review reminders from **Test Guild** are off" in off.text

    await advance(q.world, timedelta(hours=14, minutes=50))  # 23:51: still the same day
    assert len(dm_messages(q.world, alice)) == 1
    await advance(q.world, timedelta(hours=1))  # past midnight: a new day, but not 09:00 yet
    assert len(dm_messages(q.world, alice)) == 1
    await advance(q.world, timedelta(hours=8, minutes=30))  # 09:21 on 2 January
    assert len(dm_messages(q.world, alice)) == 2
    assert len(dm_messages(q.world, dave)) == 1  # he turned them off
    q.check_every_message()


async def test_question_lookup_autocompletes_reveals_and_shares(make_qotd: MakeQotd, full_bank):
    q = await make_qotd()
    alice, bob = q.world.member("alice"), q.world.member("bob")
    wanted = full_bank.get(LONG_ANSWER)
    typed = " ".join(wanted.prompt.split()[:3])  # "Diagnosing High Latency"

    offered = await choices(q.world, alice, q.general, "question", "query", typed)
    assert 0 < len(offered) <= 25
    assert all(0 < len(c.name) <= 100 for c in offered)
    assert wanted.id in [c.value for c in offered]

    found = await invoke(q.world, alice, q.general, "question", query=wanted.id)
    assert found.ephemeral
    assert wanted.prompt[:80] in found.text
    assert wanted.full_answer[:80] not in found.text
    revealed = await click(q.world, alice, found.messages[0], label="Reveal the answer")
    assert wanted.full_answer[:80] in revealed.text
    assert "Page 1 of" in revealed.text
    page_two = await click(q.world, alice, revealed.messages[0], label="Next ▶")
    assert "Page 2 of" in page_two.text
    assert wanted.full_answer[:80] not in page_two.text
    assert buttons(page_two.messages[0])["◀ Previous"] is False

    shared = await click(q.world, alice, found.messages[0], label="Share in channel")
    assert not shared.ephemeral
    (post,) = bot_messages(q.world, q.general)
    assert wanted.prompt[:80] in post.embeds[0].description
    assert wanted.full_answer[:80] not in str(post.embeds[0].to_dict())
    for_bob = await click(q.world, bob, post, label="Reveal the answer")
    assert for_bob.ephemeral
    assert wanted.full_answer[:80] in for_bob.text

    again = await click(q.world, alice, found.messages[0], label="Share in channel")
    assert again.ephemeral
    assert "Slow down" in again.text
    assert len(bot_messages(q.world, q.general)) == 1

    typo = await invoke(q.world, alice, q.general, "question", query="zzzz qqqq xxxx")
    assert "No question matches" in typo.text
    q.check_every_message()
