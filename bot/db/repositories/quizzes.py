"""Quizzes: the session (questions, position, the domain's state) and one answer per member per question.

Running quizzes survive a restart: :meth:`QuizRepository.unfinished` lists them
with the state last saved, so the bot can resume them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, or_, select, text, update

from bot.db.models import QuizAnswerModel, QuizSessionModel
from bot.db.records import QuizAnswerRecord, QuizAnswerResult, QuizRecord, QuizStatus
from bot.db.repositories.base import Repository, chunked, shard_clause, to_record, to_records

_s = QuizSessionModel.__table__
_a = QuizAnswerModel.__table__
# The predicate of uq_quiz_sessions_running_channel, spelled as the index has it (SQLite matches it by text).
_RUNNING = text("status = 'running'")


def _record(row: Row[Any]) -> QuizRecord:
    return to_record(QuizRecord, row, question_ids=tuple(row.question_ids), state=dict(row.state))


class QuizRepository(Repository):
    async def create(
        self,
        *,
        guild_id: int,
        channel_id: int,
        started_by: int,
        question_ids: Sequence[str],
        window_seconds: int,
        state: Mapping[str, Any],
        now: datetime,
        thread_id: int | None = None,
    ) -> QuizRecord | None:
        """Start a quiz at position 0 (``running``); None when the channel already has a running one.

        The partial unique index on running quizzes per channel decides, so two starts
        that race (even from two processes) make one quiz: on PostgreSQL the second
        insert waits for the first to commit, then does nothing.
        """
        stmt = (
            self._upsert(_s)
            .values(
                guild_id=guild_id,
                channel_id=channel_id,
                thread_id=thread_id,
                started_by=started_by,
                question_ids=list(question_ids),
                position=0,
                window_seconds=window_seconds,
                status=QuizStatus.RUNNING,
                state=dict(state),
                started_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=[_s.c.channel_id], index_where=_RUNNING)
            .returning(*_s.c)
        )
        row = (await self._session.execute(stmt)).first()
        return None if row is None else _record(row)

    async def get(self, quiz_id: int) -> QuizRecord | None:
        row = (await self._session.execute(select(_s).where(_s.c.id == quiz_id))).first()
        return None if row is None else _record(row)

    async def save_state(
        self,
        quiz_id: int,
        *,
        position: int,
        state: Mapping[str, Any],
        now: datetime,
        status: str | None = None,
    ) -> bool:
        """Save where the quiz is; a ``status`` other than running also stamps ``finished_at``."""
        values: dict[str, Any] = {"position": position, "state": dict(state), "updated_at": now}
        if status is not None:
            values["status"] = status
            values["finished_at"] = None if status == QuizStatus.RUNNING else now
        result = await self._session.execute(update(_s).where(_s.c.id == quiz_id).values(**values))
        return result.rowcount > 0

    async def active_for_channel(self, channel_id: int) -> QuizRecord | None:
        """The running quiz in this channel, if any (the newest, should there be several)."""
        row = (
            await self._session.execute(
                select(_s)
                .where(_s.c.channel_id == channel_id, _s.c.status == QuizStatus.RUNNING)
                .order_by(_s.c.id.desc())
                .limit(1)
            )
        ).first()
        return None if row is None else _record(row)

    async def unfinished(self, *, shard: tuple[int, int] | None = None) -> list[QuizRecord]:
        """Every running quiz, oldest first (to resume after a restart)."""
        result = await self._session.execute(
            select(_s)
            .where(_s.c.status == QuizStatus.RUNNING, shard_clause(_s.c.guild_id, shard))
            .order_by(_s.c.id)
        )
        return [_record(row) for row in result]

    async def record_answer(
        self,
        quiz_id: int,
        position: int,
        *,
        question_id: str,
        guild_id: int,
        member_id: int,
        now: datetime,
        choice: str | None = None,
        text: str | None = None,
    ) -> bool:
        """Keep a member's answer to the question at ``position``; False if they already answered."""
        stmt = (
            self._upsert(_a)
            .values(
                quiz_id=quiz_id,
                position=position,
                question_id=question_id,
                guild_id=guild_id,
                member_id=member_id,
                choice=choice,
                text=text,
                answered_at=now,
            )
            .on_conflict_do_nothing(index_elements=[_a.c.quiz_id, _a.c.position, _a.c.member_id])
            .returning(_a.c.id)
        )
        return (await self._session.execute(stmt)).first() is not None

    async def answers(self, quiz_id: int, position: int | None = None) -> list[QuizAnswerRecord]:
        """Answers to the quiz (or to one of its questions), in the order they came."""
        stmt = select(_a).where(_a.c.quiz_id == quiz_id).order_by(_a.c.position, _a.c.answered_at, _a.c.id)
        if position is not None:
            stmt = stmt.where(_a.c.position == position)
        return to_records(QuizAnswerRecord, await self._session.execute(stmt))

    async def set_results(self, quiz_id: int, position: int, results: Iterable[QuizAnswerResult]) -> None:
        """Store the points and correctness of each member's answer to one question."""
        rows = [{"b_member": r.member_id, "b_points": r.points, "b_correct": r.correct} for r in results]
        stmt = (
            update(_a)
            .where(
                _a.c.quiz_id == quiz_id, _a.c.position == position, _a.c.member_id == bindparam("b_member")
            )
            .values(points=bindparam("b_points"), correct=bindparam("b_correct"))
        )
        for batch in chunked(rows):
            await self._session.execute(stmt, list(batch))

    async def lock(self, quiz_id: int) -> QuizRecord | None:
        """:meth:`get`, holding the session's row until the unit of work ends.

        Answers and closes of one quiz then take turns on PostgreSQL (no answer
        slips in after its question was scored); SQLite's write lock already
        serializes them.
        """
        row = (await self._session.execute(select(_s).where(_s.c.id == quiz_id).with_for_update())).first()
        return None if row is None else _record(row)

    async def involving(self, member_id: int, guild_id: int | None = None) -> list[QuizRecord]:
        """Quizzes (in one server, or everywhere) the member answered in or started, oldest first."""
        answered = select(_a.c.quiz_id).where(_a.c.member_id == member_id)
        stmt = select(_s).where(or_(_s.c.id.in_(answered), _s.c.started_by == member_id)).order_by(_s.c.id)
        if guild_id is not None:
            stmt = stmt.where(_s.c.guild_id == guild_id)
        return [_record(row) for row in await self._session.execute(stmt)]

    async def replace_starter(
        self, quiz_id: int, started_by: int, state: Mapping[str, Any], *, now: datetime
    ) -> bool:
        """Rewrite who started a quiz and its saved state (forgetting a member)."""
        result = await self._session.execute(
            update(_s)
            .where(_s.c.id == quiz_id)
            .values(started_by=started_by, state=dict(state), updated_at=now)
        )
        return result.rowcount > 0
