"""Leaderboards, ranks, streaks and personal stats, on the server's own calendar.

Periods start at the server's local midnight (weeks on Monday) in the time zone
of its schedule, UTC when it has none. Boards read the running totals
(``score_totals``), never the ledger, so a page costs the same however many
points were ever given. Ties go to whoever reached the score first
(:data:`bot.domain.ranking.ORDERING_RULE`), then to the lower member id.

``Leaderboards`` only reads: the wiring may hand it a read-only unit-of-work
factory (``make_uow_factory(engine, read_only=True)``), so on SQLite boards
never queue behind writers.

The module also holds what every service that awards points needs to write
them: :func:`add_score_events` (the server's zone comes from ``bot.services.zones``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from itertools import groupby
from zoneinfo import ZoneInfo

from bot.db.records import BoardKey, RankRow, ScoreEventIn, TotalRow
from bot.db.repositories.scores import ALL_TOPICS, BOTTOM
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.periods import EPOCH_DAY, Period, period_start, period_starts
from bot.domain.ranking import ORDERING_RULE
from bot.domain.schedule import local_date
from bot.domain.streaks import Streak, current_as_of
from bot.services.errors import busy_means_try_again
from bot.services.leaderboard_results import (
    Board,
    BoardRow,
    MemberRank,
    MemberStats,
    StatsTotals,
    StreakSummary,
    TopicAccuracyRow,
    key_of,
)
from bot.services.zones import server_zone

MAX_PAGE_SIZE = 25
MAX_NEIGHBOURS = 10
MAX_STATS_DAYS = 366
ZONE_CACHE_SECONDS = 60.0
MAX_CACHED_ZONES = 100_000

__all__ = [
    "ORDERING_RULE",
    "Board",
    "BoardKey",
    "BoardRow",
    "Leaderboards",
    "MemberRank",
    "MemberStats",
    "StatsTotals",
    "StreakSummary",
    "TopicAccuracyRow",
    "add_score_events",
    "key_of",
    "period_keys",
    "period_label",
]


def period_keys(instant: datetime, zone: ZoneInfo) -> dict[str, date]:
    """The running totals an event at ``instant`` adds to: each period's local start date."""
    return {str(period): start for period, start in period_starts(local_date(instant, zone)).items()}


async def add_score_events(uow: UnitOfWork, zone: ZoneInfo, events: Iterable[ScoreEventIn]) -> int:
    """Record events and their running totals, each in the periods of its own local date."""
    ordered = sorted(events, key=lambda e: e.occurred_at)
    added = 0
    for _, same_day in groupby(ordered, key=lambda e: local_date(e.occurred_at, zone)):
        batch = list(same_day)
        added += await uow.scores.add_many(batch, period_keys(batch[0].occurred_at, zone))
    return added


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def period_label(period: Period, start: date) -> str:
    """How a board's period reads: "Today (Mon 2 Mar)", "This week (Mon 2 Mar – Sun 8 Mar)", ..."""
    match period:
        case Period.DAY:
            return f"Today ({_day(start)})"
        case Period.WEEK:
            return f"This week ({_day(start)} – {_day(start + timedelta(days=6))})"
        case Period.MONTH:
            return f"{start:%B %Y}"
        case Period.ALL:
            return "All time"
    raise ValueError(f"unknown period {period!r}")


def _row(rank: int, total: TotalRow | RankRow) -> BoardRow:
    return BoardRow(
        rank,
        total.member_id,
        total.points,
        total.answers,
        total.correct,
        total.reached_at,
        total.open_answers,
        total.coverage,
    )


class Leaderboards:
    """Boards, ranks, streaks and stats of one server's members."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, *, zone_ttl: float = ZONE_CACHE_SECONDS
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._zone_ttl = zone_ttl
        self._zones: dict[int, tuple[float, ZoneInfo]] = {}

    async def _zone(self, uow: UnitOfWork, guild_id: int) -> ZoneInfo:
        # Boards are the bot's busiest reads and a server's zone hardly ever changes: remembering
        # it for a minute saves a query on most calls (a new zone shows within ``zone_ttl``).
        cached = self._zones.get(guild_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        zone = await server_zone(uow, guild_id)
        if len(self._zones) >= MAX_CACHED_ZONES:
            self._zones.clear()
        self._zones[guild_id] = (time.monotonic() + self._zone_ttl, zone)
        return zone

    async def _period(self, uow: UnitOfWork, guild_id: int, period: Period) -> tuple[date, ZoneInfo]:
        zone = await self._zone(uow, guild_id)
        return period_start(Period(period), local_date(self._clock.now(), zone)), zone

    async def board(
        self,
        guild_id: int,
        period: Period,
        *,
        topic: str | None = None,
        role_id: int | None = None,
        page: int = 0,
        page_size: int = 10,
        viewer_id: int,
        after: BoardKey | None = None,
        before: BoardKey | None = None,
    ) -> Board:
        """One page of the server's board for the current ``period`` (optionally one topic or role).

        Pages follow each other by keyset: ``after`` the last row of a page gives the next
        one, ``before`` its first row the previous one (see :func:`key_of`); ranks are
        counted afresh, so they are right even when the board moved in between. A
        ``page`` number without keys jumps there directly (by offset; the buttons use keys).
        """
        page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
        period = Period(period)
        board = {"topic": topic or ALL_TOPICS, "role_id": role_id}
        async with busy_means_try_again(), self._uow() as uow:
            start, _ = await self._period(uow, guild_id, period)
            scores = uow.scores
            viewer = await scores.rank_of(guild_id, viewer_id, period, start, **board)
            # A ranked viewer's row already says how many are on the board.
            total = viewer.total if viewer else await scores.count(guild_id, period, start, **board)
            pages = max(1, math.ceil(total / page_size))
            last_page_size = total - (pages - 1) * page_size
            first_rank: int | None = None
            rows: list[TotalRow] = []
            if after is not None:
                rows = await scores.top(guild_id, period, start, after=after, limit=page_size, **board)
                if not rows:  # the board shrank behind the key: its last page
                    rows = await scores.top(
                        guild_id, period, start, before=BOTTOM, limit=last_page_size, **board
                    )
            elif before is not None:
                rows = await scores.top(guild_id, period, start, before=before, limit=page_size, **board)
                if len(rows) < page_size:  # near the top: the first page, whole
                    rows = await scores.top(guild_id, period, start, limit=page_size, **board)
                    first_rank = 1
            else:
                page = min(max(page, 0), pages - 1)
                offset = page * page_size
                rows = await scores.top(guild_id, period, start, limit=page_size, offset=offset, **board)
                first_rank = offset + 1
            if first_rank is None:  # a page by key: count who is ahead of its first row
                first_rank = 1
                if rows:
                    first_rank += await scores.count(
                        guild_id, period, start, ahead_of=key_of(rows[0]), **board
                    )
            await uow.commit()
        return Board(
            rows=[_row(first_rank + i, row) for i, row in enumerate(rows)],
            total=total,
            page=min((first_rank - 1) // page_size, pages - 1),
            pages=pages,
            viewer_row=None if viewer is None else _row(viewer.rank, viewer),
            period=period,
            period_start=start,
            period_label=period_label(period, start),
            topic=topic,
            role_id=role_id,
        )

    async def rank(
        self, guild_id: int, member_id: int, period: Period = Period.ALL, *, neighbours: int = 2
    ) -> MemberRank:
        """The member's rank with up to ``neighbours`` members either side."""
        neighbours = min(max(neighbours, 0), MAX_NEIGHBOURS)
        period = Period(period)
        async with busy_means_try_again(), self._uow() as uow:
            start, _ = await self._period(uow, guild_id, period)
            mine = await uow.scores.rank_of(guild_id, member_id, period, start)
            if mine is None:
                of = await uow.scores.count(guild_id, period, start)
                above: list[TotalRow] = []
                below: list[TotalRow] = []
            else:
                of = mine.total
                above, below = await uow.scores.neighbours(
                    guild_id, period, start, mine, above=neighbours, below=neighbours
                )
            await uow.commit()
        label = period_label(period, start)
        if mine is None:
            return MemberRank(None, 0, of, [], [], period, label)
        return MemberRank(
            rank=mine.rank,
            points=mine.points,
            of=of,
            above=[_row(mine.rank - len(above) + i, row) for i, row in enumerate(above)],
            below=[_row(mine.rank + i, row) for i, row in enumerate(below, start=1)],
            period=period,
            period_label=label,
        )

    async def streak(self, guild_id: int, member_id: int) -> StreakSummary:
        """The member's daily-answer streak as it stands today on the server's calendar."""
        async with busy_means_try_again(), self._uow() as uow:
            zone = await self._zone(uow, guild_id)
            record = await uow.streaks.get(guild_id, member_id)
            await uow.commit()
        if record is None:
            return StreakSummary(0, 0, None)
        streak = Streak(record.current, record.best, record.last_date)
        today = local_date(self._clock.now(), zone)
        return StreakSummary(current_as_of(streak, today), record.best, record.last_date)

    async def stats(self, guild_id: int, member_id: int, days: int = 30) -> MemberStats:
        """Points per local day over the last ``days`` days (today included), accuracy per topic, totals."""
        days = min(max(days, 1), MAX_STATS_DAYS)
        async with busy_means_try_again(), self._uow() as uow:
            zone = await self._zone(uow, guild_id)
            today = local_date(self._clock.now(), zone)
            since = today - timedelta(days=days - 1)
            by_day = await uow.scores.points_by_day(guild_id, member_id, since, tz=zone)
            accuracy = await uow.scores.accuracy_by_topic(guild_id, member_id)
            mine = await uow.scores.rank_of(guild_id, member_id, Period.ALL, EPOCH_DAY)
            of = mine.total if mine else await uow.scores.count(guild_id, Period.ALL, EPOCH_DAY)
            await uow.commit()
        points = {row.day: row.points for row in by_day}
        filled = [(since + timedelta(days=i), points.get(since + timedelta(days=i), 0)) for i in range(days)]
        totals = (
            StatsTotals(0, 0, 0, None, of)
            if mine is None
            else StatsTotals(
                mine.points, mine.answers, mine.correct, mine.rank, of, mine.open_answers, mine.coverage
            )
        )
        return MemberStats(
            points_by_day=filled,
            accuracy_by_topic=[
                TopicAccuracyRow(a.topic, a.answers, a.correct, a.open_answers, a.coverage) for a in accuracy
            ],
            totals=totals,
        )
