"""What every model shares: the declarative base with stable constraint names, column sizes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db.types import UTCDateTime

# Stable constraint names, so Alembic batch mode on SQLite can find and rebuild them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 64  # question ids: "<source>-<6 hex>" or "g<guild_id>-<6 hex>"
NAME_LENGTH = 100  # topic slugs, group keys
CODE_LENGTH = 16  # kinds, statuses, periods, sources


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def instant() -> Mapped[datetime]:
    """A required instant (created, updated, requested ...), stored in UTC."""
    return mapped_column(UTCDateTime(), nullable=False)
