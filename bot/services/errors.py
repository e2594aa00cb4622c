"""Errors of the service layer that are not rules of the domain."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.db.errors import DatabaseBusy
from bot.domain.errors import DomainError


class TryAgain(DomainError):
    """The database was busy (another writer held it too long); nothing was saved."""

    def __init__(self) -> None:
        super().__init__("The bot is busy right now and nothing was saved; please try again in a moment.")


@asynccontextmanager
async def busy_means_try_again() -> AsyncIterator[None]:
    """Turn the storage layer's ``DatabaseBusy`` into the member-facing ``TryAgain``."""
    try:
        yield
    except DatabaseBusy as exc:
        raise TryAgain() from exc
