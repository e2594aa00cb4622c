"""Loading the built bank: new, edited, removed and returning questions; what members keep."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.domain.questions import Question
from bot.questionbank.bank import Bank
from bot.services.bank_sync import SyncReport
from bot.services.members import MemberRef
from tests.db.builders import GUILD, question

from .daily_world import TOPICS, DiscordStandIn, make_world, questions

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # Monday 08:00 in Berlin


def bank(*items: Question) -> Bank:
    return Bank(questions=items, topics=TOPICS)


async def test_sync_adds_edits_in_place_retires_and_revives_by_stable_id(engine):
    world = make_world(engine, START)
    a, b, c = questions(3)
    assert await world.bank_sync.sync(bank(a, b, c)) == SyncReport(added=3)
    assert await world.bank_sync.sync(bank(a, b, c)) == SyncReport(unchanged=3)

    edited = replace(a, short_answer="A better short answer.")
    d = question("qa40-0000ff")
    assert await world.bank_sync.sync(bank(edited, b, d)) == SyncReport(
        added=1, updated=1, unchanged=1, retired=1
    )
    assert await world.bank_sync.sync(bank(edited, b, c, d)) == SyncReport(unchanged=3, revived=1)
    async with world.uow_factory() as uow:
        stored = await uow.questions.get(a.id)
    assert stored is not None
    assert stored.question.short_answer == "A better short answer."


async def test_a_retired_question_is_never_asked_again_but_its_answers_and_points_stay(engine):
    world = make_world(engine, START)
    first, second, third = questions(3)
    await world.bank_sync.sync(bank(first, second, third))
    await world.setup()
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(datetime(2026, 3, 2, 8, 1, tzinfo=UTC))
    [(_, monday)] = discord.sent
    await world.answers.submit(monday.post_id, MemberRef(GUILD, 1), text="event loop, libuv")

    report = await world.bank_sync.sync(
        bank(*(q for q in (first, second, third) if q.id != monday.question.id))
    )
    assert report.retired == 1
    await discord.run_until(datetime(2026, 3, 9, 8, 1, tzinfo=UTC))  # another week
    later = [post.question.id for _, post in discord.sent[1:]]
    assert len(later) == 7
    assert monday.question.id not in later

    result = await world.answers.result(
        monday.post_id, MemberRef(GUILD, 1)
    )  # revealed while retired: scored all the same
    assert (result.answered, result.question.id, result.points) == (True, monday.question.id, 11)
    events, totals = await world.score_sums()
    assert totals[1] == events[1] == 11
    assert (await world.schedules.history(GUILD, limit=1, offset=7))[0].question_id == monday.question.id
