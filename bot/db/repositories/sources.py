"""The question sources each server turned off (``/bank sources``); every other source is on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from bot.db.models import DisabledSourceModel
from bot.db.repositories.base import Repository

_s = DisabledSourceModel.__table__


class SourceRepository(Repository):
    async def disabled(self, guild_id: int) -> frozenset[str]:
        """The sources the server turned off."""
        result = await self._session.execute(select(_s.c.source).where(_s.c.guild_id == guild_id))
        return frozenset(result.scalars())

    async def turn_off(self, guild_id: int, source: str, now: datetime) -> bool:
        """Turn a source off for a server; False when it already was."""
        stmt = (
            self._upsert(_s)
            .values(guild_id=guild_id, source=source, disabled_at=now)
            .on_conflict_do_nothing(index_elements=[_s.c.guild_id, _s.c.source])
        )
        return bool((await self._session.execute(stmt.returning(_s.c.source))).all())

    async def turn_on(self, guild_id: int, source: str) -> bool:
        """Turn a source on again for a server; False when it was on."""
        stmt = delete(_s).where(_s.c.guild_id == guild_id, _s.c.source == source)
        return bool((await self._session.execute(stmt)).rowcount)
