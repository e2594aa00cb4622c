"""Running the Alembic migrations in ``migrations/`` from code (``qotd db``, tests, start-up)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from bot.db.engine import SQLITE_BEGIN_OPTION, create_engine, sqlite_file

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config() -> Config:
    """An Alembic config built in code: no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision in ``migrations/versions``."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations in {MIGRATIONS_DIR}")
    return head


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (blocking; not inside a running loop)."""
    asyncio.run(upgrade_async(url, revision))


async def upgrade_async(url: str, revision: str = "head") -> None:
    """:func:`upgrade` for code already running in an event loop."""
    # Its own engine with foreign keys off: batch mode on SQLite copies and drops
    # tables, and that must not cascade into the rows that refer to them.
    engine = create_engine(url, foreign_keys=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_upgrade_on, revision)
            await connection.commit()
    finally:
        await engine.dispose()


def current(url: str) -> str | None:
    """The revision the database at ``url`` is at; None for a database never migrated."""
    return asyncio.run(current_async(url))


async def current_async(url: str) -> str | None:
    path = sqlite_file(url)
    if path is not None and not path.exists():
        return None  # asking must not create the file
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            # Only reading: no need for SQLite's write lock.
            await connection.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
            return await connection.run_sync(_current_on)
    finally:
        await engine.dispose()


def _upgrade_on(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _current_on(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
