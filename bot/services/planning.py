"""What the schedule and daily-post services share: a schedule's timing, open slots, choice, nonces."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.db.records import ScheduleRecord, ScheduleStatus
from bot.db.uow import UnitOfWork
from bot.domain import selection
from bot.domain.compact import base36
from bot.domain.errors import InvalidTimezone
from bot.domain.schedule import load_zone, next_post, parse_post_time, reveal_instant
from bot.domain.selection import Candidate, Filters, day_seed
from bot.services.daily_errors import ZoneUnavailable
from bot.services.installation import selection_secret

# Dates already taken by a post (or a skip) are stepped over; there are at most a
# couple ahead of the schedule, so this bound is never reached in practice.
_MAX_TAKEN_DATES = 16

NONCE_LENGTH = 25  # Discord's limit for a message nonce string


def post_nonce(guild_id: int, day: date) -> str:
    """The nonce a day's post is sent with: the same on every retry, at most 25 characters.

    Discord (with ``enforce_nonce``) returns the message already sent with this
    nonce instead of sending it twice. A snowflake is at most 13 base-36 digits.
    """
    nonce = f"{base36(guild_id)}-{day:%Y%m%d}"
    if len(nonce) > NONCE_LENGTH:
        raise ValueError(f"guild id {guild_id} is not a Discord snowflake")
    return nonce


@dataclass(frozen=True, slots=True)
class Timing:
    """When a schedule posts and reveals, read from its stored settings."""

    zone: ZoneInfo
    at: time
    reveal_after: timedelta | None

    @classmethod
    def of(cls, schedule: ScheduleRecord) -> Timing:
        """Raises ``ZoneUnavailable`` when the stored zone no longer loads (see ``bot.services.zones``)."""
        minutes = schedule.reveal_after_minutes
        try:
            zone = load_zone(schedule.timezone)
        except InvalidTimezone as exc:
            raise ZoneUnavailable(schedule.timezone) from exc
        return cls(
            zone=zone,
            at=parse_post_time(schedule.post_time),
            reveal_after=None if minutes is None else timedelta(minutes=minutes),
        )

    def reveal(self, day: date, post_instant: datetime) -> datetime:
        """When ``day``'s question (posted at ``post_instant``) is revealed."""
        return reveal_instant(post_instant, day, self.at, self.zone, self.reveal_after)


@dataclass(frozen=True, slots=True)
class Slot:
    """One local date's post instant."""

    day: date
    at: datetime


async def next_open_slot(
    uow: UnitOfWork, guild_id: int, timing: Timing, after: datetime, taken: Collection[date] = ()
) -> Slot:
    """The first post slot strictly after ``after`` whose local date has no post (or skip) yet.

    ``taken``: dates about to get a post in this unit of work, not written yet.
    """
    day, instant = next_post(after, timing.at, timing.zone)
    for _ in range(_MAX_TAKEN_DATES):
        if day not in taken and await uow.posts.get_for_date(guild_id, day) is None:
            break
        day, instant = next_post(instant, timing.at, timing.zone)
    return Slot(day, instant)


async def upcoming_slot(uow: UnitOfWork, schedule: ScheduleRecord, timing: Timing, now: datetime) -> Slot:
    """The slot the next post will take: the stored one while it can still be posted, else from now."""
    stored_at, stored_day = schedule.next_post_at, schedule.next_post_date
    if (
        schedule.status == ScheduleStatus.ACTIVE
        and stored_at is not None
        and stored_day is not None
        and timing.reveal(stored_day, stored_at) > now
    ):
        return Slot(stored_day, stored_at)
    return await next_open_slot(uow, schedule.guild_id, timing, now)


async def following_slots(
    uow: UnitOfWork, guild_id: int, timing: Timing, first: Slot, count: int
) -> list[Slot]:
    """``first`` and the open slots after it: ``count`` in all."""
    slots = [first]
    while len(slots) < count:
        slots.append(await next_open_slot(uow, guild_id, timing, slots[-1].at))
    return slots


def filters_of(schedule: ScheduleRecord, sources_off: frozenset[str] = frozenset()) -> Filters:
    return Filters(topics=frozenset(schedule.topics), difficulty=schedule.difficulty, sources_off=sources_off)


@dataclass(frozen=True, slots=True)
class Chooser:
    """Everything ``bot.domain.selection`` needs to pick a server's next questions."""

    guild_id: int
    pool: tuple[Candidate, ...]
    asked: tuple[str, ...]
    filters: Filters
    previous_group: str | None
    secret: str  # the installation's selection secret (see ``selection_secret``)

    def pick(self, day: date) -> Candidate:
        """The question for local date ``day`` (raises ``EmptyPool``)."""
        return selection.choose(
            self.pool,
            self.asked,
            self.filters,
            previous_group=self.previous_group,
            seed=day_seed(self.guild_id, day, self.secret),
        )

    def preview(self, days: Sequence[date]) -> list[Candidate]:
        """The questions of ``days`` in order, exactly as :meth:`pick` will choose them."""

        def seed(offset: int) -> str:
            return day_seed(self.guild_id, days[offset], self.secret)

        return selection.preview(self.pool, self.asked, self.filters, self.previous_group, seed, len(days))

    def eligible(self) -> list[Candidate]:
        return [c for c in self.pool if self.filters.matches(c)]

    def left_in_cycle(self) -> int:
        """Eligible questions not yet asked as often as the others: what remains before repeats."""
        eligible = self.eligible()
        if not eligible:
            return 0
        counts = Counter(self.asked)
        fewest = min(counts[c.id] for c in eligible)
        return sum(1 for c in eligible if counts[c.id] == fewest)

    def left_by_source(self) -> dict[str, tuple[int, int]]:
        """Per source with eligible questions: (eligible, not yet asked in this round), as in
        :meth:`left_in_cycle`."""
        eligible = self.eligible()
        counts = Counter(self.asked)
        fewest = min((counts[c.id] for c in eligible), default=0)
        out: dict[str, tuple[int, int]] = {}
        for c in eligible:
            size, left = out.get(c.source, (0, 0))
            out[c.source] = (size + 1, left + (counts[c.id] == fewest))
        return dict(sorted(out.items()))


async def choice_for(uow: UnitOfWork, schedule: ScheduleRecord) -> Chooser:
    """The pool, history and filters a server's next question is chosen from."""
    rows = await uow.questions.pool(schedule.guild_id)
    pool = tuple(r.candidate() for r in rows)
    asked = tuple(await uow.posts.asked_question_ids(schedule.guild_id))
    previous_group = None
    if asked:
        # Looked up directly: yesterday's question may have been retired since.
        previous = await uow.questions.get(asked[-1])
        previous_group = None if previous is None else previous.question.group
    secret = await selection_secret(uow)
    filters = filters_of(schedule, await uow.sources.disabled(schedule.guild_id))
    return Chooser(schedule.guild_id, pool, asked, filters, previous_group, secret)
