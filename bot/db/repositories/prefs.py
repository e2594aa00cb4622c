"""Members' per-server preferences (the daily review DM and its time)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from bot.db.models import MemberPrefsModel
from bot.db.records import MemberPrefs
from bot.db.repositories.base import Repository, to_record

_m = MemberPrefsModel.__table__

# Review reminders are direct messages: nobody gets one without asking for it.
DEFAULT_REVIEW_DM = False


class PrefsRepository(Repository):
    async def get(self, guild_id: int, member_id: int) -> MemberPrefs:
        """The member's preferences; the defaults when they never set any."""
        row = (
            await self._session.execute(
                select(_m).where(_m.c.guild_id == guild_id, _m.c.member_id == member_id)
            )
        ).first()
        if row is None:
            return MemberPrefs(
                guild_id, member_id, review_dm=DEFAULT_REVIEW_DM, last_review_dm_on=None, review_dm_time=None
            )
        return to_record(MemberPrefs, row)

    async def set_review_dm(self, guild_id: int, member_id: int, enabled: bool) -> None:
        await self._set(guild_id, member_id, review_dm=enabled)

    async def set_review_dm_time(self, guild_id: int, member_id: int, at: str | None) -> None:
        """The member's reminder time ("HH:MM" on the server's clock); None: the server's post time."""
        await self._set(guild_id, member_id, review_dm_time=at)

    async def set_last_review_dm_on(self, guild_id: int, member_id: int, day: date) -> None:
        """Remember the local day the review DM went out (or was let pass), so it goes at most once a day."""
        await self._set(guild_id, member_id, last_review_dm_on=day)

    async def _set(self, guild_id: int, member_id: int, **values: Any) -> None:
        defaults = {"review_dm": DEFAULT_REVIEW_DM, "last_review_dm_on": None, "review_dm_time": None}
        ins = self._upsert(_m).values(guild_id=guild_id, member_id=member_id, **(defaults | values))
        await self._session.execute(
            ins.on_conflict_do_update(index_elements=[_m.c.guild_id, _m.c.member_id], set_=values)
        )
