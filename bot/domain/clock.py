"""Where the bot gets the time: one injected ``Clock`` instead of ``datetime.now()``.

Services take a ``Clock`` so tests (and the simcord harness, which runs on
virtual time) can move time by hand. Every instant a clock returns is aware
and in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


def require_aware(instant: datetime, what: str = "instant") -> datetime:
    """Return ``instant`` converted to UTC; raise ``ValueError`` if it is naive."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {instant!r}")
    return instant.astimezone(UTC)


class Clock(Protocol):
    """Something that knows what time it is."""

    def now(self) -> datetime:
        """The current instant, aware, in UTC."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to (tests, simulated time)."""

    def __init__(self, start: datetime) -> None:
        self._now = require_aware(start, "start")

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move forward (or back, with a negative delta) and return the new instant."""
        self._now = self._now + delta
        return self._now

    def set(self, instant: datetime) -> datetime:
        """Jump to ``instant`` (aware) and return it in UTC."""
        self._now = require_aware(instant)
        return self._now
