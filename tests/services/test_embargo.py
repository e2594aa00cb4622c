"""No early answers: today's question is held back everywhere until its reveal.

A server's question of the day (from the moment its schedule has chosen it for
today, through the post, until the reveal) and the questions of its
near-duplicate group are refused by lookups and their answer buttons, never
served by practice, held back from review, and never picked by a quiz.
Another server, and the same server after the reveal, see them as usual.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.errors import EmptyPool, TodaysQuestion
from bot.domain.review import Recall
from bot.services.members import MemberRef
from bot.services.practice import Practice
from bot.services.quizzes import Quizzes
from bot.services.reviews import Reviews
from tests.db.builders import GUILD, OTHER_GUILD, create_post, mcq, question

from .daily_world import TOPICS, DiscordStandIn, World, make_world

BERLIN_0800 = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)  # an hour before the 09:00 post
POSTED = BERLIN_0800 + timedelta(hours=1, minutes=5)
REVEALED = POSTED + timedelta(hours=1)  # the reveal is 60 minutes after the 09:00 post
ME = MemberRef(GUILD, 61, (701,))
ELSEWHERE = MemberRef(OTHER_GUILD, 61)

# Six multiple-choice questions; two pairs are near-duplicates (same group).
BANK = (
    mcq("qa40-0e0001", group="event-loop"),
    mcq("qa41-0e0002", group="event-loop"),
    mcq("qa40-0e0003", group="streams"),
    mcq("qa41-0e0004", group="streams"),
    mcq("qa40-0e0005"),
    mcq("qa40-0e0006"),
)


@pytest.fixture
async def world(engine) -> World:
    world = make_world(engine, BERLIN_0800)
    await world.load(*BANK)
    await world.setup(GUILD, reveal_after_minutes=60)
    return world


async def todays_id(world: World) -> str:
    """The question the schedule will post today (what ``/qotd preview`` shows the admin)."""
    (planned,) = await world.schedules.preview(GUILD, 1)
    return planned.id


def group_mate(question_id: str) -> str | None:
    group = next(q.group for q in BANK if q.id == question_id)
    return next((q.id for q in BANK if q.group and q.group == group and q.id != question_id), None)


async def test_todays_question_is_refused_by_id_from_its_choice_until_its_reveal(world):
    practice = Practice(world.uow_factory, world.clock)
    discord = DiscordStandIn(world.daily, world.clock)
    today = await todays_id(world)

    with pytest.raises(TodaysQuestion) as planned:  # chosen for 09:00, not posted yet
        await practice.question(GUILD, today)
    assert str(planned.value) == "That one is today's question: answer it, the answer comes at the reveal."

    await discord.run_until(POSTED)
    assert [post.question.id for _, post in discord.sent] == [today]  # the prediction was the post
    with pytest.raises(TodaysQuestion):
        await practice.question(GUILD, today)
    assert (await practice.question(OTHER_GUILD, today)).id == today  # not that server's question

    await discord.run_until(REVEALED)
    assert [reveal.question.id for _, reveal in discord.revealed] == [today]
    assert (await practice.question(GUILD, today)).id == today


async def test_a_near_duplicate_of_todays_question_waits_for_the_reveal_too(engine):
    world = make_world(engine, BERLIN_0800)
    await world.load(mcq("qa40-0e0001", group="event-loop"), mcq("qa41-0e0002", group="event-loop"))
    await world.setup(GUILD, reveal_after_minutes=60)
    practice = Practice(world.uow_factory, world.clock)
    today = await todays_id(world)
    mate = group_mate(today)
    assert mate is not None

    with pytest.raises(TodaysQuestion) as near:
        await practice.question(GUILD, mate)
    assert near.value.near
    assert "too close to today's question" in str(near.value)
    embargo = await practice.embargo(GUILD)
    assert (embargo.todays, embargo.related) == ({today}, {mate})
    assert embargo.until == BERLIN_0800 + timedelta(hours=2)  # 10:00 Berlin

    await DiscordStandIn(world.daily, world.clock).run_until(REVEALED)
    assert (await practice.question(GUILD, mate)).id == mate
    assert not (await practice.embargo(GUILD)).question_ids


async def test_a_paused_schedule_holds_back_only_what_is_already_out(world):
    practice = Practice(world.uow_factory, world.clock)
    today = await todays_id(world)
    await world.schedules.pause(GUILD, "holidays")
    assert (await practice.question(GUILD, today)).id == today  # nothing will be posted today
    assert await practice.embargo(GUILD) == await practice.embargo(OTHER_GUILD)


async def test_practice_never_serves_todays_question_or_its_group(world):
    today = await todays_id(world)
    held = {today, group_mate(today)} - {None}
    await DiscordStandIn(world.daily, world.clock).run_until(POSTED)
    practice = Practice(world.uow_factory, world.clock, rng=random.Random(7))

    served = {(await practice.next(ME)).id for _ in range(60)}

    assert served == {q.id for q in BANK} - held
    elsewhere = {(await practice.next(ELSEWHERE)).id for _ in range(60)}
    assert held <= elsewhere  # another server practises on it freely


async def test_practice_with_only_todays_question_left_says_there_is_none(engine):
    world = make_world(engine, BERLIN_0800)
    await world.load(question("qa40-0e0001"), question("qa40-0e0002", topic="databases"))
    await world.setup(GUILD, reveal_after_minutes=60, topics=["node-core-runtime"])
    practice = Practice(world.uow_factory, world.clock)
    assert await todays_id(world) == "qa40-0e0001"

    with pytest.raises(EmptyPool):
        await practice.next(ME, topic="node-core-runtime")

    world.clock.set(REVEALED)
    await DiscordStandIn(world.daily, world.clock).run_until(REVEALED)
    assert (await practice.next(ME, topic="node-core-runtime")).id == "qa40-0e0001"


async def test_a_due_review_card_of_todays_question_waits_for_the_reveal(world):
    today = await todays_id(world)
    reviews = Reviews(world.uow_factory, world.clock)
    other = next(q.id for q in BANK if q.id not in {today, group_mate(today)})
    world.clock.set(BERLIN_0800 - timedelta(days=3))
    await reviews.record(ME, today, Recall.AGAIN)  # due again within minutes
    await reviews.record(ME, other, Recall.AGAIN)
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(POSTED)
    (_, post), *_ = discord.sent

    assert [q.id for q in await reviews.due(ME)] == [other]
    await reviews.record(ME, other, Recall.EASY)
    assert await reviews.due(ME) == []
    assert await reviews.next_due(ME) == post.reveal_at  # "nothing due, next review at the reveal"

    await discord.run_until(REVEALED)
    assert [q.id for q in await reviews.due(ME)] == [today]


async def test_a_quiz_never_picks_todays_question_or_its_group(world):
    today = await todays_id(world)
    held = {today, group_mate(today)} - {None}
    await DiscordStandIn(world.daily, world.clock).run_until(POSTED)

    for seed in range(8):
        game = Quizzes(world.uow_factory, world.clock, TOPICS, rng=random.Random(seed))
        started = await game.start(GUILD, 4000 + seed, ME, count=10)
        picked = set()
        while (current := await game.open_next(started.quiz_id)) is not None:
            picked.add(current.question.id)
            await game.close_current(started.quiz_id)
        assert picked
        assert not picked & held


async def test_an_earlier_result_of_a_question_posted_again_waits_for_the_new_reveal(world):
    """When the pool comes round, "My result" and "Full answer" under the old reveal hold back too."""
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(POSTED)
    [(_, post)] = discord.sent
    await world.answers.submit(post.post_id, ME, choice="B")
    await discord.run_until(REVEALED)
    assert (await world.answers.result(post.post_id, ME)).points is not None

    async with world.uow_factory() as uow:  # the same question again, posted and not revealed yet
        again = await create_post(
            uow,
            day=POSTED.date() + timedelta(days=30),
            question_id=post.question.id,
            scheduled_for=REVEALED + timedelta(days=30),
        )
        await uow.commit()
    with pytest.raises(TodaysQuestion):
        await world.answers.result(post.post_id, ME)
    assert again.question_id == post.question.id
