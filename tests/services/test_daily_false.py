"""``daily: false``: a question kept out of the day's question, quizzes and practice, still looked up by id."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.domain.errors import EmptyPool
from bot.domain.questions import Topic
from bot.services.members import MemberRef
from bot.services.practice import Practice
from bot.services.quizzes import Quizzes
from tests.db.builders import CHANNEL, GUILD, add_questions, mcq, question

from .daily_world import DiscordStandIn, make_world

MONDAY_0800_BERLIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
ME = MemberRef(GUILD, 51, (901,))
AUTHORS_OWN = "qa40-00own1"  # "Describe your microservices setup in Talentprise"
IN_ROTATION = ("qa40-00rot1", "qa40-00rot2")


@pytest.fixture
async def bank(uow_factory):
    await add_questions(
        uow_factory,
        question(AUTHORS_OWN, daily=False, topic="node-core-runtime"),
        *(question(qid, topic="node-core-runtime") for qid in IN_ROTATION),
        mcq("qa40-00own2", daily=False),
        mcq("qa40-00rot3"),
    )


async def test_the_pool_flags_a_question_kept_out_of_the_rotation(uow_factory, bank):
    async with uow_factory() as uow:
        pool = {row.id: row.daily for row in await uow.questions.pool(GUILD)}
    assert pool == {
        AUTHORS_OWN: False,
        "qa40-00own2": False,
        **dict.fromkeys(IN_ROTATION, True),
        "qa40-00rot3": True,
    }


async def test_a_daily_false_question_is_never_posted_and_not_counted_in_the_pool(engine, bank):
    world = make_world(engine, MONDAY_0800_BERLIN)
    await world.setup()
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(MONDAY_0800_BERLIN + timedelta(days=8, hours=2))  # nine days, three cycles
    asked = Counter(post.question.id for _, post in discord.sent)
    assert set(asked) == {*IN_ROTATION, "qa40-00rot3"}
    assert sorted(asked.values()) == [3, 3, 3]
    status = await world.schedules.status(GUILD)
    assert status.pool_size == 3


async def test_quizzes_and_practice_never_pick_it(uow_factory, bank):
    clock = ManualClock(MONDAY_0800_BERLIN)
    topics = [Topic("node-core-runtime", 1, "Node.js core runtime")]
    quizzes = Quizzes(uow_factory, clock, topics, rng=random.Random(3))
    started = await quizzes.start(GUILD, CHANNEL, ME, count=10, kind="mcq")
    assert started.question_count == 1  # the other multiple-choice question is out of the rotation
    with pytest.raises(EmptyPool):
        await quizzes.start(GUILD, CHANNEL + 1, ME, kind="mcq", difficulty="hard")

    practice = Practice(uow_factory, clock, rng=random.Random(5))
    picked = {(await practice.next(ME)).id for _ in range(30)}
    assert picked == {*IN_ROTATION, "qa40-00rot3"}


async def test_it_is_still_found_by_id(uow_factory, bank):
    found = await Practice(uow_factory, ManualClock(MONDAY_0800_BERLIN)).question(GUILD, AUTHORS_OWN)
    assert found.id == AUTHORS_OWN
    assert found.daily is False
