"""The roles each member had when last seen, for role-filtered leaderboards."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select

from bot.db.models import MemberRoleModel
from bot.db.repositories.base import Repository

_r = MemberRoleModel.__table__


class RoleRepository(Repository):
    async def record(self, guild_id: int, member_id: int, role_ids: Iterable[int], now: datetime) -> None:
        """Replace the member's recorded roles with ``role_ids`` (seen at ``now``)."""
        roles = sorted(set(role_ids))
        mine = (_r.c.guild_id == guild_id) & (_r.c.member_id == member_id)
        await self._session.execute(delete(_r).where(mine, _r.c.role_id.not_in(roles)))
        if not roles:
            return
        ins = self._upsert(_r).values(
            [{"guild_id": guild_id, "member_id": member_id, "role_id": r, "seen_at": now} for r in roles]
        )
        await self._session.execute(
            ins.on_conflict_do_update(
                index_elements=[_r.c.guild_id, _r.c.member_id, _r.c.role_id],
                set_={"seen_at": ins.excluded.seen_at},
            )
        )

    async def roles_of(self, guild_id: int, member_id: int) -> set[int]:
        result = await self._session.execute(
            select(_r.c.role_id).where(_r.c.guild_id == guild_id, _r.c.member_id == member_id)
        )
        return set(result.scalars())

    async def members_with_role(self, guild_id: int, role_id: int) -> list[int]:
        result = await self._session.execute(
            select(_r.c.member_id)
            .where(_r.c.guild_id == guild_id, _r.c.role_id == role_id)
            .order_by(_r.c.member_id)
        )
        return list(result.scalars())
