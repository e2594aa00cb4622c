"""No early answers: before the reveal, no command, button or list shows today's question's answer.

A member tries everything a curious member would on the day's question before
its reveal (``/question`` by id and by its words, the reveal button of a lookup
and the "Show answer" button of a practice run made the day before,
autocomplete, ``/practice`` on its topic, ``/review`` with a card for it due,
``/quiz start``) and never sees its answer, nor that of a near-duplicate; after
the reveal ``/question`` and ``/review`` give it again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.questions import Kind, Question
from bot.domain.relevance import words as prompt_words
from bot.domain.review import Recall
from bot.questionbank.bank import Bank
from tests.sim.harness import Reply, advance, advance_to, bot_messages, choices, click, invoke

from .conftest import MakeQotd, Qotd, subset
from .test_practice import ref, shown

TOPIC = "node-js-core-runtime-fundamentals"
TODAYS_REFUSAL = "today's question"
DAY = timedelta(days=1)


@pytest.fixture
def node_bank(full_bank: Bank) -> Bank:
    """The topic's multiple-choice questions (three of them near-duplicates) and two open ones."""
    mcqs = [q.id for q in full_bank.questions if q.topic == TOPIC and q.kind is Kind.MCQ]
    lone_open = [
        q.id for q in full_bank.questions if q.topic == TOPIC and q.kind is Kind.OPEN and not q.group
    ]
    keep = set(mcqs + lone_open[:2])
    return subset(full_bank, lambda q: q.id in keep)


def answer_marks(question: Question) -> list[str]:
    """Text that only the answer shows: the right letter, the explanation, the model answer, key points."""
    marks = [question.full_answer[:60] or question.short_answer[:60]]
    if question.kind is Kind.MCQ:
        right = question.choice(question.correct_choice or "")
        assert right is not None
        # The letter as the answer states it (the question itself lists every choice the same way).
        marks += [f"Answer: {right.key})** {right.text}", question.explanation[:60]]
    marks += [f"• {point.point}" for point in question.key_points[:2]]
    return [mark for mark in marks if mark.strip()]


def leaked(question: Question, texts: list[str]) -> list[str]:
    return [mark for mark in answer_marks(question) if any(mark in text for text in texts)]


def held_back(bank: Bank, today: Question) -> list[Question]:
    """Today's question and its near-duplicates: the answers that must wait for the reveal."""
    return [q for q in bank.questions if q.id == today.id or (today.group and q.group == today.group)]


async def practice_until_served(q: Qotd, wanted: Question) -> Reply:
    for _ in range(80):
        reply = await invoke(q.world, q.world.member("alice"), q.general, "practice", topic=TOPIC)
        if shown(q, reply).id == wanted.id:
            return reply
    raise AssertionError(f"/practice never served {wanted.id}")


async def test_before_the_reveal_a_member_never_sees_todays_answer(make_qotd: MakeQotd, node_bank: Bank):
    q = await make_qotd(bank=node_bank)
    world, alice = q.world, q.world.member("alice")
    start = world.clock.now()
    # Set up at 10:00, after today's slot: the first question is tomorrow's, so today nothing is held yet.
    await advance(world, timedelta(hours=10))
    setup = await invoke(
        world, world.admin, q.general, "qotd setup", channel=q.qotd_channel, time="09:00", timezone="UTC"
    )
    assert "All set" in setup.text, setup.text
    (tomorrows,) = await q.services.schedules.preview(world.guild.id, 1)
    today = q.services.bank.get(tomorrows.id)
    held = held_back(node_bank, today)
    others = [x for x in node_bank.questions if x not in held]
    assert others, "the bank must leave something to practise"

    # The day before: a lookup and a practice run of it, their answer buttons not pressed yet.
    old_lookup = await invoke(world, alice, q.general, "question", query=today.id)
    assert today.prompt[:80] in old_lookup.text
    old_practice = await practice_until_served(q, today)
    await q.services.reviews.record(ref(q, alice), today.id, Recall.AGAIN)  # due again in a minute

    # The next morning, before the 09:00 post: the question is planned for today.
    await advance_to(world, start + DAY + timedelta(hours=8))
    seen: list[str] = []

    async def refused(reply: Reply) -> None:
        seen.append(reply.text)
        assert reply.ephemeral
        assert TODAYS_REFUSAL in reply.text, reply.text

    await refused(await click(world, alice, old_lookup.messages[0], label="Reveal the answer"))
    await refused(await click(world, alice, old_practice.messages[0], label="Show answer"))
    await refused(await invoke(world, alice, q.general, "question", query=today.id))
    words = " ".join(today.prompt.split()[:8])
    await refused(await invoke(world, alice, q.general, "question", query=words))
    offered = await choices(world, alice, q.general, "question", "query", words)
    assert not {c.value for c in offered} & {x.id for x in held}
    # A word today's question shares with others: those others are offered, today's (and its group) not.
    shared = next(
        w for w in prompt_words(today.prompt) if len(w) > 3 and any(w in x.prompt.lower() for x in others)
    )
    offered = await choices(world, alice, q.general, "question", "query", shared)
    assert not {c.value for c in offered} & {x.id for x in held}
    assert offered  # the list is not simply empty: the other questions are offered

    for _ in range(12):
        reply = await invoke(world, alice, q.general, "practice", topic=TOPIC)
        seen.append(reply.text)
        assert shown(q, reply) in others
        answer = await click(world, alice, reply.messages[0], label="Show answer")
        seen.append(answer.text)

    review = await invoke(world, alice, q.general, "review")  # today's card is overdue, and held back
    seen.append(review.text)
    reveal_at = int((start + DAY + timedelta(hours=9 + 23, minutes=45)).timestamp())
    assert f"Nothing due — next review <t:{reveal_at}:R>" in review.text  # it comes back at the reveal

    # Past the post, a quiz on the topic: every question it asks has its answer posted for all.
    await advance_to(world, start + DAY + timedelta(hours=9, minutes=1))
    (post,) = q.posts()
    assert today.prompt[:80] in post.embeds[0].description
    started = await invoke(world, alice, q.general, "quiz start", topic=TOPIC, count=5)
    seen.append(started.text)
    await advance(world, timedelta(minutes=15))
    channel_texts = [
        str(m.embeds[0].to_dict()) if m.embeds else m.content
        for channel in world.channels.values()
        for m in bot_messages(world, channel)
    ]
    assert any("final standings" in text for text in channel_texts)
    await refused(await invoke(world, alice, q.general, "question", query=today.id))

    for question in held:
        assert leaked(question, seen + channel_texts) == [], question.id

    # After the reveal (15 minutes before the next post), the question is an ordinary one again.
    await advance_to(world, start + DAY * 2 + timedelta(hours=8, minutes=50))
    assert any(m.embeds and m.embeds[0].title == "Answer to question #1" for m in q.posts())
    found = await invoke(world, alice, q.general, "question", query=today.id)
    revealed = await click(world, alice, found.messages[0], label="Reveal the answer")
    assert leaked(today, [revealed.text])
    assert today.id in [x.id for x in await q.services.reviews.due(ref(q, alice))]
