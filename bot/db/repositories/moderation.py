"""Moderators' side of answers: review requests and decisions, shared and best answers, reviewer roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, update

from bot.db.models import AnswerModel, AnswerReviewModel, ModerationSettingsModel
from bot.db.records import AnswerRecord
from bot.db.repositories.answers import answer_record
from bot.db.repositories.base import Repository, to_record

_a = AnswerModel.__table__
_r = AnswerReviewModel.__table__
_s = ModerationSettingsModel.__table__


class ReviewStatus:
    OPEN = "open"
    CHANGED = "changed"
    KEPT = "kept"


@dataclass(frozen=True, slots=True)
class AnswerReviewRecord:
    id: int
    answer_id: int
    guild_id: int
    member_id: int
    status: str
    note: str | None
    requested_at: datetime
    moderator_id: int | None
    decided_at: datetime | None
    auto_base: int | None
    old_base: int | None
    new_base: int | None
    reason: str | None


def _review(row: Row[Any]) -> AnswerReviewRecord:
    return to_record(AnswerReviewRecord, row)


class ModerationRepository(Repository):
    async def reviewer_role(self, guild_id: int) -> int | None:
        row = (
            await self._session.execute(select(_s.c.reviewer_role_id).where(_s.c.guild_id == guild_id))
        ).first()
        return None if row is None else row.reviewer_role_id

    async def set_reviewer_role(self, guild_id: int, role_id: int | None) -> None:
        ins = self._upsert(_s).values(guild_id=guild_id, reviewer_role_id=role_id)
        await self._session.execute(
            ins.on_conflict_do_update(index_elements=[_s.c.guild_id], set_={"reviewer_role_id": role_id})
        )

    async def lock_answer(self, answer_id: int) -> AnswerRecord | None:
        """The answer, its row locked until the unit of work ends (PostgreSQL; SQLite's write lock is held)."""
        row = (await self._session.execute(select(_a).where(_a.c.id == answer_id).with_for_update())).first()
        return None if row is None else answer_record(row)

    async def review_of(self, answer_id: int) -> AnswerReviewRecord | None:
        row = (await self._session.execute(select(_r).where(_r.c.answer_id == answer_id))).first()
        return None if row is None else _review(row)

    async def get(self, review_id: int) -> AnswerReviewRecord | None:
        row = (await self._session.execute(select(_r).where(_r.c.id == review_id))).first()
        return None if row is None else _review(row)

    async def request(
        self, answer: AnswerRecord, note: str | None, now: datetime
    ) -> AnswerReviewRecord | None:
        """Open a review of ``answer``; ``None`` when one was already asked for (one per answer)."""
        ins = self._upsert(_r).values(
            answer_id=answer.id,
            guild_id=answer.guild_id,
            member_id=answer.member_id,
            status=ReviewStatus.OPEN,
            note=note,
            requested_at=now,
        )
        result = await self._session.execute(
            ins.on_conflict_do_nothing(index_elements=[_r.c.answer_id]).returning(*_r.c)
        )
        row = result.first()
        return None if row is None else _review(row)

    async def open_count(self, guild_id: int) -> int:
        result = await self._session.execute(
            select(func.count()).where(_r.c.guild_id == guild_id, _r.c.status == ReviewStatus.OPEN)
        )
        return int(result.scalar_one())

    async def open_reviews(self, guild_id: int, *, offset: int, limit: int) -> list[AnswerReviewRecord]:
        """Open requests, oldest first."""
        result = await self._session.execute(
            select(_r)
            .where(_r.c.guild_id == guild_id, _r.c.status == ReviewStatus.OPEN)
            .order_by(_r.c.requested_at, _r.c.id)
            .offset(offset)
            .limit(limit)
        )
        return [_review(row) for row in result]

    async def decide(
        self,
        review_id: int,
        *,
        status: str,
        moderator_id: int,
        old_base: int,
        new_base: int,
        reason: str,
        now: datetime,
    ) -> AnswerReviewRecord:
        """Record a decision; the first change's ``old_base`` stays as the automatic grade (``auto_base``)."""
        row = (
            await self._session.execute(
                update(_r)
                .where(_r.c.id == review_id)
                .values(
                    status=status,
                    moderator_id=moderator_id,
                    decided_at=now,
                    auto_base=func.coalesce(_r.c.auto_base, old_base),
                    old_base=old_base,
                    new_base=new_base,
                    reason=reason,
                )
                .returning(*_r.c)
            )
        ).one()
        return _review(row)

    async def claim_share(self, answer_id: int, now: datetime) -> bool:
        """Mark the answer shared, once: False when it already was (one atomic UPDATE)."""
        result = await self._session.execute(
            update(_a).where(_a.c.id == answer_id, _a.c.shared_at.is_(None)).values(shared_at=now)
        )
        return result.rowcount > 0

    async def release_share(self, answer_id: int) -> None:
        """Undo :meth:`claim_share` when the message could not be posted."""
        await self._session.execute(update(_a).where(_a.c.id == answer_id).values(shared_at=None))

    async def mark_best(self, answer_id: int, now: datetime) -> bool:
        """Mark the answer best of its day, once: False when it already was."""
        result = await self._session.execute(
            update(_a).where(_a.c.id == answer_id, _a.c.best_at.is_(None)).values(best_at=now)
        )
        return result.rowcount > 0

    async def answer_by_id(self, answer_id: int) -> AnswerRecord | None:
        row = (await self._session.execute(select(_a).where(_a.c.id == answer_id))).first()
        return None if row is None else answer_record(row)
