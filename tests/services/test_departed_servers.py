"""A server that removed the bot: its data stays through the grace period, then every row of it goes."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from bot.db.models import Base
from bot.domain.clock import ManualClock
from bot.services.departed import DepartedServers
from bot.services.members import MemberRef
from bot.services.quizzes import Quizzes
from tests.db.builders import CHANNEL, GUILD, OTHER_GUILD, add_questions, create_post, mcq, schedule
from tests.services.test_privacy import ME, T0, YOU, populate

GRACE = timedelta(days=30)
GUILD_TABLES = [t for t in Base.metadata.sorted_tables if "guild_id" in t.c]


async def rows_of(uow_factory, guild_id: int) -> dict[str, int]:
    """How many rows each table holds for the server (tables with none left out)."""
    counts = {}
    async with uow_factory() as uow:
        for table in GUILD_TABLES:
            stmt = select(func.count()).select_from(table).where(table.c.guild_id == guild_id)
            if n := (await uow._session.execute(stmt)).scalar_one():
                counts[table.name] = n
    return counts


async def two_servers(uow_factory, clock: ManualClock) -> None:
    """Both servers with points, streaks, cards, prefs; the other one also its own question, a
    schedule, a post with an answer, roles and a quiz."""
    await populate(uow_factory, clock)
    await add_questions(uow_factory, mcq("g2200-0000a1"), guild_id=OTHER_GUILD)
    async with uow_factory() as uow:
        await uow.schedules.save(schedule(OTHER_GUILD), now=T0)
        post = await create_post(uow, guild_id=OTHER_GUILD, day=date(2026, 3, 3), question_id="g2200-0000a1")
        await uow.answers.upsert(post.id, OTHER_GUILD, ME, choice="A", streak_at_answer=1, now=T0)
        await uow.roles.record(OTHER_GUILD, ME, [77], T0)
        await uow.commit()
    game = Quizzes(uow_factory, clock, rng=random.Random(3))
    quiz = await game.start(OTHER_GUILD, CHANNEL + 1, MemberRef(OTHER_GUILD, YOU), count=1)
    await game.open_next(quiz.quiz_id)
    await game.answer(quiz.quiz_id, MemberRef(OTHER_GUILD, ME, (77,)), choice="B")


async def test_a_removed_servers_data_goes_after_the_grace_period_and_nobody_elses(uow_factory):
    clock = ManualClock(T0 + timedelta(hours=1))
    await two_servers(uow_factory, clock)
    staying = await rows_of(uow_factory, GUILD)
    leaving = await rows_of(uow_factory, OTHER_GUILD)
    assert {"questions", "schedules", "posts", "answers", "score_events", "score_totals", "streaks"} <= set(
        leaving
    )
    assert {"member_roles", "review_cards", "member_prefs", "quiz_sessions", "quiz_answers"} <= set(leaving)
    departed = DepartedServers(uow_factory, clock)

    await departed.left(OTHER_GUILD)
    clock.advance(GRACE - timedelta(minutes=1))
    assert await departed.purge(GRACE) == {}
    assert await rows_of(uow_factory, OTHER_GUILD) == leaving | {"departed_guilds": 1}

    clock.advance(timedelta(minutes=2))
    deleted = await departed.purge(GRACE)
    assert deleted == {OTHER_GUILD: sum(leaving.values()) + 1}
    assert await rows_of(uow_factory, OTHER_GUILD) == {}
    assert await rows_of(uow_factory, GUILD) == staying
    assert await departed.purge(GRACE) == {}  # the next day's run finds nothing to do


async def test_a_server_that_adds_the_bot_back_keeps_everything(uow_factory):
    clock = ManualClock(T0 + timedelta(hours=1))
    await two_servers(uow_factory, clock)
    leaving = await rows_of(uow_factory, OTHER_GUILD)
    departed = DepartedServers(uow_factory, clock)

    await departed.left(OTHER_GUILD)
    clock.advance(timedelta(days=3))
    await departed.joined(OTHER_GUILD)
    clock.advance(GRACE * 2)
    assert await departed.purge(GRACE) == {}
    assert await rows_of(uow_factory, OTHER_GUILD) == leaving


async def test_start_up_marks_servers_removed_while_the_bot_was_down(uow_factory):
    clock = ManualClock(T0 + timedelta(hours=1))
    await two_servers(uow_factory, clock)
    departed = DepartedServers(uow_factory, clock)

    report = await departed.reconcile([GUILD])  # OTHER_GUILD is no longer in the bot's list
    assert (report.marked, report.returned) == (1, 0)
    assert (await departed.reconcile([GUILD])).marked == 0  # still gone since the first time
    clock.advance(GRACE + timedelta(days=1))
    report = await departed.reconcile([GUILD, OTHER_GUILD])  # ...but it came back before the purge
    assert (report.marked, report.returned) == (0, 1)
    assert await departed.purge(GRACE) == {}

    await departed.reconcile([GUILD])
    clock.advance(GRACE + timedelta(days=1))
    assert set(await departed.purge(GRACE)) == {OTHER_GUILD}
    assert await rows_of(uow_factory, OTHER_GUILD) == {}
    assert await rows_of(uow_factory, GUILD) != {}


async def test_start_up_leaves_servers_of_other_shards_alone(uow_factory):
    clock = ManualClock(T0)
    await two_servers(uow_factory, clock)
    departed = DepartedServers(uow_factory, clock)
    count = 3
    mine, others = (GUILD >> 22) % count, (OTHER_GUILD >> 22) % count
    assert mine != others  # the two servers are on different shards of three
    # The process running GUILD's shard sees only GUILD: OTHER_GUILD is another process's.
    report = await departed.reconcile([GUILD], [(mine, count)])
    assert report.marked == 0
    report = await departed.reconcile([], [(others, count)])  # the other process lost its server
    assert report.marked == 1
