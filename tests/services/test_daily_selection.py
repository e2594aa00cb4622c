"""Which question a server gets each day: no repeats, its filters, no near-duplicates back to back."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from tests.db.builders import GUILD, question

from .daily_world import DiscordStandIn, make_world, questions

MONDAY_0800_BERLIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def days_later(days: int) -> datetime:
    return MONDAY_0800_BERLIN + timedelta(days=days, hours=2)


@pytest.fixture
def world(engine):
    return make_world(engine, MONDAY_0800_BERLIN)


async def test_no_question_repeats_until_every_eligible_one_was_asked(world):
    await world.load(*questions(4))
    await world.setup()
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(days_later(7))  # eight days
    asked = [post.question.id for _, post in discord.sent]
    assert len(asked) == 8
    assert sorted(asked[:4]) == sorted(asked[4:]) == [q.id for q in questions(4)]


async def test_only_questions_matching_the_filters_are_posted(world):
    hard_db = [question(f"qa40-00db0{n}", topic="databases", difficulty="hard") for n in range(3)]
    await world.load(
        *hard_db,
        question("qa40-00db10", topic="databases", difficulty="easy"),
        question("qa40-00se10", topic="security", difficulty="hard"),
        *questions(3),
    )
    await world.setup(topics=["databases"], difficulty="hard")
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(days_later(5))
    assert Counter(post.question.id for _, post in discord.sent) == Counter({q.id: 2 for q in hard_db})


async def test_yesterdays_near_duplicate_group_never_comes_the_next_day(world):
    await world.load(
        question("qa40-00a001", group="promises"),
        question("qa40-00a002", group="promises"),
        question("qa40-00b001", group="streams"),
        question("qa40-00b002", group="streams"),
    )
    await world.setup()
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(days_later(7))
    groups = [post.question.group for _, post in discord.sent]
    assert len(groups) == 8
    assert all(today != yesterday for yesterday, today in pairwise(groups))


async def test_an_empty_pool_is_recorded_on_the_schedule_and_not_retried_every_minute(world):
    await world.load(*questions(2))  # nothing about security
    await world.setup(topics=["security"])
    discord = DiscordStandIn(world.daily, world.clock)
    world.clock.set(days_later(0) - timedelta(hours=1))  # Monday 09:00 in Berlin
    await discord.round()
    assert discord.sent == []
    status = await world.schedules.status(GUILD)
    assert status.last_error == "No question matches topic security; widen the filters or add questions."
    assert status.last_error_at == world.clock.now()
    assert status.schedule.next_post_at == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # tomorrow, not next minute
    assert (status.pool_size, status.pool_left) == (0, 0)

    world.clock.advance(timedelta(minutes=1))
    await discord.round()
    assert (await world.schedules.status(GUILD)).last_error_at == world.clock.now() - timedelta(minutes=1)

    # Widening the filters fixes it from the next post on, and the first post clears the error.
    await world.setup(topics=[])
    await discord.run_until(datetime(2026, 3, 3, 8, 1, tzinfo=UTC))
    assert len(discord.sent) == 1
    assert (await world.schedules.status(GUILD)).last_error is None
