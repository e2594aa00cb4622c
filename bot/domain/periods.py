"""Leaderboard periods: today, this week, this month, all time, on the server's calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.schedule import local_date, resolve_local

EPOCH_DAY = date(1970, 1, 1)
"""The start of the ALL period (running totals are keyed by it)."""

END_OF_TIME = datetime(9999, 1, 1, tzinfo=UTC)
"""The (exclusive) end of the ALL period."""


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"  # Monday to Sunday
    MONTH = "month"
    ALL = "all"


def period_start(period: Period, day: date) -> date:
    """The local date ``period`` containing ``day`` starts on (weeks start on Monday)."""
    match period:
        case Period.DAY:
            return day
        case Period.WEEK:
            return day - timedelta(days=day.weekday())
        case Period.MONTH:
            return day.replace(day=1)
        case Period.ALL:
            return EPOCH_DAY
    raise ValueError(f"unknown period {period!r}")


def _next_start(period: Period, start: date) -> date | None:
    match period:
        case Period.DAY:
            return start + timedelta(days=1)
        case Period.WEEK:
            return start + timedelta(days=7)
        case Period.MONTH:
            return date(start.year + start.month // 12, start.month % 12 + 1, 1)
        case Period.ALL:
            return None
    raise ValueError(f"unknown period {period!r}")


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    # resolve_local gives the first instant of the date even where midnight
    # itself is skipped or repeated by a DST change.
    return resolve_local(day, time(0), zone)


def period_bounds(period: Period, instant: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC half-open bounds ``[start, end)`` of the period containing ``instant``, at local midnights."""
    start = period_start(period, local_date(instant, zone))
    end = _next_start(period, start)
    return _midnight(start, zone), END_OF_TIME if end is None else _midnight(end, zone)


def period_starts(day: date) -> dict[Period, date]:
    """The start of every period containing ``day``: the keys of the running totals to update."""
    return {period: period_start(period, day) for period in Period}
