"""Members' answers to daily posts: one per member per post, kept exactly as typed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, bindparam, func, or_, select, update

from bot.db.models import AnswerModel, ScoreEventModel, ScoreTotalModel
from bot.db.records import AnswerRecord, AnswerResult, ScoreSource
from bot.db.repositories.base import Repository, chunked, to_record
from bot.db.repositories.batching import rows_by_pairs, select_by_pairs, upserts_by_dialect
from bot.db.repositories.scores import ALL_TOPICS

_a = AnswerModel.__table__
_e = ScoreEventModel.__table__
_t = ScoreTotalModel.__table__


def _record(row: Row[Any]) -> AnswerRecord:
    return to_record(
        AnswerRecord,
        row,
        hits=None if row.hits is None else tuple(row.hits),
        misses=None if row.misses is None else tuple(row.misses),
    )


answer_record = _record  # the moderation repository reads answers too


@dataclass(frozen=True, slots=True)
class AnswerWrite:
    """One answer to record with :meth:`AnswerRepository.upsert_many` (``at``: when it was given)."""

    post_id: int
    guild_id: int
    member_id: int
    text: str | None
    choice: str | None
    streak_at_answer: int
    at: datetime


def _columns(answer: AnswerWrite) -> dict[str, Any]:
    """The row a new answer inserts."""
    return {
        "post_id": answer.post_id,
        "guild_id": answer.guild_id,
        "member_id": answer.member_id,
        "text": answer.text,
        "choice": answer.choice,
        "streak_at_answer": answer.streak_at_answer,
        "created_at": answer.at,
        "updated_at": answer.at,
    }


# An answer to a post the member already answered is an edit: new text, same first time and streak.
_EDITS = upserts_by_dialect(_a, ["post_id", "member_id"], ["text", "choice", "updated_at"])
_EARLIER = select_by_pairs(_a.c.post_id, _a.c.member_id, _a.c.streak_at_answer, _a.c.choice)


@dataclass(frozen=True, slots=True)
class EarlierAnswer:
    """What an edit keeps from the member's earlier answer, and the letter it replaces."""

    streak_at_answer: int
    choice: str | None


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
        answer = AnswerWrite(post_id, guild_id, member_id, text, choice, streak_at_answer, at=now)
        stmt = _EDITS[self._dialect].values(_columns(answer)).returning(*_a.c)
        return _record((await self._session.execute(stmt)).one())

    async def upsert_many(self, answers: Iterable[AnswerWrite]) -> None:
        """Record many answers at once, as :meth:`upsert` called for each in turn would.

        A later answer of the same member to the same post is an edit of the
        earlier one (even within ``answers``): it replaces ``text`` and ``choice``
        and moves ``updated_at``; ``created_at`` and ``streak_at_answer`` stay the first's.
        """
        rows: dict[tuple[int, int], dict[str, Any]] = {}
        for answer in answers:
            key = (answer.post_id, answer.member_id)
            row = rows.get(key)
            if row is None:
                rows[key] = _columns(answer)
            else:
                row.update(text=answer.text, choice=answer.choice, updated_at=answer.at)
        # One row per key (an upsert may not touch a row twice in one statement on PostgreSQL),
        # in key order, so concurrent writers lock rows in the same order and cannot deadlock.
        ordered = [rows[key] for key in sorted(rows)]
        for batch in chunked(ordered):
            await self._session.execute(_EDITS[self._dialect], list(batch))

    async def get(self, post_id: int, member_id: int, *, lock: bool = False) -> AnswerRecord | None:
        """The member's answer to the post; ``lock`` holds its row until the unit of work ends.

        Lock before changing points by a difference from what was read (self-grading): on
        PostgreSQL a concurrent grader then waits and reads the new points, so the totals move
        once. SQLite ignores the lock; its write lock already serializes writers.
        """
        stmt = select(_a).where(_a.c.post_id == post_id, _a.c.member_id == member_id)
        row = (await self._session.execute(stmt.with_for_update() if lock else stmt)).first()
        return None if row is None else _record(row)

    async def streaks_at_answer(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
        """For each (post id, member id) pair already answered: the streak kept with that answer.

        Pairs not answered yet are left out, so this also tells which answers
        would be edits. One statement per 500 pairs, reading three integers per answer.
        """
        return {key: earlier.streak_at_answer for key, earlier in (await self.earlier_answers(keys)).items()}

    async def earlier_answers(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], EarlierAnswer]:
        """:meth:`streaks_at_answer` with the letter each earlier answer chose (None for open answers)."""
        rows = await rows_by_pairs(self._session, _EARLIER, keys)
        return {
            (post_id, member_id): EarlierAnswer(streak, choice) for post_id, member_id, streak, choice in rows
        }

    async def list_for_post(self, post_id: int) -> list[AnswerRecord]:
        """All answers to a post, in the order they were first given."""
        result = await self._session.execute(
            select(_a).where(_a.c.post_id == post_id).order_by(_a.c.created_at, _a.c.id)
        )
        return [_record(row) for row in result]

    async def count_for_post(self, post_id: int) -> int:
        result = await self._session.execute(select(func.count()).where(_a.c.post_id == post_id))
        return int(result.scalar_one())

    async def counts_for_posts(self, post_ids: Iterable[int]) -> dict[int, int]:
        """How many answers each of these posts has (posts without answers are left out)."""
        counts: dict[int, int] = {}
        for ids in chunked(sorted(set(post_ids))):
            result = await self._session.execute(
                select(_a.c.post_id, func.count()).where(_a.c.post_id.in_(ids)).group_by(_a.c.post_id)
            )
            counts.update({post_id: int(count) for post_id, count in result})
        return counts

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

    async def counted_at(self, answer: AnswerRecord) -> datetime | None:
        """When the answer's score event counts (its periods follow from it); None before the reveal."""
        found = await self._session.execute(select(_e.c.occurred_at).where(*_event_of(answer)))
        return found.scalars().first()

    async def regrade(
        self,
        answer: AnswerRecord,
        *,
        source: ScoreSource,
        points: int,
        correct: bool,
        topic: str,
        period_starts: Mapping[str, date],
        now: datetime,
        coverage: float | None = None,
    ) -> AnswerRecord:
        """Replace a scored answer's points (a moderator's review), in the ledger too.

        The answer's one score event is rewritten in place (``source``, and its
        key-point ``coverage``) and every running total it counted in
        (``period_starts``, all topics and ``topic``) moves by the difference. So
        totals stay the sum of the events, no event is negative (the score
        repository refuses that) and the answer still counts as one answer in
        per-topic statistics. The caller holds the answer's row lock.
        """
        delta = points - (answer.points or 0)
        # Totals count "correct" for multiple choice only; an open answer moves its coverage instead.
        correct_delta = 0 if coverage is not None else int(correct) - int(bool(answer.correct))
        row = (
            await self._session.execute(
                update(_a)
                .where(_a.c.id == answer.id)
                .values(points=points, correct=correct, updated_at=now)
                .returning(*_a.c)
            )
        ).one()
        event = _event_of(answer)
        before = (await self._session.execute(select(_e.c.coverage).where(*event))).scalars().first()
        coverage_delta = (coverage or 0.0) - (before or 0.0) if coverage is not None else 0.0
        await self._session.execute(
            update(_e)
            .where(*event)
            .values(
                points=points,
                correct=correct,
                source=source,
                **({"coverage": coverage} if coverage is not None else {}),
            )
        )
        if delta or correct_delta or coverage_delta:
            periods = [and_(_t.c.period == p, _t.c.period_start == s) for p, s in period_starts.items()]
            await self._session.execute(
                update(_t)
                .where(
                    _t.c.guild_id == answer.guild_id,
                    _t.c.member_id == answer.member_id,
                    _t.c.topic.in_(sorted({ALL_TOPICS, topic})),
                    or_(*periods),
                )
                # reached_at is when a total's points last changed (ties rank who got there first).
                .values(
                    points=_t.c.points + delta,
                    correct=_t.c.correct + correct_delta,
                    coverage=_t.c.coverage + coverage_delta,
                    **({"reached_at": now} if delta else {}),
                )
            )
        return _record(row)


def _event_of(answer: AnswerRecord) -> tuple[ColumnElement[bool], ...]:
    """The one score event of a daily answer (a review rewrites it in place)."""
    return (
        _e.c.guild_id == answer.guild_id,
        _e.c.member_id == answer.member_id,
        _e.c.post_id == answer.post_id,
        _e.c.source.in_((ScoreSource.DAILY, ScoreSource.SELF_GRADE, ScoreSource.REVIEW)),
    )
