"""Creating a schedule's due posts, inside the caller's unit of work.

:meth:`~bot.services.daily.DailyPosts.create_due` reads what is due in batches and calls
:func:`create_for` for each schedule; a day whose reveal passed while the bot was down is
recorded as skipped rather than posted late.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.db.records import PostRecord, ScheduleRecord, ScheduleStatus
from bot.db.uow import UnitOfWork
from bot.domain.errors import EmptyPool
from bot.services.daily_errors import ZoneUnavailable
from bot.services.planning import Slot, Timing, choice_for, next_open_slot, post_nonce

log = logging.getLogger(__name__)

# Days one schedule may catch up on in one call after downtime; the next call goes on.
MAX_CATCH_UP_DAYS = 60

MISSED_WHILE_OFFLINE = "Not posted: the bot was offline until after this day's reveal time."


async def create_for(uow: UnitOfWork, schedule: ScheduleRecord, now: datetime) -> list[int]:
    """Create ``schedule``'s due days (up to ``MAX_CATCH_UP_DAYS``) and move it on; the new post ids."""
    try:
        timing = Timing.of(schedule)
    except ZoneUnavailable as unavailable:
        # Nothing can be placed on a calendar that is gone; the admin picks the zone again.
        log.warning("guild %s: time zone %r no longer loads; pausing", schedule.guild_id, schedule.timezone)
        await uow.schedules.pause(schedule.guild_id, str(unavailable), now)
        return []
    assert schedule.next_post_at is not None  # due() returns scheduled ones only
    slot = Slot(
        schedule.next_post_date or schedule.next_post_at.astimezone(timing.zone).date(),
        schedule.next_post_at,
    )
    due: list[Slot] = []
    while slot.at <= now and len(due) < MAX_CATCH_UP_DAYS:
        due.append(slot)
        slot = await next_open_slot(uow, schedule.guild_id, timing, slot.at, {s.day for s in due})
    # Claim the schedule first: a process that read it at the same time finds it moved and stops.
    if not await uow.schedules.advance_from(
        schedule.guild_id, schedule.next_post_at, slot.at, slot.day, now=now
    ):
        return []
    created: list[int] = []
    for day in due:
        post = await _create_post(uow, schedule, timing, day, now)
        if post is not None:
            created.append(post.id)
    return created


async def _create_post(
    uow: UnitOfWork, schedule: ScheduleRecord, timing: Timing, slot: Slot, now: datetime
) -> PostRecord | None:
    guild_id = schedule.guild_id
    reveal_at = timing.reveal(slot.day, slot.at)
    common = {
        "guild_id": guild_id,
        "local_date": slot.day,
        "channel_id": schedule.channel_id,
        "scheduled_for": slot.at,
        "reveal_at": reveal_at,
        "nonce": post_nonce(guild_id, slot.day),
        "now": now,
    }
    if reveal_at <= now:
        await uow.posts.create_skipped(reason=MISSED_WHILE_OFFLINE, **common)
        return None
    try:
        question = (await choice_for(uow, schedule)).pick(slot.day)
    except EmptyPool as exc:
        await uow.schedules.record_error(guild_id, str(exc), now)
        return None
    # None when the date already has a post (another process, or an admin's skip).
    return await uow.posts.create_pending(
        day_number=await uow.posts.next_day_number(guild_id), question_id=question.id, **common
    )


def is_due(schedule: ScheduleRecord, now: datetime) -> bool:
    return (
        schedule.status == ScheduleStatus.ACTIVE
        and schedule.next_post_at is not None
        and schedule.next_post_at <= now
    )
