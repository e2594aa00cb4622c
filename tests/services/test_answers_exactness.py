"""Writes that cannot double count on PostgreSQL: concurrent writers read what they change under a lock.

Moderators' concurrent score changes to one answer: tests/services/test_moderation.py.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from bot.db.models import StreakModel
from bot.db.records import StreakRecord
from bot.db.uow import make_uow_factory
from bot.domain.clock import ManualClock
from bot.services.answers import Answers
from bot.services.members import MemberRef
from tests.db.builders import GUILD, T0, add_questions, create_post, mcq, question

MONDAY_0800_BERLIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
MONDAY_POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TUESDAY_REVEAL = datetime(2026, 3, 3, 7, 45, tzinfo=UTC)
BOB = MemberRef(GUILD, 12)
OPEN = question("qa40-0000a1", topic="node-core-runtime", key_points=("event loop", "libuv"))
CLICKS = 10


async def _lock_waiters(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(
            await connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
        )


async def _until_waiting(engine: AsyncEngine, count: int) -> None:
    for _ in range(500):
        if await _lock_waiters(engine) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never saw {count} transactions waiting for a lock")


async def test_two_processes_answering_for_one_member_count_the_streak_from_each_others_result(
    postgres_url,
):
    # Two bot processes (two engines); the member answered Sunday's question, so a streak row exists.
    engines = [create_engine(postgres_url) for _ in range(3)]
    try:
        factory = make_uow_factory(engines[0])
        await add_questions(factory, question("qa40-000001"), mcq("qa40-000002"))
        async with factory() as uow:
            monday = await create_post(uow, day=date(2026, 3, 2), reveal_after=timedelta(days=2))
            tuesday = await create_post(uow, day=date(2026, 3, 3), question_id="qa40-000002")
            for post in await uow.posts.claim_to_send(T0, "test", timedelta(minutes=5)):
                assert await uow.posts.mark_sent(post.id, "test", 10_000 + post.id, None, T0)
            await uow.streaks.save(StreakRecord(GUILD, BOB.member_id, 1, 1, date(2026, 3, 1)))
            await uow.commit()
        first, second = (Answers(make_uow_factory(e), ManualClock(T0)) for e in engines[1:])

        # A third party holds the streak row while both answers start, so that both are under way
        # at once; the first asks first, so it goes first.
        streaks = StreakModel.__table__
        async with engines[0].connect() as holder:
            transaction = await holder.begin()
            await holder.execute(
                select(streaks).where(streaks.c.member_id == BOB.member_id).with_for_update()
            )
            on_monday = asyncio.create_task(first.submit(monday.id, BOB, text="libuv"))
            await _until_waiting(engines[0], 1)
            on_tuesday = asyncio.create_task(second.submit(tuesday.id, BOB, choice="B"))
            await _until_waiting(engines[0], 2)
            await transaction.rollback()
        acks = await asyncio.gather(on_monday, on_tuesday)

        # As if answered one after the other: Sunday, Monday, Tuesday make three days.
        assert [a.streak for a in acks] == [2, 3]
        async with factory() as uow:
            assert await uow.streaks.get(GUILD, BOB.member_id) == StreakRecord(
                GUILD, BOB.member_id, 3, 3, date(2026, 3, 3)
            )
    finally:
        for engine in engines:
            await engine.dispose()
