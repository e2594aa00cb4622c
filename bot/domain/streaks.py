"""Answer streaks: consecutive local dates on which a member answered."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Streak:
    current: int = 0
    best: int = 0
    last_date: date | None = None  # the server-local date of the last answer


def record_day(streak: Streak, day: date) -> Streak:
    """The streak after answering on local date ``day``.

    A second answer the same day changes nothing; the day after the last one
    extends the streak; after a gap it starts again at 1. A ``day`` before
    ``last_date`` (a late-processed answer) changes nothing either.
    """
    last = streak.last_date
    if last is not None and day <= last:
        return streak
    current = streak.current + 1 if last is not None and day - last == _ONE_DAY else 1
    return replace(streak, current=current, best=max(streak.best, current), last_date=day)


def current_as_of(streak: Streak, today: date) -> int:
    """The streak as it stands on ``today``: still alive if the last answer was today or yesterday."""
    if streak.last_date is None or streak.last_date < today - _ONE_DAY:
        return 0
    return streak.current
