"""A server's daily question, driven through the services on a real database with a manual clock.

``DiscordStandIn`` plays the Discord layer's part of a reconcile round (create
due posts, send what it is handed, reveal what is due) and remembers what it
sent and revealed, and when, so tests can assert what members would have seen.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import ScoreEventModel, ScoreTotalModel
from bot.db.uow import UnitOfWorkFactory, make_uow_factory
from bot.domain.clock import ManualClock
from bot.domain.questions import Question, Topic
from bot.questionbank.bank import Bank
from bot.services.answers import Answers
from bot.services.bank_sync import BankSync
from bot.services.daily import DailyPosts
from bot.services.daily_sends import PostToSend, RevealToSend
from bot.services.schedules import Schedules
from tests.db.builders import CHANNEL, GUILD, question

TOPICS = (
    Topic("node-core-runtime", 1, "Node.js core and runtime"),
    Topic("databases", 2, "Databases"),
    Topic("security", 3, "Security"),
)


def questions(count: int, prefix: str = "qa40", **changes: object) -> list[Question]:
    return [question(f"{prefix}-{n:06x}", **changes) for n in range(1, count + 1)]


@dataclass
class World:
    engine: AsyncEngine
    uow_factory: UnitOfWorkFactory
    clock: ManualClock
    schedules: Schedules
    daily: DailyPosts
    answers: Answers
    bank_sync: BankSync

    async def load(self, *bank_questions: Question) -> None:
        await self.bank_sync.sync(Bank(questions=tuple(bank_questions), topics=TOPICS))

    async def setup(self, guild_id: int = GUILD, **settings: object) -> None:
        values: dict[str, object] = {"channel_id": CHANNEL, "post_time": "09:00", "timezone": "Europe/Berlin"}
        values.update(settings)
        await self.schedules.setup(guild_id, **values)  # type: ignore[arg-type]

    async def score_sums(self, guild_id: int = GUILD) -> tuple[dict[int, int], dict[int, int]]:
        """Per member: the sum of their score events, and their all-time running total."""
        events, totals = ScoreEventModel.__table__, ScoreTotalModel.__table__
        async with self.engine.connect() as connection:
            summed = await connection.execute(
                select(events.c.member_id, func.sum(events.c.points))
                .where(events.c.guild_id == guild_id)
                .group_by(events.c.member_id)
            )
            running = await connection.execute(
                select(totals.c.member_id, totals.c.points).where(
                    totals.c.guild_id == guild_id, totals.c.period == "all", totals.c.topic == ""
                )
            )
            return {m: int(p) for m, p in summed}, {m: int(p) for m, p in running}


def make_world(engine: AsyncEngine, start: datetime | ManualClock, **daily_options: object) -> World:
    """Services on ``engine`` (one "process"), reading a manual clock (new, starting at ``start``)."""
    clock = start if isinstance(start, ManualClock) else ManualClock(start)
    uow_factory = make_uow_factory(engine)
    return World(
        engine=engine,
        uow_factory=uow_factory,
        clock=clock,
        schedules=Schedules(uow_factory, clock, TOPICS),
        daily=DailyPosts(uow_factory, clock, **daily_options),  # type: ignore[arg-type]
        answers=Answers(uow_factory, clock),
        bank_sync=BankSync(uow_factory, clock),
    )


_message_ids = itertools.count(900_000_000_000_000_000)


@dataclass
class DiscordStandIn:
    """The Discord layer's side of the reconcile rounds, for one process (``owner``)."""

    daily: DailyPosts
    clock: ManualClock
    owner: str = "proc-a"
    sent: list[tuple[datetime, PostToSend]] = field(default_factory=list)
    revealed: list[tuple[datetime, RevealToSend]] = field(default_factory=list)
    created: list[int] = field(default_factory=list)

    async def round(self) -> None:
        self.created += await self.daily.create_due()
        for post in await self.daily.claim_sends(self.owner):
            assert await self.daily.mark_sent(post.post_id, self.owner, next(_message_ids))
            self.sent.append((self.clock.now(), post))
        for reveal in await self.daily.claim_reveals(self.owner):
            assert await self.daily.mark_revealed(reveal.post_id, self.owner, next(_message_ids))
            self.revealed.append((self.clock.now(), reveal))

    async def quiet(self) -> bool:
        """Whether a round now would do nothing at all (checked without changing anything)."""
        return (
            await self.daily.create_due() == []
            and await self.daily.claim_sends(self.owner) == []
            and await self.daily.claim_reveals(self.owner) == []
        )

    async def run_until(self, until: datetime, *, check_before: timedelta | None = None) -> None:
        """Wake by wake (as the alarm would, at each ``next_wake``) until ``until``.

        With ``check_before``, also look that far before each wake and require
        that nothing was due yet: things happen exactly at the announced instants.
        """
        await self.round()
        while (wake := await self.daily.next_wake()) is not None and wake <= until:
            if check_before is not None:
                self.clock.set(wake - check_before)
                assert await self.quiet(), f"something was due before the announced wake {wake}"
            self.clock.set(wake)
            await self.round()
        self.clock.set(until)
        await self.round()
