"""A server's time zone, decided in one place for planning, scoring, boards, reveals and reminders.

The zone is the one the admin chose in ``/qotd setup``. What an unknown zone means is decided
here too: a server without a schedule, or whose stored zone no longer loads (the host's tzdata
changed), counts in UTC, so points already earned are still scored and shown rather than lost.
Only placing new posts refuses such a zone (``planning.Timing.of`` raises ``ZoneUnavailable`` and
the schedule pauses until an admin picks the zone again): a post must not go out at a UTC time
nobody asked for. The rule itself is ``bot.domain.schedule.zone_or_utc``; code that holds only a
zone name (a schedule summary, the reminder query's rows) applies it to the name directly.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.db.records import ScheduleRecord
from bot.db.uow import UnitOfWork
from bot.domain.schedule import zone_or_utc


def zone_of(schedule: ScheduleRecord | None) -> ZoneInfo:
    """The server's zone (UTC without a schedule or when its zone no longer loads)."""
    return zone_or_utc(None if schedule is None else schedule.timezone)


async def server_zone(uow: UnitOfWork, guild_id: int) -> ZoneInfo:
    """:func:`zone_of` for a server known by id."""
    return zone_of(await uow.schedules.get(guild_id))
