"""Alembic environment: async engines, batch mode on SQLite, the models' metadata as target.

``bot.db.migrate`` runs it programmatically and hands over a connection in
``config.attributes["connection"]``; run by hand (``alembic -c
migrations/alembic.ini upgrade head``) it opens its own engine from
``-x url=...``, ``QOTD_DATABASE_URL`` or the bot's settings.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from bot.db.engine import create_engine
from bot.db.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.attributes.get("url")
    if url:
        return str(url)
    if os.environ.get("QOTD_DATABASE_URL"):
        return os.environ["QOTD_DATABASE_URL"]
    from bot.settings import Settings  # only when run by hand without a URL

    return Settings().database_url


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
        render_as_batch=True,
        # The engine's BEGIN hook makes SQLite DDL transactional, so a failed
        # migration leaves the schema as it was.
        transactional_ddl=True,
        **kwargs,
    )


def _run_on(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    # Foreign keys off: batch mode copies and drops tables, which must not cascade.
    engine = create_engine(_url(), foreign_keys=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_on)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()
elif (shared := config.attributes.get("connection")) is not None:
    _run_on(shared)
else:
    asyncio.run(_run_with_own_engine())
