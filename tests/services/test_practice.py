"""Practice: random questions from the server's pool, new or due ones first, filters honoured."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.domain.errors import EmptyPool
from bot.domain.questions import Difficulty
from bot.domain.review import Recall
from bot.services.members import MemberRef
from bot.services.practice import Practice
from bot.services.reviews import Reviews
from tests.db.builders import GUILD, OTHER_GUILD, add_questions, question

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
ME = MemberRef(GUILD, 51, (901,))


@pytest.fixture
async def pool(uow_factory):
    await add_questions(
        uow_factory,
        question("qa40-00p001", topic="security"),
        question("qa40-00p002", topic="security"),
        question("qa40-00p003", topic="security", difficulty=Difficulty.HARD),
        question("qa40-00p004", topic="testing"),
    )
    await add_questions(uow_factory, question("g2-00p005", topic="security"), guild_id=OTHER_GUILD)


async def test_practice_prefers_questions_without_a_card_or_with_a_due_one(uow_factory, pool):
    clock = ManualClock(T0)
    reviews = Reviews(uow_factory, clock)
    await reviews.record(ME, "qa40-00p001", Recall.EASY)  # not due for days
    await reviews.record(ME, "qa40-00p002", Recall.AGAIN)  # due within minutes
    await reviews.record(ME, "qa40-00p003", Recall.GOOD)  # due in ten minutes
    clock.advance(timedelta(minutes=5))

    picks = set()
    for seed in range(12):
        practice = Practice(uow_factory, clock, rng=random.Random(seed))
        picks.add((await practice.next(ME, topic="security")).id)

    assert picks == {"qa40-00p002"}  # the due one; never the other server's g2 question


async def test_practice_falls_back_to_cards_not_yet_due_and_honours_exclusions(uow_factory, pool):
    clock = ManualClock(T0)
    reviews = Reviews(uow_factory, clock)
    for qid in ("qa40-00p001", "qa40-00p002"):
        await reviews.record(ME, qid, Recall.EASY)

    picks = set()
    for seed in range(12):
        practice = Practice(uow_factory, clock, rng=random.Random(seed))
        picks.add((await practice.next(ME, topic="security", exclude=["qa40-00p003"])).id)
    hard = await Practice(uow_factory, clock).next(ME, difficulty="hard")

    assert picks == {"qa40-00p001", "qa40-00p002"}
    assert hard.id == "qa40-00p003"
    async with uow_factory() as uow:
        assert await uow.roles.roles_of(GUILD, ME.member_id) == {901}


async def test_practice_says_when_nothing_matches(uow_factory, pool):
    practice = Practice(uow_factory, ManualClock(T0))

    with pytest.raises(EmptyPool, match="topic testing, difficulty hard"):
        await practice.next(ME, topic="testing", difficulty="hard")
    with pytest.raises(EmptyPool):
        await practice.next(ME, topic="testing", exclude=["qa40-00p004"])
