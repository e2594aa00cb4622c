"""Members' answers to daily posts: one per member per post, kept exactly as typed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, select, update

from bot.db.models import AnswerModel
from bot.db.records import AnswerRecord, AnswerResult
from bot.db.repositories.base import Repository, chunked, to_record

_a = AnswerModel.__table__


def _record(row: Row[Any]) -> AnswerRecord:
    return to_record(
        AnswerRecord,
        row,
        hits=None if row.hits is None else tuple(row.hits),
        misses=None if row.misses is None else tuple(row.misses),
    )


class AnswerRepository(Repository):
    async def upsert(
        self,
        post_id: int,
        guild_id: int,
        member_id: int,
        *,
        text: str | None = None,
        choice: str | None = None,
        streak_at_answer: int,
        now: datetime,
    ) -> AnswerRecord:
        """Record a member's answer, or replace their earlier one for the same post.

        An edit replaces ``text`` and ``choice`` and bumps ``updated_at``; it keeps
        ``created_at`` and the streak the member had when first answering.
        """
        ins = self._upsert(_a).values(
            post_id=post_id,
            guild_id=guild_id,
            member_id=member_id,
            text=text,
            choice=choice,
            streak_at_answer=streak_at_answer,
            created_at=now,
            updated_at=now,
        )
        stmt = ins.on_conflict_do_update(
            index_elements=[_a.c.post_id, _a.c.member_id],
            set_={
                "text": ins.excluded.text,
                "choice": ins.excluded.choice,
                "updated_at": ins.excluded.updated_at,
            },
        ).returning(*_a.c)
        return _record((await self._session.execute(stmt)).one())

    async def get(self, post_id: int, member_id: int) -> AnswerRecord | None:
        row = (
            await self._session.execute(
                select(_a).where(_a.c.post_id == post_id, _a.c.member_id == member_id)
            )
        ).first()
        return None if row is None else _record(row)

    async def list_for_post(self, post_id: int) -> list[AnswerRecord]:
        """All answers to a post, in the order they were first given."""
        result = await self._session.execute(
            select(_a).where(_a.c.post_id == post_id).order_by(_a.c.created_at, _a.c.id)
        )
        return [_record(row) for row in result]

    async def count_for_post(self, post_id: int) -> int:
        result = await self._session.execute(select(func.count()).where(_a.c.post_id == post_id))
        return int(result.scalar_one())

    async def set_results(self, results: Iterable[AnswerResult]) -> None:
        """Store the reveal's verdicts (points, coverage, key points hit and missed)."""
        rows = [
            {
                "b_id": r.answer_id,
                "b_points": r.points,
                "b_correct": r.correct,
                "b_coverage": r.coverage,
                "b_hits": list(r.hits),
                "b_misses": list(r.misses),
            }
            for r in results
        ]
        stmt = (
            update(_a)
            .where(_a.c.id == bindparam("b_id"))
            .values(
                points=bindparam("b_points"),
                correct=bindparam("b_correct"),
                coverage=bindparam("b_coverage"),
                hits=bindparam("b_hits", type_=_a.c.hits.type),
                misses=bindparam("b_misses", type_=_a.c.misses.type),
            )
        )
        for batch in chunked(rows):
            await self._session.execute(stmt, list(batch))

    async def set_self_grade(self, post_id: int, member_id: int, grade: str, now: datetime) -> bool:
        """The member's own verdict on a scenario answer; False if they did not answer."""
        result = await self._session.execute(
            update(_a)
            .where(_a.c.post_id == post_id, _a.c.member_id == member_id)
            .values(self_grade=grade, updated_at=now)
        )
        return result.rowcount > 0
