"""Members' answering streaks, per server."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from sqlalchemy import select

from bot.db.models import StreakModel
from bot.db.records import StreakRecord
from bot.db.repositories.base import Repository, chunked, to_record
from bot.db.repositories.batching import rows_by_pairs, select_by_pairs, upserts_by_dialect

_s = StreakModel.__table__


_REPLACES = upserts_by_dialect(_s, ["guild_id", "member_id"], ["current", "best", "last_date"])
_OF_MEMBERS = select_by_pairs(_s.c.guild_id, _s.c.member_id, _s.c.current, _s.c.best, _s.c.last_date)
# In key order, so two writers lock the rows they share in the same order and cannot deadlock.
_OF_MEMBERS_LOCKED = _OF_MEMBERS.order_by(_s.c.guild_id, _s.c.member_id).with_for_update()


class StreakRepository(Repository):
    async def get(self, guild_id: int, member_id: int) -> StreakRecord | None:
        row = (
            await self._session.execute(
                select(_s).where(_s.c.guild_id == guild_id, _s.c.member_id == member_id)
            )
        ).first()
        return None if row is None else to_record(StreakRecord, row)

    async def get_many(
        self, keys: Iterable[tuple[int, int]], *, lock: bool = False
    ) -> dict[tuple[int, int], StreakRecord]:
        """The streaks of these (guild id, member id) pairs, by pair (members without one are left out).

        ``lock`` holds the rows until the unit of work ends, for a caller that writes back a
        streak computed from them: on PostgreSQL another process answering for the same member
        waits and then reads the new streak, instead of overwriting it with one computed from
        the old (SQLite ignores it; its write lock serializes writers).
        """
        rows = await rows_by_pairs(self._session, _OF_MEMBERS_LOCKED if lock else _OF_MEMBERS, keys)
        return {(row.guild_id, row.member_id): to_record(StreakRecord, row) for row in rows}

    async def save(self, streak: StreakRecord) -> None:
        """Insert or replace the member's streak (the domain computes the new values)."""
        await self.save_many([streak])

    async def save_many(self, streaks: Iterable[StreakRecord]) -> None:
        """Insert or replace each member's streak; the last one given for a member wins."""
        latest = {(s.guild_id, s.member_id): s for s in streaks}
        # In key order, so concurrent writers lock rows in the same order and cannot deadlock.
        rows = [asdict(latest[key]) for key in sorted(latest)]
        for batch in chunked(rows):
            await self._session.execute(_REPLACES[self._dialect], list(batch))
