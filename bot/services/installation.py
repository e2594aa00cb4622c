"""This installation's own values, kept in the database so every process sharing it agrees.

The selection secret keys the daily question's seed (``bot.domain.selection.day_seed``):
``SELECTION_SECRET`` when the operator sets one, else a random one generated the
first time it is needed and stored, so it stays the same across restarts.
"""

from __future__ import annotations

import secrets

from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.services.errors import busy_means_try_again

SELECTION_SECRET_KEY = "selection_secret"


async def selection_secret(uow: UnitOfWork) -> str:
    """The installation's selection secret, generated and stored (in ``uow``) if there is none yet."""
    return await uow.installation.set_default(SELECTION_SECRET_KEY, secrets.token_hex(32))


class Installation:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow = uow_factory

    async def prepare(self, configured_secret: str | None) -> None:
        """At start-up: store ``SELECTION_SECRET`` when set, else make sure a generated one is stored.

        Committed before anything is chosen, so a ``/qotd preview`` (which stores
        nothing) already shows what will be posted.
        """
        async with busy_means_try_again(), self._uow() as uow:
            if configured_secret:
                await uow.installation.put(SELECTION_SECRET_KEY, configured_secret)
            else:
                await selection_secret(uow)
            await uow.commit()
