"""Writes that cannot double count: concurrent self-grades on PostgreSQL change a total once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.db.engine import create_engine
from bot.domain.scoring import OPEN_MAX, PARTICIPATION, SelfGrade
from bot.services.members import MemberRef
from tests.db.builders import GUILD, question

from .daily_world import DiscordStandIn, make_world

MONDAY_0800_BERLIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
MONDAY_POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TUESDAY_REVEAL = datetime(2026, 3, 3, 7, 45, tzinfo=UTC)
BOB = MemberRef(GUILD, 12)
OPEN = question("qa40-0000a1", topic="node-core-runtime", key_points=("event loop", "libuv"))
CLICKS = 10


async def test_ten_concurrent_self_grades_change_the_total_exactly_once(postgres_url):
    # Its own engine with a pool large enough that all ten clicks run in separate transactions at once.
    engine = create_engine(postgres_url)
    try:
        world = make_world(engine, MONDAY_0800_BERLIN)
        await world.load(OPEN)
        await world.setup()
        discord = DiscordStandIn(world.daily, world.clock)
        world.clock.set(MONDAY_POST)
        await discord.round()
        [(_, post)] = discord.sent
        await world.answers.submit(post.post_id, BOB, text="libuv")  # one key point of two: 5 + 1
        world.clock.set(TUESDAY_REVEAL)
        await discord.round()
        _, before = await world.score_sums()
        assert before == {BOB.member_id: OPEN_MAX // 2 + PARTICIPATION}

        world.clock.advance(timedelta(hours=1))
        results = await asyncio.gather(
            *(world.answers.self_grade(post.post_id, BOB, SelfGrade.NAILED) for _ in range(CLICKS))
        )

        assert {r.points for r in results} == {OPEN_MAX + PARTICIPATION}
        events, totals = await world.score_sums()
        assert totals == events == {BOB.member_id: OPEN_MAX + PARTICIPATION}
    finally:
        await engine.dispose()
