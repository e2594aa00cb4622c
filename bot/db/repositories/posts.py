"""Daily posts: created once per (server, local date), handed out under leases.

The lease queries live in :class:`~bot.db.repositories.post_leases.PostLeases`, which
this repository extends: callers see one ``uow.posts``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select, update

from bot.db.models import PostModel, QuestionModel
from bot.db.question_codec import question_from_columns
from bot.db.records import PostRecord, PostStatus
from bot.db.repositories.base import chunked, shard_clause, to_record, to_records
from bot.db.repositories.post_leases import NO_LEASE, PostLeases
from bot.domain.questions import Question

_p = PostModel.__table__
_q = QuestionModel.__table__
# The question's columns next to the post's, under names that do not clash with the post's own.
_QUESTION_COLUMNS = tuple(
    _q.c[name].label(f"q_{name}")
    for name in ("id", "kind", "topic", "difficulty", "group_key", "prompt", "body")
)
# Statuses whose question counts as asked (failed and skipped posts were never shown).
_ASKED = (PostStatus.PENDING, PostStatus.SENT, PostStatus.REVEALED)

_FOR_ANSWERS = (
    select(_p, *_QUESTION_COLUMNS)
    .select_from(_p.outerjoin(_q, _q.c.id == _p.c.question_id))
    .where(_p.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(_p.c.id)  # every batch locks its posts in the same order
)
# FOR SHARE OF posts: the questions are not locked (PostgreSQL; SQLite ignores it, its write lock covers all).
_FOR_ANSWERS_LOCKED = _FOR_ANSWERS.with_for_update(read=True, of=_p)


@dataclass(frozen=True, slots=True)
class AnswerTarget:
    """A post with the question it asks: what checking an answer to it needs.

    ``question`` is None when the post has no question or its row is gone.
    """

    post: PostRecord
    question: Question | None


class PostRepository(PostLeases):
    """``uow.posts``: creating daily posts and reading them; the leases are in :class:`PostLeases`."""

    async def create_pending(
        self,
        *,
        guild_id: int,
        local_date: date,
        day_number: int,
        question_id: str,
        channel_id: int,
        scheduled_for: datetime,
        reveal_at: datetime,
        nonce: str,
        now: datetime,
    ) -> PostRecord | None:
        """Create the day's post, or return None when the server already has one for that date.

        Uses ON CONFLICT DO NOTHING on (guild_id, local_date), so a concurrent
        creation by another process loses harmlessly instead of raising.
        """
        return await self._create_for_date(
            guild_id=guild_id,
            local_date=local_date,
            day_number=day_number,
            question_id=question_id,
            channel_id=channel_id,
            status=PostStatus.PENDING,
            scheduled_for=scheduled_for,
            reveal_at=reveal_at,
            nonce=nonce,
            now=now,
        )

    async def create_skipped(
        self,
        *,
        guild_id: int,
        local_date: date,
        channel_id: int,
        scheduled_for: datetime,
        reveal_at: datetime,
        nonce: str,
        reason: str,
        now: datetime,
    ) -> PostRecord | None:
        """Record that ``local_date`` gets no post (no question, no day number); None if it has a post.

        The row takes the (guild_id, local_date) slot, so no process creates a post
        for that date afterwards.
        """
        return await self._create_for_date(
            guild_id=guild_id,
            local_date=local_date,
            day_number=None,
            question_id=None,
            channel_id=channel_id,
            status=PostStatus.SKIPPED,
            scheduled_for=scheduled_for,
            reveal_at=reveal_at,
            nonce=nonce,
            error=reason,
            now=now,
        )

    async def _create_for_date(self, *, now: datetime, **values: Any) -> PostRecord | None:
        stmt = (
            self._upsert(_p)
            .values(**values, answer_count=0, created_at=now, updated_at=now)
            .on_conflict_do_nothing(index_elements=[_p.c.guild_id, _p.c.local_date])
            .returning(*_p.c)
        )
        row = (await self._session.execute(stmt)).first()
        return None if row is None else to_record(PostRecord, row)

    async def mark_scored(self, post_id: int, answer_count: int, now: datetime) -> bool:
        """Note that the post's answers were scored; False if they already were (never score twice)."""
        result = await self._session.execute(
            update(_p)
            .where(_p.c.id == post_id, _p.c.scored_at.is_(None))
            .values(scored_at=now, answer_count=answer_count, updated_at=now)
        )
        return result.rowcount > 0

    async def skip_pending(self, guild_id: int, reason: str, now: datetime) -> int:
        """Skip the server's posts not sent yet (its schedule stopped); returns how many."""
        result = await self._session.execute(
            update(_p)
            .where(_p.c.guild_id == guild_id, _p.c.status == PostStatus.PENDING)
            .values(status=PostStatus.SKIPPED, error=reason, updated_at=now, **NO_LEASE)
        )
        return result.rowcount

    async def mark_failed(self, post_id: int, error: str, now: datetime) -> bool:
        """A permanent failure: the post will not be sent (or revealed) again."""
        return await self._set(post_id, now, status=PostStatus.FAILED, error=error, **NO_LEASE)

    async def mark_skipped(self, post_id: int, reason: str, now: datetime) -> bool:
        """The post is deliberately not sent (e.g. an admin skipped the day)."""
        return await self._set(post_id, now, status=PostStatus.SKIPPED, error=reason, **NO_LEASE)

    async def set_answer_count(self, post_id: int, answer_count: int, now: datetime) -> bool:
        return await self._set(post_id, now, answer_count=answer_count)

    async def get(self, post_id: int) -> PostRecord | None:
        return await self._one(_p.c.id == post_id)

    async def for_answers(self, post_ids: Iterable[int], *, lock: bool = False) -> dict[int, AnswerTarget]:
        """The posts among ``post_ids`` with their questions, by post id (missing ids are left out).

        One statement per 500 ids (a join). ``lock`` holds a share lock on the posts
        (PostgreSQL; not on their questions) until the unit of work ends: answering
        locks the posts so a reveal cannot score one between the check "still open"
        and the answer being written (the reveal's claim skips a locked post and
        takes it on its next round).
        """
        found: dict[int, AnswerTarget] = {}
        questions: dict[str, Question] = {}  # posts of many servers often ask the same question
        for ids in chunked(sorted(set(post_ids))):
            stmt = _FOR_ANSWERS_LOCKED if lock else _FOR_ANSWERS
            for row in await self._session.execute(stmt, {"ids": list(ids)}):
                if row.q_id is not None and row.q_id not in questions:
                    questions[row.q_id] = _question(row)
                found[row.id] = AnswerTarget(to_record(PostRecord, row), questions.get(row.q_id))
        return found

    async def get_by_message(self, message_id: int) -> PostRecord | None:
        """The post whose question message (not its reveal) has this id."""
        return await self._one(_p.c.message_id == message_id)

    async def get_for_date(self, guild_id: int, local_date: date) -> PostRecord | None:
        return await self._one((_p.c.guild_id == guild_id) & (_p.c.local_date == local_date))

    async def latest(self, guild_id: int) -> PostRecord | None:
        """The server's most recent post (by local date), whatever its status."""
        row = (
            await self._session.execute(
                select(_p).where(_p.c.guild_id == guild_id).order_by(_p.c.local_date.desc()).limit(1)
            )
        ).first()
        return None if row is None else to_record(PostRecord, row)

    async def history(self, guild_id: int, limit: int = 10, offset: int = 0) -> list[PostRecord]:
        """The server's posts, newest first."""
        result = await self._session.execute(
            select(_p)
            .where(_p.c.guild_id == guild_id)
            .order_by(_p.c.local_date.desc())
            .limit(limit)
            .offset(offset)
        )
        return to_records(PostRecord, result)

    async def count(self, guild_id: int) -> int:
        """How many days the server's history has (skipped and failed ones included)."""
        return int(
            (await self._session.execute(select(func.count()).where(_p.c.guild_id == guild_id))).scalar_one()
        )

    async def asked_question_ids(self, guild_id: int) -> list[str]:
        """Questions already asked in this server (pending, sent or revealed), oldest first."""
        result = await self._session.execute(
            select(_p.c.question_id)
            .where(_p.c.guild_id == guild_id, _p.c.status.in_(_ASKED))
            .order_by(_p.c.local_date)
        )
        return [qid for qid in result.scalars() if qid is not None]

    async def unrevealed_questions(self, guild_id: int) -> dict[str, datetime]:
        """The server's questions posted (or about to be sent) and not revealed yet, with their reveal times.

        What must not be answered anywhere else before its reveal (see ``bot.services.embargo``).
        A post stays here until it is actually revealed, however late that is.
        """
        result = await self._session.execute(
            select(_p.c.question_id, _p.c.reveal_at).where(
                _p.c.guild_id == guild_id,
                _p.c.status.in_((PostStatus.PENDING, PostStatus.SENT)),
                _p.c.question_id.is_not(None),
            )
        )
        held: dict[str, datetime] = {}
        for row in result:
            held[row.question_id] = max(row.reveal_at, held.get(row.question_id, row.reveal_at))
        return held

    async def next_day_number(self, guild_id: int) -> int:
        """1 for a server's first post, then one more than its highest asked day number.

        Failed and skipped posts were never shown, so their number goes to the next post.
        """
        result = await self._session.execute(
            select(func.coalesce(func.max(_p.c.day_number), 0)).where(
                _p.c.guild_id == guild_id, _p.c.status.in_(_ASKED)
            )
        )
        return int(result.scalar_one()) + 1

    async def next_reveal_after(
        self, now: datetime, *, shard: tuple[int, int] | None = None
    ) -> datetime | None:
        """The earliest future reveal of a post still to be revealed (when to wake up next)."""
        result = await self._session.execute(
            select(func.min(_p.c.reveal_at)).where(
                _p.c.status.in_((PostStatus.PENDING, PostStatus.SENT)),
                _p.c.reveal_at > now,
                shard_clause(_p.c.guild_id, shard),
            )
        )
        return result.scalar_one_or_none()

    async def _one(self, where: ColumnElement[bool]) -> PostRecord | None:
        row = (await self._session.execute(select(_p).where(where))).first()
        return None if row is None else to_record(PostRecord, row)

    async def _set(self, post_id: int, now: datetime, **values: Any) -> bool:
        result = await self._session.execute(
            update(_p).where(_p.c.id == post_id).values(**values, updated_at=now)
        )
        return result.rowcount > 0


def _question(row: Any) -> Question:
    return question_from_columns(
        id=row.q_id,
        kind=row.q_kind,
        topic=row.q_topic,
        difficulty=row.q_difficulty,
        group_key=row.q_group_key,
        prompt=row.q_prompt,
        body=row.q_body,
    )
