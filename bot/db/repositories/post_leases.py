"""Daily posts' leases: handing a post to one process at a time, and ending the lease.

A lease (``lease_owner`` + ``lease_expires_at``) says which process is sending
or revealing a post right now. Claims are one atomic UPDATE, so two processes
never hold the same post; a crashed process's lease simply expires. A post's
send or reveal ends its lease: sent, revealed, failed for good, or given back
after a passing failure (with a backoff before the next claim).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update

from bot.db.models import PostModel
from bot.db.records import PostRecord, PostStatus
from bot.db.repositories.base import Repository, chunked, shard_clause, to_records

_p = PostModel.__table__

NO_LEASE: dict[str, Any] = {"lease_owner": None, "lease_expires_at": None}
"""The values that end a post's lease."""


def _lease_free(now: datetime) -> ColumnElement[bool]:
    return or_(_p.c.lease_expires_at.is_(None), _p.c.lease_expires_at <= now)


class PostLeases(Repository):
    """The lease queries of :class:`~bot.db.repositories.posts.PostRepository` (``uow.posts``)."""

    async def claim_to_send(
        self,
        now: datetime,
        owner: str,
        lease: timedelta,
        *,
        shard: tuple[int, int] | None = None,
        limit: int = 50,
    ) -> list[PostRecord]:
        """Lease pending posts that are due and not yet past their reveal, oldest first."""
        return await self._claim(
            now,
            owner,
            lease,
            shard=shard,
            limit=limit,
            wanted=(
                _p.c.status == PostStatus.PENDING,
                _p.c.scheduled_for <= now,
                _p.c.reveal_at > now,
            ),
            order=_p.c.scheduled_for,
        )

    async def claim_to_reveal(
        self,
        now: datetime,
        owner: str,
        lease: timedelta,
        *,
        shard: tuple[int, int] | None = None,
        limit: int = 50,
        ids: Collection[int] | None = None,
    ) -> list[PostRecord]:
        """Lease sent posts whose reveal time has come, oldest first (only among ``ids`` if given)."""
        wanted = (_p.c.status == PostStatus.SENT, _p.c.reveal_at <= now)
        if ids is not None:
            wanted = (*wanted, _p.c.id.in_(sorted(ids)))
        return await self._claim(
            now, owner, lease, shard=shard, limit=limit, wanted=wanted, order=_p.c.reveal_at
        )

    async def _claim(
        self,
        now: datetime,
        owner: str,
        lease: timedelta,
        *,
        shard: tuple[int, int] | None,
        limit: int,
        wanted: tuple[ColumnElement[bool], ...],
        order: Any,
    ) -> list[PostRecord]:
        # PostgreSQL: SKIP LOCKED lets a concurrent claimer pass over rows another
        # transaction is leasing, and the outer re-check of the lease makes a
        # claimer that waited on a row lock leave a row someone else just took.
        # The candidates are a MATERIALIZED CTE, evaluated once: as a plain IN
        # subquery the planner may rescan it per row, and each rescan (seeing the
        # leases this very UPDATE set) would hand out ``limit`` more posts.
        # SQLite: the write lock taken by BEGIN IMMEDIATE serializes claimers.
        candidates = (
            select(_p.c.id)
            .where(*wanted, _lease_free(now), shard_clause(_p.c.guild_id, shard))
            .order_by(order, _p.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .cte("candidates")
            .prefix_with("MATERIALIZED")
        )
        stmt = (
            update(_p)
            .where(_p.c.id.in_(select(candidates.c.id)), *wanted, _lease_free(now))
            .values(lease_owner=owner, lease_expires_at=now + lease, updated_at=now)
            .returning(*_p.c)
        )
        claimed = to_records(PostRecord, await self._session.execute(stmt))
        return sorted(
            claimed, key=lambda p: (p.reveal_at if p.status == PostStatus.SENT else p.scheduled_for, p.id)
        )

    async def note_first_claims(self, post_ids: Iterable[int], step: PostStatus, now: datetime) -> None:
        """Record ``now`` as the first hand-out of the posts' send (``step`` pending) or reveal (sent).

        Only the first one counts: a message may exist from that instant on.
        """
        column = _p.c.send_claimed_at if step == PostStatus.PENDING else _p.c.reveal_claimed_at
        for ids in chunked(sorted(set(post_ids))):
            await self._session.execute(
                update(_p).where(_p.c.id.in_(ids), column.is_(None)).values({column: now})
            )

    async def mark_sent(
        self, post_id: int, owner: str, message_id: int, thread_id: int | None, now: datetime
    ) -> bool:
        """Record the sent message; False if ``owner`` no longer holds the post's lease."""
        return await self._finish_lease(
            post_id,
            owner,
            PostStatus.PENDING,
            now,
            status=PostStatus.SENT,
            message_id=message_id,
            thread_id=thread_id,
            sent_at=now,
            error=None,
            failures=0,
        )

    async def mark_revealed(
        self,
        post_id: int,
        owner: str,
        reveal_message_id: int | None,
        answer_count: int,
        now: datetime,
        *,
        error: str | None = None,
    ) -> bool:
        """Record the reveal (``error``: it could not be shown); False if ``owner`` lost the lease."""
        return await self._finish_lease(
            post_id,
            owner,
            PostStatus.SENT,
            now,
            status=PostStatus.REVEALED,
            reveal_message_id=reveal_message_id,
            answer_count=answer_count,
            revealed_at=now,
            error=error,
        )

    async def fail_send(self, post_id: int, owner: str, error: str, now: datetime) -> bool:
        """A pending post that can never be sent; False if ``owner`` no longer holds its lease."""
        return await self._finish_lease(
            post_id, owner, PostStatus.PENDING, now, status=PostStatus.FAILED, error=error
        )

    async def record_failure(
        self, post_id: int, owner: str, error: str, now: datetime, *, retry_at: datetime | None = None
    ) -> int | None:
        """A transient failure: give the lease back and count it; the new count (None: lease lost).

        With ``retry_at`` nobody may claim the post before then (a backoff: a few seconds of
        Discord errors must not use up every retry at once).
        """
        result = await self._session.execute(
            update(_p)
            .where(_p.c.id == post_id, _p.c.lease_owner == owner)
            .values(
                error=error,
                failures=_p.c.failures + 1,
                updated_at=now,
                lease_owner=None,
                lease_expires_at=retry_at,
            )
            .returning(_p.c.failures)
        )
        return result.scalar_one_or_none()

    async def next_retry_after(
        self, now: datetime, *, shard: tuple[int, int] | None = None
    ) -> datetime | None:
        """The earliest future instant a backed-off post may be tried again."""
        result = await self._session.execute(
            select(func.min(_p.c.lease_expires_at)).where(
                _p.c.status.in_((PostStatus.PENDING, PostStatus.SENT)),
                _p.c.lease_owner.is_(None),
                _p.c.lease_expires_at > now,
                shard_clause(_p.c.guild_id, shard),
            )
        )
        return result.scalar_one_or_none()

    async def expire_unsent(
        self, now: datetime, reason: str, *, shard: tuple[int, int] | None = None
    ) -> list[PostRecord]:
        """Skip pending posts nobody holds whose reveal time has passed: too late to ask them."""
        result = await self._session.execute(
            update(_p)
            .where(
                _p.c.status == PostStatus.PENDING,
                _p.c.reveal_at <= now,
                _lease_free(now),
                shard_clause(_p.c.guild_id, shard),
            )
            .values(status=PostStatus.SKIPPED, error=reason, updated_at=now, **NO_LEASE)
            .returning(*_p.c)
        )
        return to_records(PostRecord, result)

    async def release(self, post_id: int, owner: str, now: datetime | None = None) -> bool:
        """Give the lease back (a transient failure): the next claim may retry at once."""
        values: dict[str, Any] = dict(NO_LEASE)
        if now is not None:
            values["updated_at"] = now
        result = await self._session.execute(
            update(_p).where(_p.c.id == post_id, _p.c.lease_owner == owner).values(**values)
        )
        return result.rowcount > 0

    async def _finish_lease(
        self, post_id: int, owner: str, from_status: str, now: datetime, **values: Any
    ) -> bool:
        result = await self._session.execute(
            update(_p)
            .where(_p.c.id == post_id, _p.c.lease_owner == owner, _p.c.status == from_status)
            .values(**values, **NO_LEASE, updated_at=now)
        )
        return result.rowcount > 0
