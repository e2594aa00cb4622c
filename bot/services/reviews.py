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

from bot.db.records import ReviewCardRecord
from bot.db.repositories.reviews import CardInterval
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.clock import Clock, require_aware
from bot.domain.errors import UnknownQuestion
from bot.domain.questions import Question
from bot.domain.review import CardState, Recall, new_card, review
from bot.domain.schedule import local_date, zone_or_utc
from bot.services.embargo import embargo_in
from bot.services.errors import busy_means_try_again
from bot.services.members import MemberRef

FIRST_REVIEW_AFTER = timedelta(days=1)
"""A card made for an answered question first comes up the next day (the answer was just seen)."""

MATURE_INTERVAL = timedelta(days=21)
"""A card whose reviews are this far apart counts as learnt (the usual spaced-repetition threshold)."""

MAX_DUE = 25


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    question_id: str
    due: datetime
    interval_days: int  # whole days until the card is due again (0: later today)


@dataclass(frozen=True, slots=True)
class ReminderToSend:
    guild_id: int
    member_id: int
    due_count: int
    day: date  # the server-local date to pass back to ``mark_reminded``


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

    async def set_reminders(self, member: MemberRef, enabled: bool) -> None:
        """Opt in to (or out of) a daily direct message when reviews are due."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            await uow.prefs.set_review_dm(member.guild_id, member.member_id, enabled)
            await record_roles(uow, member, now)
            await uow.commit()

    async def stop_reminders(self, guild_id: int, member_id: int) -> None:
        """Opt out from a reminder's direct message: no roles come with a DM, so none are recorded."""
        async with busy_means_try_again(), self._uow() as uow:
            await uow.prefs.set_review_dm(guild_id, member_id, False)
            await uow.commit()

    async def reminders_due(self, now: datetime | None = None) -> list[ReminderToSend]:
        """Opted-in members with cards due who were not reminded yet on their server's today."""
        now = self._clock.now() if now is None else require_aware(now)
        async with busy_means_try_again(), self._uow() as uow:
            candidates = await uow.reviews.reminder_candidates(now)
            await uow.commit()
        reminders = []
        for c in candidates:
            today = local_date(now, zone_or_utc(c.timezone))
            if c.last_review_dm_on is None or c.last_review_dm_on < today:
                reminders.append(ReminderToSend(c.guild_id, c.member_id, c.due_count, today))
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


def _mastery(cards: Iterable[CardInterval]) -> dict[str, TopicMastery]:
    counts: dict[str, list[int]] = {}
    for card in cards:
        entry = counts.setdefault(card.topic, [0, 0])
        entry[0] += 1
        if card.last_review is not None and card.due - card.last_review >= MATURE_INTERVAL:
            entry[1] += 1
    return {topic: TopicMastery(*counts[topic]) for topic in sorted(counts)}
