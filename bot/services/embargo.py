"""Today's question is under embargo in its server until the reveal: no other path may show its answer.

Before the reveal, a server's daily question must be answered, not looked up:
``/question`` and its reveal button, ``/practice``, ``/review``, quizzes and
autocomplete all ask :func:`embargo_in` (inside their own unit of work) and
never show, serve or pick what it holds. It holds, for one server:

- every question posted there (or created and about to be sent) and not revealed yet;
- the question its schedule will post later today, chosen exactly as the post
  will choose it (``planning.choice_for``), so a quiz started five minutes
  before the post cannot give it away either;
- every question of the same near-duplicate group as one of those (the same
  concept from another document: its answer would give today's away).

A direct message has no server and so no embargo, but nothing there shows a
server's questions (the commands and buttons are server-only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfoNotFoundError

from bot.db.records import ScheduleStatus
from bot.db.uow import UnitOfWork
from bot.domain.errors import DomainError, TodaysQuestion
from bot.domain.schedule import local_date
from bot.services.planning import Timing, choice_for, upcoming_slot


@dataclass(frozen=True, slots=True)
class Embargo:
    """The questions a server holds back until its reveal (empty: nothing is held)."""

    todays: frozenset[str] = frozenset()  # posted and not revealed, or chosen for later today
    related: frozenset[str] = frozenset()  # the near-duplicate groups of those
    until: datetime | None = None  # the latest reveal of today's questions; None when nothing is held

    @property
    def question_ids(self) -> frozenset[str]:
        return self.todays | self.related

    def covers(self, question_id: str) -> bool:
        return question_id in self.todays or question_id in self.related

    def check(self, question_id: str) -> None:
        """``TodaysQuestion`` when the question is held back."""
        if self.covers(question_id):
            raise TodaysQuestion(question_id, near=question_id not in self.todays)


NOTHING_HELD = Embargo()


async def embargo_in(uow: UnitOfWork, guild_id: int, now: datetime, *, planned: bool = True) -> Embargo:
    """What the server holds back at ``now`` (see the module's docstring).

    ``planned=False`` leaves out the question chosen for later today and not posted yet: for
    the buttons under an earlier reveal, whose question nobody can tell is coming round again
    until it is posted (the choice is keyed by the installation's secret), while a small pool
    that repeats its one question daily would otherwise lock every result until the next post.
    """
    held = await uow.posts.unrevealed_questions(guild_id)
    planned = await _planned_today(uow, guild_id, now) if planned else None
    if planned is not None:
        question_id, reveal_at = planned
        held[question_id] = max(reveal_at, held.get(question_id, reveal_at))
    if not held:
        return NOTHING_HELD
    stored = await uow.questions.get_many(held)
    groups = {s.question.group for s in stored.values() if s.question.group}
    todays = frozenset(held)
    related = await uow.questions.ids_in_groups(guild_id, groups) if groups else set()
    return Embargo(todays, frozenset(related) - todays, max(held.values()))


async def _planned_today(uow: UnitOfWork, guild_id: int, now: datetime) -> tuple[str, datetime] | None:
    """The question the schedule will post later today and its reveal; None if it posts none today."""
    schedule = await uow.schedules.get(guild_id)
    if schedule is None or schedule.status != ScheduleStatus.ACTIVE:
        return None
    try:
        timing = Timing.of(schedule)
        slot = await upcoming_slot(uow, schedule, timing, now)
        if slot.day != local_date(now, timing.zone):
            return None
        # The same choice the post will make (EmptyPool, a DomainError, when there is none).
        pick = (await choice_for(uow, schedule)).pick(slot.day)
    except (DomainError, ZoneInfoNotFoundError):
        return None  # a schedule that cannot post today plans nothing
    return pick.id, timing.reveal(slot.day, slot.at)
