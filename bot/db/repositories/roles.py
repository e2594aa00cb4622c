"""The roles each member had when last seen, for role-filtered leaderboards."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import bindparam, delete, select

from bot.db.models import MemberRoleModel
from bot.db.repositories.base import Repository, chunked
from bot.db.repositories.batching import rows_by_pairs, select_by_pairs, upserts_by_dialect

_r = MemberRoleModel.__table__


# A role already recorded for the member is seen again: only seen_at moves.
_SEEN = upserts_by_dialect(_r, ["guild_id", "member_id", "role_id"], ["seen_at"])
_OF_MEMBERS = select_by_pairs(_r.c.guild_id, _r.c.member_id, _r.c.role_id)
_FORGET = delete(_r).where(
    _r.c.guild_id == bindparam("b_guild"),
    _r.c.member_id == bindparam("b_member"),
    _r.c.role_id == bindparam("b_role"),
)


class RoleRepository(Repository):
    async def record(self, guild_id: int, member_id: int, role_ids: Iterable[int], now: datetime) -> None:
        """Replace the member's recorded roles with ``role_ids`` (those gained seen at ``now``)."""
        await self.record_many({(guild_id, member_id): role_ids}, now)

    async def record_many(self, roles: Mapping[tuple[int, int], Iterable[int]], now: datetime) -> None:
        """Make each (guild id, member id)'s recorded roles the given ones, writing only what changed.

        One read of the members' current roles, then one batched delete of the
        roles they lost and one batched insert of those they gained (seen at
        ``now``); a member whose roles did not change costs no write, so such
        roles keep the ``seen_at`` of when they were first recorded.
        """
        wanted = {key: set(role_ids) for key, role_ids in roles.items()}
        current: dict[tuple[int, int], set[int]] = {key: set() for key in wanted}
        for guild_id, member_id, role_id in await rows_by_pairs(self._session, _OF_MEMBERS, wanted):
            current[(guild_id, member_id)].add(role_id)
        lost, gained = [], []
        for (guild_id, member_id), role_ids in sorted(wanted.items()):
            had = current[(guild_id, member_id)]
            lost += [
                {"b_guild": guild_id, "b_member": member_id, "b_role": r} for r in sorted(had - role_ids)
            ]
            gained += [
                {"guild_id": guild_id, "member_id": member_id, "role_id": r, "seen_at": now}
                for r in sorted(role_ids - had)
            ]
        for batch in chunked(lost):
            await self._session.execute(_FORGET, list(batch))
        # Upsert, not insert: another process may have recorded the same role meanwhile.
        for batch in chunked(gained):
            await self._session.execute(_SEEN[self._dialect], list(batch))

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
