"""Members' answering streaks, per server."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select

from bot.db.models import StreakModel
from bot.db.records import StreakRecord
from bot.db.repositories.base import Repository, to_record

_s = StreakModel.__table__


class StreakRepository(Repository):
    async def get(self, guild_id: int, member_id: int) -> StreakRecord | None:
        row = (
            await self._session.execute(
                select(_s).where(_s.c.guild_id == guild_id, _s.c.member_id == member_id)
            )
        ).first()
        return None if row is None else to_record(StreakRecord, row)

    async def save(self, streak: StreakRecord) -> None:
        """Insert or replace the member's streak (the domain computes the new values)."""
        ins = self._upsert(_s).values(asdict(streak))
        await self._session.execute(
            ins.on_conflict_do_update(
                index_elements=[_s.c.guild_id, _s.c.member_id],
                set_={
                    "current": ins.excluded.current,
                    "best": ins.excluded.best,
                    "last_date": ins.excluded.last_date,
                },
            )
        )
