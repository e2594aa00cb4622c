"""A server's question-of-the-day schedule: set up, inspect, pause, resume, skip, preview."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from bot.db.records import PostRecord, PostStatus, ScheduleRecord, ScheduleStatus
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.errors import NotConfigured
from bot.domain.questions import Difficulty, Question, Topic
from bot.domain.schedule import format_post_time, load_zone, local_date, parse_post_time, zone_or_utc
from bot.services.daily_errors import InvalidDifficulty, InvalidRevealDelay, UnknownTopic, ZoneUnavailable
from bot.services.errors import busy_means_try_again
from bot.services.planning import (
    Slot,
    Timing,
    choice_for,
    following_slots,
    next_open_slot,
    post_nonce,
    upcoming_slot,
)

MIN_REVEAL_AFTER_MINUTES = 5
MAX_REVEAL_AFTER_MINUTES = 1440
MAX_PREVIEW = 14
SKIPPED_BY_ADMIN = "Skipped by an admin."
CHANNEL_DELETED = "The question channel was deleted; set up a new one with /qotd setup."
# Steps over dates another process took between reading and writing; a couple at most.
_SKIP_ATTEMPTS = 4


@dataclass(frozen=True, slots=True)
class ScheduleSummary:
    """A server's schedule and, unless paused, its next post and reveal."""

    guild_id: int
    channel_id: int
    post_time: str  # "HH:MM" on the server's clock
    timezone: str  # IANA name
    reveal_after_minutes: int | None  # None: 15 minutes before the next day's post
    topics: tuple[str, ...]  # empty: every topic
    difficulty: str | None
    ping_role_id: int | None
    open_thread: bool
    paused: bool
    paused_reason: str | None
    next_post_date: date | None  # the server-local date of the next post
    next_post_at: datetime | None  # UTC; None while paused
    next_reveal_at: datetime | None  # UTC
    skip_date: date | None  # the last date an admin skipped

    @property
    def next_post_local(self) -> datetime | None:
        """The next post instant on the server's clock (UTC's if its zone no longer loads)."""
        return None if self.next_post_at is None else self.next_post_at.astimezone(zone_or_utc(self.timezone))

    @property
    def next_reveal_local(self) -> datetime | None:
        """The next reveal instant on the server's clock (UTC's if its zone no longer loads)."""
        return (
            None
            if self.next_reveal_at is None
            else self.next_reveal_at.astimezone(zone_or_utc(self.timezone))
        )


@dataclass(frozen=True, slots=True)
class ScheduleStatusReport:
    """``/qotd status``: the schedule, what went wrong last, and how much of the pool is left."""

    schedule: ScheduleSummary
    last_error: str | None
    last_error_at: datetime | None
    pool_size: int  # questions eligible under the schedule's filters
    pool_left: int  # eligible questions not asked yet in the current cycle
    next_day_number: int  # "Day N" of the next post
    # Per source with eligible questions: (eligible, not asked yet in this round); and the sources off.
    pool_by_source: dict[str, tuple[int, int]] = field(default_factory=dict)
    sources_off: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PostSummary:
    """One line of ``/qotd history``."""

    post_id: int
    day_number: int | None  # None for days that were skipped or failed (never shown)
    local_date: date
    question_id: str | None  # None for a day skipped before its question was chosen
    prompt: str | None
    channel_id: int
    message_id: int | None
    status: str  # PostStatus
    answer_count: int
    note: str | None  # why a post was skipped or failed
    scheduled_for: datetime  # the post time of its day
    reveal_at: datetime

    def state(self, now: datetime) -> str:
        """Where the day stands: waiting, open (for answers), revealing, revealed, skipped or failed."""
        if self.status == PostStatus.PENDING:
            return "waiting"
        if self.status == PostStatus.SENT:
            return "open" if self.reveal_at > now else "revealing"
        return str(self.status)


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """One page of ``/qotd history``: ``page`` is 0-based, of ``pages``; ``now`` tells open posts apart."""

    posts: list[PostSummary]
    page: int
    pages: int
    now: datetime


@dataclass(frozen=True, slots=True)
class Upcoming:
    """One coming post of ``/qotd preview``: its question and when it is posted, on the server's clock."""

    question: Question
    at: datetime  # aware, in the server's zone
    today: date  # the server's date now, to say "today" and "tomorrow"


def _reveal_of(schedule: ScheduleRecord, day: date, post_at: datetime) -> datetime | None:
    """When the post of ``day`` is revealed; None when the schedule's zone no longer loads."""
    try:
        return Timing.of(schedule).reveal(day, post_at)
    except ZoneUnavailable:
        return None  # the schedule pauses at its post time, and /qotd status says why


def _view(schedule: ScheduleRecord) -> ScheduleSummary:
    """What ``/qotd status`` and the other commands show, even for a zone that no longer loads."""
    paused = schedule.status != ScheduleStatus.ACTIVE
    post_at = None if paused else schedule.next_post_at
    day = schedule.next_post_date
    reveal_at = None if post_at is None or day is None else _reveal_of(schedule, day, post_at)
    return ScheduleSummary(
        guild_id=schedule.guild_id,
        channel_id=schedule.channel_id,
        post_time=schedule.post_time,
        timezone=schedule.timezone,
        reveal_after_minutes=schedule.reveal_after_minutes,
        topics=schedule.topics,
        difficulty=schedule.difficulty,
        ping_role_id=schedule.ping_role_id,
        open_thread=schedule.open_thread,
        paused=paused,
        paused_reason=schedule.paused_reason,
        next_post_date=None if paused else day,
        next_post_at=post_at,
        next_reveal_at=reveal_at,
        skip_date=schedule.skip_date,
    )


async def _require(uow: UnitOfWork, guild_id: int) -> ScheduleRecord:
    schedule = await uow.schedules.get(guild_id)
    if schedule is None:
        raise NotConfigured()
    return schedule


async def stop_schedule(
    uow: UnitOfWork, guild_id: int, reason: str, now: datetime, *, paused_by: int | None = None
) -> bool:
    """Pause the server's schedule with ``reason`` and skip its posts not sent yet."""
    paused = await uow.schedules.pause(guild_id, reason, now, paused_by=paused_by)
    if paused:
        await uow.posts.skip_pending(guild_id, reason, now)
    return paused


class Schedules:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, topics: Sequence[Topic]) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._topics = {t.id.casefold(): t.id for t in topics}

    def _topic_ids(self, topics: Sequence[str]) -> tuple[str, ...]:
        chosen: dict[str, None] = {}
        for name in topics:
            topic_id = self._topics.get(name.strip().casefold())
            if topic_id is None:
                raise UnknownTopic(name)
            chosen[topic_id] = None
        return tuple(chosen)

    async def setup(
        self,
        guild_id: int,
        *,
        channel_id: int,
        post_time: str,
        timezone: str,
        reveal_after_minutes: int | None = None,
        topics: Sequence[str] = (),
        difficulty: str | None = None,
        ping_role_id: int | None = None,
        open_thread: bool = False,
    ) -> ScheduleSummary:
        """Create or replace the server's schedule; a paused schedule resumes.

        Raises ``InvalidTimezone``, ``InvalidTime``, ``UnknownTopic``,
        ``InvalidDifficulty`` or ``InvalidRevealDelay`` before anything is saved.
        """
        zone = load_zone(timezone)
        at = parse_post_time(post_time)
        topic_ids = self._topic_ids(topics)
        level = None
        if difficulty is not None:
            allowed = [str(d) for d in Difficulty]
            level = difficulty.strip().casefold()
            if level not in allowed:
                raise InvalidDifficulty(difficulty, allowed)
        if reveal_after_minutes is not None and not (
            MIN_REVEAL_AFTER_MINUTES <= reveal_after_minutes <= MAX_REVEAL_AFTER_MINUTES
        ):
            raise InvalidRevealDelay(reveal_after_minutes, MIN_REVEAL_AFTER_MINUTES, MAX_REVEAL_AFTER_MINUTES)
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            previous = await uow.schedules.get(guild_id)
            schedule = ScheduleRecord(
                guild_id=guild_id,
                channel_id=channel_id,
                post_time=format_post_time(at),
                timezone=zone.key,
                reveal_after_minutes=reveal_after_minutes,
                topics=topic_ids,
                difficulty=level,
                ping_role_id=ping_role_id,
                open_thread=open_thread,
                skip_date=None if previous is None else previous.skip_date,
            )
            slot = await next_open_slot(uow, guild_id, Timing.of(schedule), now)
            saved = await uow.schedules.save(
                replace(schedule, next_post_at=slot.at, next_post_date=slot.day), now=now
            )
            await uow.commit()
        return _view(saved)

    async def status(self, guild_id: int) -> ScheduleStatusReport:
        async with busy_means_try_again(), self._uow() as uow:
            schedule = await _require(uow, guild_id)
            chooser = await choice_for(uow, schedule)
            next_day = await uow.posts.next_day_number(guild_id)
        return ScheduleStatusReport(
            schedule=_view(schedule),
            last_error=schedule.last_error,
            last_error_at=schedule.last_error_at,
            pool_size=len(chooser.eligible()),
            pool_left=chooser.left_in_cycle(),
            next_day_number=next_day,
            pool_by_source=chooser.left_by_source(),
            sources_off=chooser.filters.sources_off,
        )

    async def pause(self, guild_id: int, reason: str, paused_by: int | None = None) -> ScheduleSummary:
        """Stop posting until :meth:`resume` (a post already out is still revealed and scored).

        ``paused_by``: the admin who paused, so forgetting them takes their name out of ``reason``.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            await _require(uow, guild_id)
            await stop_schedule(uow, guild_id, reason, now, paused_by=paused_by)
            schedule = await _require(uow, guild_id)
            await uow.commit()
        return _view(schedule)

    async def resume(self, guild_id: int) -> ScheduleSummary:
        """Post again, from the next post time after now."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            schedule = await _require(uow, guild_id)
            slot = await next_open_slot(uow, guild_id, Timing.of(schedule), now)
            await uow.schedules.resume(guild_id, slot.at, now=now, next_post_date=slot.day)
            schedule = await _require(uow, guild_id)
            await uow.commit()
        return _view(schedule)

    async def skip(self, guild_id: int, reason: str = SKIPPED_BY_ADMIN) -> Slot:
        """The next local date gets no post; returns that date and the post time it loses.

        The skip is stored as that date's post (status ``skipped``), so no
        process can create a post for it afterwards, whatever the schedule does.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            schedule = await _require(uow, guild_id)
            timing = Timing.of(schedule)
            slot = await upcoming_slot(uow, schedule, timing, now)
            for _ in range(_SKIP_ATTEMPTS):
                skipped = await uow.posts.create_skipped(
                    guild_id=guild_id,
                    local_date=slot.day,
                    channel_id=schedule.channel_id,
                    scheduled_for=slot.at,
                    reveal_at=timing.reveal(slot.day, slot.at),
                    nonce=post_nonce(guild_id, slot.day),
                    reason=reason,
                    now=now,
                )
                if skipped is not None:
                    break
                # Another process created that day's post just now: skip the one after.
                slot = await next_open_slot(uow, guild_id, timing, slot.at)
            after = await next_open_slot(uow, guild_id, timing, slot.at)
            await uow.schedules.advance(guild_id, after.at, now=now, next_post_date=after.day)
            await uow.schedules.set_skip_date(guild_id, slot.day, now)
            await uow.commit()
        return slot

    async def history(self, guild_id: int, limit: int = 10, offset: int = 0) -> list[PostSummary]:
        """The server's posts, newest first (skipped and failed days included)."""
        async with busy_means_try_again(), self._uow() as uow:
            await _require(uow, guild_id)
            posts = await uow.posts.history(guild_id, limit=limit, offset=offset)
            questions = await uow.questions.get_many(p.question_id for p in posts if p.question_id)
            # Answers are counted into the post at its reveal; until then, count them live.
            live = await uow.answers.counts_for_posts(p.id for p in posts if p.scored_at is None)
        return [
            PostSummary(
                post_id=p.id,
                day_number=p.day_number if _was_asked(p) else None,
                local_date=p.local_date,
                question_id=p.question_id,
                prompt=questions[p.question_id].question.prompt if p.question_id in questions else None,
                channel_id=p.channel_id,
                message_id=p.message_id,
                status=p.status,
                answer_count=p.answer_count if p.scored_at is not None else live.get(p.id, 0),
                note=p.error,
                scheduled_for=p.scheduled_for,
                reveal_at=p.reveal_at,
            )
            for p in posts
        ]

    async def history_page(self, guild_id: int, page: int = 0, per_page: int = 10) -> HistoryPage:
        """:meth:`history`'s ``page`` (0-based; the last one when past the end), with the page count."""
        async with busy_means_try_again(), self._uow() as uow:
            pages = max(1, -(-await uow.posts.count(guild_id) // per_page))
        page = max(0, min(page, pages - 1))
        posts = await self.history(guild_id, limit=per_page, offset=page * per_page)
        return HistoryPage(posts, page, pages, self._clock.now())

    async def preview(self, guild_id: int, count: int = 3) -> list[Question]:
        """The questions of the next ``count`` posts, as they will be chosen (same seeds)."""
        return [coming.question for coming in await self.upcoming(guild_id, count)]

    async def upcoming(self, guild_id: int, count: int = 3) -> list[Upcoming]:
        """:meth:`preview` with when each question is posted."""
        count = max(1, min(count, MAX_PREVIEW))
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            schedule = await _require(uow, guild_id)
            timing = Timing.of(schedule)
            first: Slot = await upcoming_slot(uow, schedule, timing, now)
            slots = await following_slots(uow, guild_id, timing, first, count)
            chooser = await choice_for(uow, schedule)
            picks = chooser.preview([s.day for s in slots])
            stored = await uow.questions.get_many(p.id for p in picks)
            await uow.commit()  # keeps the selection secret, should this preview be the first to need it
        today = local_date(now, timing.zone)
        return [
            Upcoming(stored[p.id].question, s.at.astimezone(timing.zone), today)
            for p, s in zip(picks, slots, strict=False)  # fewer picks when the pool runs short
        ]

    async def channel_deleted(self, guild_id: int, channel_id: int) -> bool:
        """A channel was deleted: if it was the question channel, pause (True); otherwise nothing."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            schedule = await uow.schedules.get(guild_id)
            if schedule is None or schedule.channel_id != channel_id:
                return False
            paused = await stop_schedule(uow, guild_id, CHANNEL_DELETED, now)
            await uow.commit()
        return paused

    async def bot_removed(self, guild_id: int, reason: str) -> bool:
        """The bot left or was removed from the server: pause with ``reason``; False without a schedule."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            paused = await stop_schedule(uow, guild_id, reason, now)
            await uow.commit()
        return paused


def _was_asked(post: PostRecord) -> bool:
    return post.status in (PostStatus.PENDING, PostStatus.SENT, PostStatus.REVEALED)
