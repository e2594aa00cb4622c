"""The points ledger (``score_events``) and the running totals that leaderboards read.

Every event is written to the ledger and, in the same statement batch, added
to ``score_totals`` for each period it falls in, for all topics (``""``) and
for its own topic. A total's ``reached_at`` is when its points last changed,
so ties rank whoever got there first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, FromClause, and_, case, exists, func, literal, or_, select, union_all

from bot.db.models import MemberRoleModel, ScoreEventModel, ScoreTotalModel
from bot.db.records import BoardKey, DayPoints, RankRow, ScoreEventIn, TopicAccuracy, TotalRow
from bot.db.repositories.base import Repository, chunked, to_record, to_records

_e = ScoreEventModel.__table__
_t = ScoreTotalModel.__table__
_r = MemberRoleModel.__table__

BOTTOM = BoardKey(points=0, reached_at=datetime.min.replace(tzinfo=UTC), member_id=0)
"""``before=BOTTOM``: the last rows of the board (the key itself is never compared)."""

PERIODS = frozenset({"day", "week", "month", "all"})
ALL_TOPICS = ""
_TOTAL_KEY = (_t.c.guild_id, _t.c.period, _t.c.period_start, _t.c.topic, _t.c.member_id)
_TOTAL_COLUMNS = (
    _t.c.member_id,
    _t.c.points,
    _t.c.answers,
    _t.c.correct,
    _t.c.reached_at,
    _t.c.open_answers,
    _t.c.coverage,
)
# Leaderboard order: most points, then who reached them first, then member id (stable).
_ORDER = (_t.c.points.desc(), _t.c.reached_at.asc(), _t.c.member_id.asc())
_REVERSE = (_t.c.points.asc(), _t.c.reached_at.desc(), _t.c.member_id.desc())


def _board(
    guild_id: int,
    period: str,
    period_start: date,
    topic: str,
    role_id: int | None,
    t: FromClause = _t,
) -> list[ColumnElement[bool]]:
    """The rows of one leaderboard (of ``t``, the totals or an alias), optionally only members with ``role_id``."""
    where = [
        t.c.guild_id == guild_id,
        t.c.period == period,
        t.c.period_start == period_start,
        t.c.topic == topic,
    ]
    if role_id is not None:
        where.append(
            exists().where(
                _r.c.guild_id == t.c.guild_id, _r.c.member_id == t.c.member_id, _r.c.role_id == role_id
            )
        )
    return where


_EVENT_FIELDS = tuple(f.name for f in fields(ScoreEventIn))


def _event_row(event: ScoreEventIn) -> dict[str, Any]:
    # Not dataclasses.asdict: it deep-copies every value, a third of the cost of a large reveal.
    return {name: getattr(event, name) for name in _EVENT_FIELDS}


def _board_order(row: TotalRow) -> tuple[int, datetime, int]:
    """The leaderboard order (``_ORDER``) in Python."""
    return -row.points, row.reached_at, row.member_id


def _ahead_of(points: Any, reached_at: Any, member_id: Any, t: FromClause = _t) -> ColumnElement[bool]:
    """Rows of ``t`` ranked before a member with ``points`` reached at ``reached_at`` (values or columns)."""
    return or_(
        t.c.points > points,
        and_(t.c.points == points, t.c.reached_at < reached_at),
        and_(t.c.points == points, t.c.reached_at == reached_at, t.c.member_id < member_id),
    )


def _behind(key: BoardKey) -> ColumnElement[bool]:
    """Rows ranked after ``key``; the redundant ``points`` bound lets the board's index seek to it."""
    return and_(
        _t.c.points <= key.points,
        or_(
            _t.c.points < key.points,
            and_(_t.c.points == key.points, _t.c.reached_at > key.reached_at),
            and_(
                _t.c.points == key.points, _t.c.reached_at == key.reached_at, _t.c.member_id > key.member_id
            ),
        ),
    )


def _aggregate_totals(events: list[ScoreEventIn], period_starts: Mapping[str, date]) -> list[dict[str, Any]]:
    """One increment per total row touched by ``events`` (applied in the order given)."""
    totals: dict[tuple[Any, ...], dict[str, Any]] = {}
    for event in events:
        topics = {ALL_TOPICS, event.topic}
        for period, start in period_starts.items():
            for topic in topics:
                key = (event.guild_id, period, start, topic, event.member_id)
                row = totals.get(key)
                if row is None:
                    row = totals[key] = {
                        "guild_id": event.guild_id,
                        "period": period,
                        "period_start": start,
                        "topic": topic,
                        "member_id": event.member_id,
                        "points": 0,
                        "answers": 0,
                        "correct": 0,
                        "open_answers": 0,
                        "coverage": 0.0,
                        "reached_at": event.occurred_at,
                    }
                row["points"] += event.points
                row["answers"] += 1
                # "Correct" counts multiple choice; open answers count their share of key points.
                row["correct"] += int(event.correct and event.coverage is None)
                if event.coverage is not None:
                    row["open_answers"] += 1
                    row["coverage"] += event.coverage
                if event.points:
                    row["reached_at"] = event.occurred_at
    return list(totals.values())


class ScoreRepository(Repository):
    async def add(self, event: ScoreEventIn, period_starts: Mapping[str, date]) -> None:
        """Record one event and add it to the totals of each period in ``period_starts``.

        ``period_starts`` maps "day"/"week"/"month"/"all" to the local date that
        period starts on (the caller computes them in the server's time zone;
        "all" starts on 1970-01-01).
        """
        await self.add_many((event,), period_starts)

    async def add_many(self, events: Iterable[ScoreEventIn], period_starts: Mapping[str, date]) -> int:
        """:meth:`add` for many events sharing the same periods (a reveal); returns how many.

        Totals are pre-aggregated per row and written in batches, so a reveal with
        thousands of answers costs a handful of statements.
        """
        unknown = set(period_starts) - PERIODS
        if unknown:
            raise ValueError(f"unknown periods {sorted(unknown)}; expected some of {sorted(PERIODS)}")
        events = list(events)
        if any(e.points < 0 for e in events):
            raise ValueError("score events carry non-negative points")
        if not events:
            return 0
        for batch in chunked([_event_row(e) for e in events]):
            await self._session.execute(_e.insert(), list(batch))
        ins = self._upsert(_t)
        stmt = ins.on_conflict_do_update(
            index_elements=list(_TOTAL_KEY),
            set_={
                "points": _t.c.points + ins.excluded.points,
                "answers": _t.c.answers + ins.excluded.answers,
                "correct": _t.c.correct + ins.excluded.correct,
                "open_answers": _t.c.open_answers + ins.excluded.open_answers,
                "coverage": _t.c.coverage + ins.excluded.coverage,
                # Points are never negative: a non-zero increment changed the score.
                "reached_at": case(
                    (ins.excluded.points != 0, ins.excluded.reached_at), else_=_t.c.reached_at
                ),
            },
        )
        for batch in chunked(_aggregate_totals(events, period_starts)):
            await self._session.execute(stmt, list(batch))
        return len(events)

    async def top(
        self,
        guild_id: int,
        period: str,
        period_start: date,
        *,
        topic: str = ALL_TOPICS,
        role_id: int | None = None,
        after: BoardKey | None = None,
        before: BoardKey | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[TotalRow]:
        """A page of the leaderboard (points desc, then earliest ``reached_at``, then member id).

        By keyset: the ``limit`` rows just after ``after`` (from the top without it), or with
        ``before``, the ``limit`` rows just before it (from the bottom when ``before`` is
        :data:`BOTTOM`); a page deep in a large board is an index seek like the first one.
        ``offset`` (skip that many from the top) is for jumping to a page by number.
        """
        where = _board(guild_id, period, period_start, topic, role_id)
        if before is not None:
            if before is not BOTTOM:
                where.append(_t.c.points >= before.points)
                where.append(_ahead_of(before.points, before.reached_at, before.member_id))
            stmt = select(*_TOTAL_COLUMNS).where(*where).order_by(*_REVERSE).limit(limit)
            return to_records(TotalRow, await self._session.execute(stmt))[::-1]
        if after is not None:
            where.append(_behind(after))
        stmt = select(*_TOTAL_COLUMNS).where(*where).order_by(*_ORDER).limit(limit).offset(offset)
        return to_records(TotalRow, await self._session.execute(stmt))

    async def rank_of(
        self,
        guild_id: int,
        member_id: int,
        period: str,
        period_start: date,
        *,
        topic: str = ALL_TOPICS,
        role_id: int | None = None,
    ) -> RankRow | None:
        """A member's place on that leaderboard (None if they are not on it)."""
        # One round trip: the member's row with two counts over the same board as subqueries.
        other = _t.alias("other")
        board_of_other = _board(guild_id, period, period_start, topic, role_id, other)
        ahead = _ahead_of(_t.c.points, _t.c.reached_at, _t.c.member_id, other)
        mine = (
            await self._session.execute(
                select(
                    *_TOTAL_COLUMNS,
                    select(func.count()).where(*board_of_other, ahead).scalar_subquery().label("ahead"),
                    select(func.count()).where(*board_of_other).scalar_subquery().label("total"),
                ).where(*_board(guild_id, period, period_start, topic, role_id), _t.c.member_id == member_id)
            )
        ).first()
        if mine is None:
            return None
        return RankRow(
            member_id=member_id,
            rank=int(mine.ahead) + 1,
            total=int(mine.total),
            points=mine.points,
            answers=mine.answers,
            correct=mine.correct,
            reached_at=mine.reached_at,
            open_answers=mine.open_answers,
            coverage=mine.coverage,
        )

    async def count(
        self,
        guild_id: int,
        period: str,
        period_start: date,
        *,
        topic: str = ALL_TOPICS,
        role_id: int | None = None,
        ahead_of: BoardKey | None = None,
    ) -> int:
        """How many members are on that leaderboard (only those ranked before ``ahead_of``, if given)."""
        where = _board(guild_id, period, period_start, topic, role_id)
        if ahead_of is not None:
            where.append(_ahead_of(ahead_of.points, ahead_of.reached_at, ahead_of.member_id))
        result = await self._session.execute(select(func.count()).where(*where))
        return int(result.scalar_one())

    async def points_by_day(
        self, guild_id: int, member_id: int, since: date, *, tz: tzinfo = UTC
    ) -> list[DayPoints]:
        """Points per local day (in ``tz``) from ``since`` on, days with events only, oldest first."""
        start = datetime.combine(since, time.min, tzinfo=tz)
        result = await self._session.execute(
            select(_e.c.occurred_at, _e.c.points).where(
                _e.c.guild_id == guild_id, _e.c.member_id == member_id, _e.c.occurred_at >= start
            )
        )
        days: dict[date, int] = {}
        for occurred_at, points in result:
            day = occurred_at.astimezone(tz).date()
            days[day] = days.get(day, 0) + points
        return [DayPoints(day=day, points=points) for day, points in sorted(days.items())]

    async def accuracy_by_topic(self, guild_id: int, member_id: int) -> list[TopicAccuracy]:
        """Per topic: how many scored answers, how many correct, points; by topic name."""
        result = await self._session.execute(
            select(
                _e.c.topic,
                func.count().label("answers"),
                func.coalesce(
                    func.sum(case((and_(_e.c.correct, _e.c.coverage.is_(None)), 1), else_=0)), 0
                ).label("correct"),
                func.count(_e.c.coverage).label("open_answers"),
                func.coalesce(func.sum(_e.c.coverage), 0.0).label("coverage"),
                func.coalesce(func.sum(_e.c.points), 0).label("points"),
            )
            .where(_e.c.guild_id == guild_id, _e.c.member_id == member_id)
            .group_by(_e.c.topic)
            .order_by(_e.c.topic)
        )
        return [
            TopicAccuracy(
                topic=r.topic,
                answers=int(r.answers),
                correct=int(r.correct),
                points=int(r.points),
                open_answers=int(r.open_answers),
                coverage=float(r.coverage),
            )
            for r in result
        ]

    async def neighbours(
        self,
        guild_id: int,
        period: str,
        period_start: date,
        mine: RankRow,
        *,
        topic: str = ALL_TOPICS,
        role_id: int | None = None,
        above: int = 2,
        below: int = 2,
    ) -> tuple[list[TotalRow], list[TotalRow]]:
        """Up to ``above`` members just ahead of ``mine`` and ``below`` just behind, each in board order.

        Keyset queries from the member's own row: the redundant ``points`` range
        lets the leaderboard index seek to the member's score instead of walking
        the board from the top, so a rank deep in a large board costs no more.
        """
        board = _board(guild_id, period, period_start, topic, role_id)
        ahead = _ahead_of(mine.points, mine.reached_at, mine.member_id)
        behind = ~ahead & (_t.c.member_id != mine.member_id)
        closest_ahead = (
            select(*_TOTAL_COLUMNS, literal(True).label("is_ahead"))
            .where(*board, _t.c.points >= mine.points, ahead)
            .order_by(*_REVERSE)
            .limit(max(above, 0))
            .subquery()
        )
        closest_behind = (
            select(*_TOTAL_COLUMNS, literal(False).label("is_ahead"))
            .where(*board, _t.c.points <= mine.points, behind)
            .order_by(*_ORDER)
            .limit(max(below, 0))
            .subquery()
        )
        # One round trip for both sides: each costs an index seek and a few rows.
        result = await self._session.execute(union_all(select(closest_ahead), select(closest_behind)))
        before: list[TotalRow] = []
        after: list[TotalRow] = []
        for row in result:
            (before if row.is_ahead else after).append(to_record(TotalRow, row))
        return sorted(before, key=_board_order), sorted(after, key=_board_order)
