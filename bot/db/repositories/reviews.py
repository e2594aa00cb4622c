"""Spaced-repetition cards (FSRS state as JSON), one per member and question."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select

from bot.db.models import MemberPrefsModel, QuestionModel, ReviewCardModel, ScheduleModel
from bot.db.records import DueMember, ReviewCardRecord
from bot.db.repositories.base import Repository, to_record, to_records
from bot.db.repositories.prefs import DEFAULT_REVIEW_DM

_c = ReviewCardModel.__table__
_m = MemberPrefsModel.__table__
_q = QuestionModel.__table__
_s = ScheduleModel.__table__


@dataclass(frozen=True, slots=True)
class ReminderCandidate:
    """A member who asked for review DMs and has cards coming due, with when and where to remind them."""

    guild_id: int
    member_id: int
    first_due: datetime  # the member's earliest due card
    last_review_dm_on: date | None
    review_dm_time: str | None  # "HH:MM" the member picked; None: the server's post time
    timezone: str | None  # None when the server has no schedule
    post_time: str | None


@dataclass(frozen=True, slots=True)
class CardInterval:
    """What /topics needs of a card: its question's topic and how far apart its reviews are."""

    question_id: str
    topic: str
    due: datetime
    last_review: datetime | None


class ReviewRepository(Repository):
    async def get_card(self, guild_id: int, member_id: int, question_id: str) -> ReviewCardRecord | None:
        row = (
            await self._session.execute(
                select(_c).where(
                    _c.c.guild_id == guild_id, _c.c.member_id == member_id, _c.c.question_id == question_id
                )
            )
        ).first()
        return None if row is None else to_record(ReviewCardRecord, row, card=dict(row.card))

    async def save_card(self, card: ReviewCardRecord) -> None:
        """Insert or replace the card (its question must exist)."""
        values = asdict(card) | {"card": dict(card.card)}
        ins = self._upsert(_c).values(values)
        await self._session.execute(
            ins.on_conflict_do_update(
                index_elements=[_c.c.guild_id, _c.c.member_id, _c.c.question_id],
                set_={
                    "card": ins.excluded.card,
                    "due": ins.excluded.due,
                    "last_review": ins.excluded.last_review,
                },
            )
        )

    async def due(
        self,
        guild_id: int,
        member_id: int,
        now: datetime,
        limit: int = 10,
        *,
        excluding: Collection[str] = (),
    ) -> list[ReviewCardRecord]:
        """The member's cards due by ``now``, most overdue first; none of the questions in ``excluding``."""
        held = sorted(excluding)
        result = await self._session.execute(
            select(_c)
            .where(
                _c.c.guild_id == guild_id,
                _c.c.member_id == member_id,
                _c.c.due <= now,
                *([_c.c.question_id.not_in(held)] if held else []),
            )
            .order_by(_c.c.due, _c.c.question_id)
            .limit(limit)
        )
        return to_records(ReviewCardRecord, result)

    async def count_due(self, guild_id: int, member_id: int, now: datetime) -> int:
        result = await self._session.execute(
            select(func.count()).where(
                _c.c.guild_id == guild_id, _c.c.member_id == member_id, _c.c.due <= now
            )
        )
        return int(result.scalar_one())

    async def members_with_due(self, now: datetime) -> list[DueMember]:
        """Everyone with cards due, with their DM preference (for the daily review DM)."""
        result = await self._session.execute(
            select(
                _c.c.guild_id,
                _c.c.member_id,
                func.count().label("due_count"),
                _m.c.review_dm,
                _m.c.last_review_dm_on,
            )
            .select_from(
                _c.outerjoin(_m, and_(_m.c.guild_id == _c.c.guild_id, _m.c.member_id == _c.c.member_id))
            )
            .where(_c.c.due <= now)
            # At most one prefs row per member: grouping by its columns keeps it.
            .group_by(_c.c.guild_id, _c.c.member_id, _m.c.review_dm, _m.c.last_review_dm_on)
            .order_by(_c.c.guild_id, _c.c.member_id)
        )
        return [
            DueMember(
                guild_id=r.guild_id,
                member_id=r.member_id,
                due_count=int(r.due_count),
                review_dm=DEFAULT_REVIEW_DM if r.review_dm is None else r.review_dm,
                last_review_dm_on=r.last_review_dm_on,
            )
            for r in result
        ]

    async def dues_of(self, guild_id: int, member_id: int) -> dict[str, datetime]:
        """When each of the member's cards is due, by question id."""
        result = await self._session.execute(
            select(_c.c.question_id, _c.c.due).where(_c.c.guild_id == guild_id, _c.c.member_id == member_id)
        )
        return {row.question_id: row.due for row in result}

    async def intervals(self, guild_id: int, member_id: int) -> list[CardInterval]:
        """The member's cards with their questions' topics, by question id."""
        result = await self._session.execute(
            select(_c.c.question_id, _q.c.topic, _c.c.due, _c.c.last_review)
            .select_from(_c.join(_q, _q.c.id == _c.c.question_id))
            .where(_c.c.guild_id == guild_id, _c.c.member_id == member_id)
            .order_by(_c.c.question_id)
        )
        return to_records(CardInterval, result)

    async def reminder_candidates(self, horizon: datetime) -> list[ReminderCandidate]:
        """Members who opted in to review DMs and have a card due by ``horizon``, with their earliest
        due, their reminder time and their server's zone and post time."""
        due = (
            select(_c.c.guild_id, _c.c.member_id, func.min(_c.c.due).label("first_due"))
            .where(_c.c.due <= horizon)
            .group_by(_c.c.guild_id, _c.c.member_id)
            .subquery()
        )
        result = await self._session.execute(
            select(
                due.c.guild_id,
                due.c.member_id,
                due.c.first_due,
                _m.c.last_review_dm_on,
                _m.c.review_dm_time,
                _s.c.timezone,
                _s.c.post_time,
            )
            .select_from(
                due.join(
                    _m, and_(_m.c.guild_id == due.c.guild_id, _m.c.member_id == due.c.member_id)
                ).outerjoin(_s, _s.c.guild_id == due.c.guild_id)
            )
            .where(_m.c.review_dm.is_(True))
            .order_by(due.c.guild_id, due.c.member_id)
        )
        return to_records(ReminderCandidate, result)

    async def count_due_before(
        self, guild_id: int, member_ids: Iterable[int], before: datetime
    ) -> dict[int, int]:
        """How many cards each of these members of one server has due before ``before`` (members without any left out)."""
        result = await self._session.execute(
            select(_c.c.member_id, func.count())
            .where(_c.c.guild_id == guild_id, _c.c.member_id.in_(sorted(set(member_ids))), _c.c.due < before)
            .group_by(_c.c.member_id)
        )
        return {member_id: int(count) for member_id, count in result}
