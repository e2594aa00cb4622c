"""Two bot processes on one database: no post is created, sent, revealed or scored twice."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.db.engine import create_engine
from bot.services.members import MemberRef
from tests.db.builders import GUILD

from .daily_world import DiscordStandIn, make_world, questions

MONDAY_0800_BERLIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
GUILDS = [GUILD + n for n in range(8)]
MEMBERS = (1, 2, 3)
ROUNDS_PER_WAKE = 5


async def test_two_processes_reconciling_at_once_never_double_post_send_or_score(db_url):
    engines = [create_engine(db_url), create_engine(db_url)]
    try:
        first = make_world(engines[0], MONDAY_0800_BERLIN)
        second = make_world(engines[1], first.clock)  # two processes, one wall clock
        await first.load(*questions(3))
        for guild_id in GUILDS:
            await first.setup(guild_id)  # all post at 09:00 in Berlin: everything is due at once
        processes = [
            DiscordStandIn(first.daily, first.clock, owner="proc-a"),
            DiscordStandIn(second.daily, first.clock, owner="proc-b"),
        ]
        answered = 0
        until = datetime(2026, 3, 4, 7, 45, tzinfo=UTC)  # Tuesday's reveal, on Wednesday
        while (wake := await first.daily.next_wake()) is not None and wake <= until:
            first.clock.set(wake)
            for _ in range(ROUNDS_PER_WAKE):
                # Creation races hardest: four creators on two engines at the same instant.
                await asyncio.gather(*(w.daily.create_due() for w in (first, second, first, second)))
                await asyncio.gather(*(p.round() for p in processes))
            sent_now = [post for p in processes for at, post in p.sent if at == wake]
            for n, post in enumerate(sent_now):
                world = (first, second)[n % 2]
                for member in MEMBERS:
                    await world.answers.submit(post.post_id, MemberRef(post.guild_id, member), text="libuv")
                    answered += 1
            first.clock.advance(timedelta(seconds=30))

        sent = [post.post_id for p in processes for _, post in p.sent]
        revealed = [reveal.post_id for p in processes for _, reveal in p.revealed]
        assert len(sent) == len(set(sent)) == 2 * len(GUILDS)
        assert len(revealed) == len(set(revealed)) == 2 * len(GUILDS)
        assert sorted(revealed) == sorted(sent)
        assert Counter(post.guild_id for p in processes for _, post in p.sent) == Counter(
            dict.fromkeys(GUILDS, 2)
        )

        # Every answer scored exactly once: "libuv" covers one of two key points, 5 + 1 points;
        # the second day adds a streak bonus of 1. Scoring twice would double it.
        assert answered == len(sent) * len(MEMBERS)
        for guild_id in GUILDS:
            events, totals = await first.score_sums(guild_id)
            assert totals == events == dict.fromkeys(MEMBERS, 6 + 7)
        async with first.uow_factory() as uow:
            history = await uow.posts.history(GUILDS[0], limit=10)
        assert [p.answer_count for p in history] == [len(MEMBERS)] * 2
    finally:
        for engine in engines:
            await engine.dispose()
