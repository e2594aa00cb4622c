"""Values of this installation kept in the database, shared by every process that uses it."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import InstallationModel
from bot.db.repositories.base import Repository

_i = InstallationModel.__table__


class InstallationRepository(Repository):
    async def get(self, key: str) -> str | None:
        return (await self._session.execute(select(_i.c.value).where(_i.c.key == key))).scalar_one_or_none()

    async def set_default(self, key: str, value: str) -> str:
        """The stored value of ``key``, storing ``value`` first when there is none.

        Two processes racing here both end with the one value that was stored first.
        """
        await self._session.execute(
            self._upsert(_i).values(key=key, value=value).on_conflict_do_nothing(index_elements=[_i.c.key])
        )
        stored = await self.get(key)
        assert stored is not None  # just inserted, or there before
        return stored

    async def put(self, key: str, value: str) -> None:
        stmt = self._upsert(_i).values(key=key, value=value)
        await self._session.execute(
            stmt.on_conflict_do_update(index_elements=[_i.c.key], set_={"value": stmt.excluded.value})
        )
