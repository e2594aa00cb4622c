"""When a member's review reminder goes out: at the time they picked, on days with reviews due, once a day.

Times are on the server's clock (its schedule's zone, UTC without one), as the
question's post time is; a member who picked none is reminded at that post time.
A day "has reviews due" when one of the member's cards comes due before that
local day ends, so the reminder can go at the chosen time even when the card
itself comes due a little later that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.clock import require_aware
from bot.domain.schedule import local_date, parse_post_time, resolve_local

DEFAULT_TIME = time(9, 0)
"""The reminder time for a server without a schedule (so without a post time) and no time picked."""


@dataclass(frozen=True, slots=True)
class ReminderClock:
    """A member's reminder time on their server's clock."""

    zone: ZoneInfo
    at: time

    @classmethod
    def of(cls, zone: ZoneInfo, chosen: str | None, post_time: str | None) -> ReminderClock:
        """The member's ``chosen`` time ("HH:MM"), else the server's ``post_time``, else 09:00."""
        text = chosen or post_time
        return cls(zone, parse_post_time(text) if text else DEFAULT_TIME)

    def today(self, now: datetime) -> date:
        return local_date(now, self.zone)

    def instant(self, day: date) -> datetime:
        """When the reminder of local ``day`` is due (UTC)."""
        return resolve_local(day, self.at, self.zone)

    def day_end(self, day: date) -> datetime:
        """The first instant after local ``day`` (UTC)."""
        return resolve_local(day + timedelta(days=1), time(0), self.zone)

    def passed_today(self, now: datetime) -> bool:
        return require_aware(now) >= self.instant(self.today(now))

    def due_day(self, now: datetime, last_sent_on: date | None, first_due: datetime) -> date | None:
        """The local date to remind for at ``now`` (None: not now).

        Not before the reminder time, not twice on one date, and only when a card
        (the earliest is ``first_due``) comes due before the day ends.
        """
        today = self.today(now)
        if last_sent_on is not None and last_sent_on >= today:
            return None
        if not self.passed_today(now) or first_due >= self.day_end(today):
            return None
        return today

    def next_instant(self, now: datetime, last_sent_on: date | None) -> datetime:
        """The next instant a reminder may go out (it does if reviews are due that day)."""
        today = self.today(now)
        done_today = last_sent_on is not None and last_sent_on >= today
        return self.instant(
            today if not done_today and not self.passed_today(now) else today + timedelta(days=1)
        )
