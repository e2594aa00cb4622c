"""Servers as a whole: which ones removed the bot (and when), and deleting all of a server's data."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Table, delete, or_, select, union

from bot.db.models import (
    Base,
    DepartedGuildModel,
    DisabledSourceModel,
    MemberPrefsModel,
    MemberRoleModel,
    QuestionModel,
    ReviewCardModel,
    ScheduleModel,
    ScoreTotalModel,
    StreakModel,
)
from bot.db.repositories.base import Repository, chunked, shard_clause

_d = DepartedGuildModel.__table__

# Tables whose key (or an index) starts with guild_id, so listing their servers reads an index: any
# server the bot ever worked for has a row in one of them (a schedule, its own questions, points,
# a streak, a card, recorded roles, preferences or a source turned off). Posts are left out: they need a
# schedule.
_GUILD_INDEXED: tuple[Table, ...] = tuple(
    model.__table__  # type: ignore[misc]
    for model in (
        ScheduleModel,
        MemberPrefsModel,
        ScoreTotalModel,
        StreakModel,
        MemberRoleModel,
        ReviewCardModel,
        QuestionModel,
        DisabledSourceModel,
    )
)


def _guild_tables() -> list[Table]:
    """Every table with a ``guild_id``, children before the tables they refer to."""
    return [t for t in reversed(Base.metadata.sorted_tables) if "guild_id" in t.c]


class GuildRepository(Repository):
    async def known(self, shards: Iterable[tuple[int, int]] | None = None) -> set[int]:
        """Servers with data stored (on these shards, or all when None)."""
        parts = []
        for table in _GUILD_INDEXED:
            stmt = select(table.c.guild_id).where(table.c.guild_id.is_not(None))
            if shards is not None:
                stmt = stmt.where(or_(*(shard_clause(table.c.guild_id, s) for s in shards)))
            parts.append(stmt)
        return set((await self._session.execute(union(*parts))).scalars())

    async def mark_departed(self, guild_ids: Iterable[int], now: datetime) -> int:
        """Record that these servers removed the bot at ``now`` (an earlier mark is kept); new marks."""
        rows = [{"guild_id": g, "left_at": now} for g in sorted(set(guild_ids))]
        marked = 0
        for batch in chunked(rows):
            stmt = self._upsert(_d).values(list(batch)).on_conflict_do_nothing(index_elements=[_d.c.guild_id])
            result = await self._session.execute(stmt.returning(_d.c.guild_id))
            marked += len(result.all())
        return marked

    async def clear_departed(self, guild_ids: Iterable[int]) -> int:
        """The bot is in these servers (again): forget that they had removed it."""
        cleared = 0
        for ids in chunked(sorted(set(guild_ids))):
            cleared += (await self._session.execute(delete(_d).where(_d.c.guild_id.in_(ids)))).rowcount
        return cleared

    async def left_at(self, guild_id: int) -> datetime | None:
        """When the server removed the bot; None when it has not (or came back)."""
        stmt = select(_d.c.left_at).where(_d.c.guild_id == guild_id)
        return (await self._session.execute(stmt)).scalar_one_or_none()

    async def departed_before(self, instant: datetime, limit: int = 100) -> list[int]:
        """Servers that removed the bot before ``instant``, longest gone first."""
        result = await self._session.execute(
            select(_d.c.guild_id).where(_d.c.left_at < instant).order_by(_d.c.left_at).limit(limit)
        )
        return list(result.scalars())

    async def delete_everything(self, guild_id: int) -> dict[str, int]:
        """Delete every row of the server in every table (its departure mark too); counts by table."""
        counts: dict[str, int] = {}
        for table in _guild_tables():
            result = await self._session.execute(delete(table).where(table.c.guild_id == guild_id))
            counts[table.name] = result.rowcount
        return counts
