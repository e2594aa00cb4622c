"""Spaced repetition: a member's review cards, what is due, and the daily review reminder.

Every question a member answers (daily, quiz or practice) gets a card in that
server; :func:`ensure_card` is the shared step other services call inside their
own unit of work. Cards follow FSRS (``bot.domain.review``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from bot.db.records import ReviewCardRecord, ScheduleRecord
from bot.db.repositories.reviews import CardInterval, ReminderCandidate
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.clock import Clock, require_aware
from bot.domain.errors import UnknownQuestion
from bot.domain.questions import Question
from bot.domain.reminders import ReminderClock
from bot.domain.review import CardState, Recall, new_card, review
from bot.domain.schedule import format_post_time, parse_post_time, zone_or_utc
from bot.services.embargo import embargo_in
from bot.services.errors import busy_means_try_again
from bot.services.members import MemberRef
from bot.services.zones import zone_of

FIRST_REVIEW_AFTER = timedelta(days=1)
"""A card made for an answered question first comes up the next day (the answer was just seen)."""

MATURE_INTERVAL = timedelta(days=21)
"""A card whose reviews are this far apart counts as learnt (the usual spaced-repetition threshold)."""

MAX_DUE = 25

REMINDER_HORIZON = timedelta(hours=26)
"""Longer than any local day still running (25 hours on a DST day): cards due by then may be due today."""


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    question_id: str
    due: datetime
    interval_days: int  # whole days until the card is due again (0: later today)


@dataclass(frozen=True, slots=True)
class ReminderToSend:
    guild_id: int
    member_id: int
    due_count: int  # cards due before the member's local day ends
    day: date  # the server-local date to pass back to ``mark_reminded``
    first_due: datetime  # the earliest of them (may be later today)


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """A member's review reminders in one server, as ``/review reminders`` confirms them."""

    on: bool
    at: str  # "HH:MM" on the server's clock
    timezone: str  # the server's zone (UTC without a schedule)
    picked: bool  # False: ``at`` is the server's post time (or 09:00 without a schedule)
    post_time: bool  # True: ``at`` is the server's post time (the member picked none)
    next_at: datetime | None  # the next reminder, if reviews are due that day; None when off


class TopicMastery(NamedTuple):
    cards: int
    mature: int


@dataclass(frozen=True, slots=True)
class TopicProgress:
    """One topic area for ``/topics``: the server's askable questions and the member's cards."""

    questions: int  # askable questions of the topic in the server's pool (shared bank + own)
    cards: int
    mature: int


async def record_roles(uow: UnitOfWork, member: MemberRef, now: datetime) -> None:
    """Remember the roles the member had on this interaction (role leaderboards)."""
    await uow.roles.record(member.guild_id, member.member_id, member.role_ids, now)


async def visible_question(uow: UnitOfWork, guild_id: int, question_id: str) -> Question:
    """A question of the shared bank or of this server; ``UnknownQuestion`` otherwise."""
    stored = await uow.questions.get(question_id)
    if stored is None or stored.guild_id not in (None, guild_id):
        raise UnknownQuestion(question_id)
    return stored.question


async def ensure_card(
    uow: UnitOfWork, guild_id: int, member_id: int, question_id: str, now: datetime
) -> bool:
    """Give the member a card for the question, first due a day from ``now``; False if they had one."""
    if await uow.reviews.get_card(guild_id, member_id, question_id) is not None:
        return False
    card = new_card(now + FIRST_REVIEW_AFTER)
    await uow.reviews.save_card(
        ReviewCardRecord(guild_id, member_id, question_id, card=card.data, due=card.due, last_review=None)
    )
    return True


class Reviews:
    """Review cards of members, per server."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    async def record(self, member: MemberRef, question_id: str, recall: Recall) -> ReviewOutcome:
        """Review the question now (creating its card on the first review) and say when it is due again."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            await visible_question(uow, member.guild_id, question_id)
            stored = await uow.reviews.get_card(member.guild_id, member.member_id, question_id)
            state = new_card(now) if stored is None else CardState(dict(stored.card), stored.due)
            after = review(state, Recall(recall), now)
            await uow.reviews.save_card(
                ReviewCardRecord(
                    member.guild_id, member.member_id, question_id, after.data, after.due, last_review=now
                )
            )
            await record_roles(uow, member, now)
            await uow.commit()
        return ReviewOutcome(question_id, after.due, (after.due - now).days)

    async def due(self, member: MemberRef, limit: int = 10) -> list[Question]:
        """The member's questions due for review, most overdue first.

        A card of today's question (or of its near-duplicates) is held back until the reveal.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            embargo = await embargo_in(uow, member.guild_id, now)
            cards = await uow.reviews.due(
                member.guild_id,
                member.member_id,
                now,
                limit=min(limit, MAX_DUE),
                excluding=embargo.question_ids,
            )
            found = await uow.questions.get_many(c.question_id for c in cards)
            await record_roles(uow, member, now)
            await uow.commit()
        return [found[c.question_id].question for c in cards if c.question_id in found]

    async def count_due(self, member: MemberRef) -> int:
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            count = await uow.reviews.count_due(member.guild_id, member.member_id, now)
            await record_roles(uow, member, now)
            await uow.commit()
        return count

    async def next_due(self, member: MemberRef) -> datetime | None:
        """When the member's earliest card is due (in the past if one is due now); None without cards.

        A card held back for today's reveal is due at that reveal at the earliest.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            dues = await uow.reviews.dues_of(member.guild_id, member.member_id)
            embargo = await embargo_in(uow, member.guild_id, now)
            await record_roles(uow, member, now)
            await uow.commit()
        return min(
            (
                max(due, embargo.until) if embargo.until and embargo.covers(qid) else due
                for qid, due in dues.items()
            ),
            default=None,
        )

    async def ensure_card(self, member: MemberRef, question_id: str) -> bool:
        """A card for a question the member just answered, due tomorrow; False if they had one."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            await visible_question(uow, member.guild_id, question_id)
            created = await ensure_card(uow, member.guild_id, member.member_id, question_id, now)
            await record_roles(uow, member, now)
            await uow.commit()
        return created

    async def set_reminders(
        self, member: MemberRef, enabled: bool, at: str | None = None
    ) -> ReminderSettings:
        """Turn the reminder DM on or off, optionally at time ``at`` (server time; ``InvalidTime``).

        A reminder whose time already passed today starts tomorrow: turning it on is no reason
        for a direct message right away.
        """
        now = self._clock.now()
        picked = format_post_time(parse_post_time(at)) if at is not None else None
        async with busy_means_try_again(), self._uow() as uow:
            guild_id, member_id = member.guild_id, member.member_id
            await uow.prefs.set_review_dm(guild_id, member_id, enabled)
            if picked is not None:
                await uow.prefs.set_review_dm_time(guild_id, member_id, picked)
            prefs = await uow.prefs.get(guild_id, member_id)
            schedule = await uow.schedules.get(guild_id)
            clock = ReminderClock.of(zone_of(schedule), prefs.review_dm_time, _post_time(schedule))
            last = prefs.last_review_dm_on
            if enabled and clock.passed_today(now) and (last is None or last < clock.today(now)):
                last = clock.today(now)
                await uow.prefs.set_last_review_dm_on(guild_id, member_id, last)
            await record_roles(uow, member, now)
            await uow.commit()
        return ReminderSettings(
            on=enabled,
            at=format_post_time(clock.at),
            timezone=clock.zone.key,
            picked=prefs.review_dm_time is not None,
            post_time=prefs.review_dm_time is None and schedule is not None,
            next_at=clock.next_instant(now, last) if enabled else None,
        )

    async def stop_reminders(self, guild_id: int, member_id: int) -> None:
        """Opt out from a reminder's direct message: no roles come with a DM, so none are recorded."""
        async with busy_means_try_again(), self._uow() as uow:
            await uow.prefs.set_review_dm(guild_id, member_id, False)
            await uow.commit()

    async def reminders_due(self, now: datetime | None = None) -> list[ReminderToSend]:
        """Opted-in members whose reminder time has come today, not reminded yet today (their
        server's local day), with cards due before that day ends."""
        now = self._clock.now() if now is None else require_aware(now)
        async with busy_means_try_again(), self._uow() as uow:
            due: dict[int, list[tuple[ReminderCandidate, date, datetime]]] = {}
            for c in await uow.reviews.reminder_candidates(now + REMINDER_HORIZON):
                clock = ReminderClock.of(zone_or_utc(c.timezone), c.review_dm_time, c.post_time)
                day = clock.due_day(now, c.last_review_dm_on, c.first_due)
                if day is not None:
                    due.setdefault(c.guild_id, []).append((c, day, clock.day_end(day)))
            reminders = []
            for guild_id, found in due.items():
                # One server shares one zone, so its members' days end together.
                counts = await uow.reviews.count_due_before(
                    guild_id, (c.member_id for c, _, _ in found), found[0][2]
                )
                reminders += [
                    ReminderToSend(guild_id, c.member_id, counts.get(c.member_id, 1), day, c.first_due)
                    for c, day, _ in found
                ]
            await uow.commit()
        return reminders

    async def mark_reminded(self, guild_id: int, member_id: int, day: date) -> None:
        """The reminder for ``day`` (server-local) went out: none again that day."""
        async with busy_means_try_again(), self._uow() as uow:
            await uow.prefs.set_last_review_dm_on(guild_id, member_id, day)
            await uow.commit()

    async def mastery(self, guild_id: int, member_id: int) -> dict[str, TopicMastery]:
        """Per topic: the member's cards and how many of them are learnt (reviews 21+ days apart)."""
        async with busy_means_try_again(), self._uow() as uow:
            cards = await uow.reviews.intervals(guild_id, member_id)
            await uow.commit()
        return _mastery(cards)

    async def progress(self, guild_id: int, member_id: int) -> dict[str, TopicProgress]:
        """Per topic: how many questions the server's pool has, and the member's cards and learnt ones.

        Topics with questions but no cards, and cards of topics no longer in the pool, are both listed.
        """
        async with busy_means_try_again(), self._uow() as uow:
            questions = await uow.questions.count_by_topic(guild_id)
            cards = await uow.reviews.intervals(guild_id, member_id)
            await uow.commit()
        mastery = _mastery(cards)
        return {
            topic: TopicProgress(questions.get(topic, 0), *mastery.get(topic, TopicMastery(0, 0)))
            for topic in sorted(set(questions) | set(mastery))
        }


def _post_time(schedule: ScheduleRecord | None) -> str | None:
    return None if schedule is None else schedule.post_time


def _mastery(cards: Iterable[CardInterval]) -> dict[str, TopicMastery]:
    counts: dict[str, list[int]] = {}
    for card in cards:
        entry = counts.setdefault(card.topic, [0, 0])
        entry[0] += 1
        if card.last_review is not None and card.due - card.last_review >= MATURE_INTERVAL:
            entry[1] += 1
    return {topic: TopicMastery(*counts[topic]) for topic in sorted(counts)}
