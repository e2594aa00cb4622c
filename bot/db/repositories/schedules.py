"""Servers' posting schedules; ``next_post_at`` lets the database decide what is due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, delete, func, select, update

from bot.db.models import ScheduleModel
from bot.db.records import ScheduleRecord, ScheduleStatus
from bot.db.repositories.base import Repository, shard_clause, to_record

_s = ScheduleModel.__table__


def _record(row: Row[Any]) -> ScheduleRecord:
    return to_record(ScheduleRecord, row, topics=tuple(row.topics or ()))


class ScheduleRepository(Repository):
    async def get(self, guild_id: int) -> ScheduleRecord | None:
        row = (await self._session.execute(select(_s).where(_s.c.guild_id == guild_id))).first()
        return None if row is None else _record(row)

    async def get_many(self, guild_ids: Iterable[int]) -> dict[int, ScheduleRecord]:
        """The schedules of these servers, by guild id (servers without one are left out)."""
        wanted = sorted(set(guild_ids))
        if not wanted:
            return {}
        result = await self._session.execute(select(_s).where(_s.c.guild_id.in_(wanted)))
        return {row.guild_id: _record(row) for row in result}

    async def save(self, schedule: ScheduleRecord, *, now: datetime) -> ScheduleRecord:
        """Insert or replace the server's schedule; ``created_at`` survives a replace."""
        values = asdict(schedule) | {"topics": list(schedule.topics), "created_at": now, "updated_at": now}
        ins = self._upsert(_s).values(values)
        replaced = {k: v for k, v in values.items() if k not in ("guild_id", "created_at")}
        stmt = ins.on_conflict_do_update(index_elements=[_s.c.guild_id], set_=replaced).returning(*_s.c)
        return _record((await self._session.execute(stmt)).one())

    async def delete(self, guild_id: int) -> bool:
        result = await self._session.execute(delete(_s).where(_s.c.guild_id == guild_id))
        return result.rowcount > 0

    async def due(self, now: datetime, *, shard: tuple[int, int] | None = None) -> list[ScheduleRecord]:
        """Active schedules whose ``next_post_at`` has come, earliest first.

        ``shard`` = (shard_id, shard_count) keeps only the guilds of that shard.
        """
        result = await self._session.execute(
            select(_s)
            .where(
                _s.c.status == ScheduleStatus.ACTIVE,
                _s.c.next_post_at <= now,
                shard_clause(_s.c.guild_id, shard),
            )
            .order_by(_s.c.next_post_at, _s.c.guild_id)
        )
        return [_record(row) for row in result]

    async def next_due_after(self, now: datetime, *, shard: tuple[int, int] | None = None) -> datetime | None:
        """The earliest future ``next_post_at`` of an active schedule (when to wake up next)."""
        result = await self._session.execute(
            select(func.min(_s.c.next_post_at)).where(
                _s.c.status == ScheduleStatus.ACTIVE,
                _s.c.next_post_at > now,
                shard_clause(_s.c.guild_id, shard),
            )
        )
        return result.scalar_one_or_none()

    async def advance(
        self,
        guild_id: int,
        next_post_at: datetime | None,
        *,
        now: datetime,
        next_post_date: date | None = None,
    ) -> bool:
        """Set when the next post is due and the local date it posts for."""
        return await self._update(guild_id, now, next_post_at=next_post_at, next_post_date=next_post_date)

    async def advance_from(
        self,
        guild_id: int,
        expected: datetime,
        next_post_at: datetime,
        next_post_date: date,
        *,
        now: datetime,
    ) -> bool:
        """Move ``next_post_at`` on only if it still is ``expected``; False if someone else moved it.

        The row lock this UPDATE takes makes a second process that read the same
        due schedule wait, then find the schedule moved and leave it alone.
        """
        result = await self._session.execute(
            update(_s)
            .where(
                _s.c.guild_id == guild_id,
                _s.c.next_post_at == expected,
                _s.c.status == ScheduleStatus.ACTIVE,
            )
            .values(next_post_at=next_post_at, next_post_date=next_post_date, updated_at=now)
        )
        return result.rowcount > 0

    async def pause(self, guild_id: int, reason: str, now: datetime, *, paused_by: int | None = None) -> bool:
        """Stop posting (e.g. the channel is gone), keeping the reason to show admins.

        ``paused_by``: the member who paused it, when one did (their name may be in the reason).
        """
        return await self._update(
            guild_id, now, status=ScheduleStatus.PAUSED, paused_reason=reason, paused_by=paused_by
        )

    async def resume(
        self, guild_id: int, next_post_at: datetime, *, now: datetime, next_post_date: date | None = None
    ) -> bool:
        return await self._update(
            guild_id,
            now,
            status=ScheduleStatus.ACTIVE,
            paused_reason=None,
            paused_by=None,
            next_post_at=next_post_at,
            next_post_date=next_post_date,
        )

    async def record_error(self, guild_id: int, error: str, now: datetime) -> bool:
        """Remember the last (transient) failure, for ``/qotd status``."""
        return await self._update(guild_id, now, last_error=error, last_error_at=now)

    async def clear_error(self, guild_id: int, now: datetime) -> bool:
        """Forget the last failure (a post went out fine again)."""
        return await self._update(guild_id, now, last_error=None, last_error_at=None)

    async def set_skip_date(self, guild_id: int, skip_date: date, now: datetime) -> bool:
        """Remember the last date an admin skipped (shown by ``/qotd status``)."""
        return await self._update(guild_id, now, skip_date=skip_date)

    async def _update(self, guild_id: int, now: datetime, **values: Any) -> bool:
        result = await self._session.execute(
            update(_s).where(_s.c.guild_id == guild_id).values(**values, updated_at=now)
        )
        return result.rowcount > 0
