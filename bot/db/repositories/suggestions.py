"""Members' suggested questions: added, counted, paged for moderators, edited, decided, forgotten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Row, delete, func, literal, select, update

from bot.db.models import SuggestionModel
from bot.db.repositories.base import Repository, to_record

_s = SuggestionModel.__table__
_QUEUE_ORDER = (_s.c.created_at, _s.c.id)


class SuggestionStatus:
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class SuggestionRecord:
    id: int
    guild_id: int
    member_id: int
    author_name: str
    status: str
    topic: str
    prompt: str
    answer: str
    key_points: tuple[str, ...]
    created_at: datetime
    edited_at: datetime | None
    moderator_id: int | None
    decided_at: datetime | None
    reason: str | None
    question_id: str | None


def _record(row: Row[Any]) -> SuggestionRecord:
    return to_record(SuggestionRecord, row, key_points=tuple(row.key_points or ()))


class SuggestionRepository(Repository):
    async def hold_member(self, member_id: int) -> None:
        """Serialise one member's suggestions until the unit of work ends, so a limit counted holds.

        PostgreSQL takes a transaction-scoped advisory lock on the member (no row
        exists yet to lock); SQLite's unit of work already holds the write lock.
        """
        if self._dialect == "postgresql":  # one member's lock in every server: they rarely overlap
            await self._session.execute(select(func.pg_advisory_xact_lock(literal(member_id, BigInteger()))))

    async def pending_count(self, guild_id: int, member_id: int) -> int:
        stmt = select(func.count()).where(
            _s.c.guild_id == guild_id, _s.c.member_id == member_id, _s.c.status == SuggestionStatus.PENDING
        )
        return int((await self._session.execute(stmt)).scalar_one())

    async def add(
        self,
        guild_id: int,
        member_id: int,
        author_name: str,
        *,
        topic: str,
        prompt: str,
        answer: str,
        key_points: tuple[str, ...],
        now: datetime,
    ) -> int:
        """Store a pending suggestion; returns its id."""
        stmt = (
            _s.insert()
            .values(
                guild_id=guild_id,
                member_id=member_id,
                author_name=author_name,
                status=SuggestionStatus.PENDING,
                topic=topic,
                prompt=prompt,
                answer=answer,
                key_points=list(key_points),
                created_at=now,
            )
            .returning(_s.c.id)
        )
        return int((await self._session.execute(stmt)).scalar_one())

    async def pending_page(self, guild_id: int, index: int) -> tuple[SuggestionRecord | None, int]:
        """The server's ``index``-th pending suggestion, oldest first (clamped), and how many are pending."""
        waiting = (_s.c.guild_id == guild_id) & (_s.c.status == SuggestionStatus.PENDING)
        total = int((await self._session.execute(select(func.count()).where(waiting))).scalar_one())
        if not total:
            return None, 0
        index = min(max(index, 0), total - 1)
        row = (
            await self._session.execute(
                select(_s).where(waiting).order_by(*_QUEUE_ORDER).offset(index).limit(1)
            )
        ).first()
        return (None if row is None else _record(row)), total

    async def position(self, suggestion: SuggestionRecord) -> int:
        """How many of the server's pending suggestions come before this one in the queue."""
        before = (_s.c.created_at < suggestion.created_at) | (
            (_s.c.created_at == suggestion.created_at) & (_s.c.id < suggestion.id)
        )
        stmt = select(func.count()).where(
            _s.c.guild_id == suggestion.guild_id, _s.c.status == SuggestionStatus.PENDING, before
        )
        return int((await self._session.execute(stmt)).scalar_one())

    async def get(self, suggestion_id: int, *, lock: bool = False) -> SuggestionRecord | None:
        """One suggestion; ``lock`` holds its row until the unit of work ends (PostgreSQL)."""
        stmt = select(_s).where(_s.c.id == suggestion_id)
        row = (await self._session.execute(stmt.with_for_update() if lock else stmt)).first()
        return None if row is None else _record(row)

    async def edit(
        self,
        suggestion_id: int,
        *,
        topic: str,
        prompt: str,
        answer: str,
        key_points: tuple[str, ...],
        now: datetime,
    ) -> None:
        """A moderator's changes to a pending suggestion's text (it stays pending)."""
        await self._session.execute(
            update(_s)
            .where(_s.c.id == suggestion_id)
            .values(topic=topic, prompt=prompt, answer=answer, key_points=list(key_points), edited_at=now)
        )

    async def decide(
        self,
        suggestion_id: int,
        status: str,
        *,
        moderator_id: int,
        now: datetime,
        reason: str | None = None,
        question_id: str | None = None,
    ) -> None:
        await self._session.execute(
            update(_s)
            .where(_s.c.id == suggestion_id)
            .values(
                status=status,
                moderator_id=moderator_id,
                decided_at=now,
                reason=reason,
                question_id=question_id,
            )
        )

    async def of_member(self, member_id: int, guild_id: int | None) -> list[SuggestionRecord]:
        """Every suggestion the member made, in one server or (``None``) everywhere."""
        stmt = select(_s).where(_s.c.member_id == member_id).order_by(*_QUEUE_ORDER)
        if guild_id is not None:
            stmt = stmt.where(_s.c.guild_id == guild_id)
        return [_record(row) for row in await self._session.execute(stmt)]

    async def delete_of_member(self, member_id: int, guild_id: int | None) -> int:
        stmt = delete(_s).where(_s.c.member_id == member_id)
        if guild_id is not None:
            stmt = stmt.where(_s.c.guild_id == guild_id)
        return (await self._session.execute(stmt)).rowcount
