"""Creating the one async engine a process uses, tuned for SQLite or PostgreSQL.

Nothing connects at import: the caller (``bot.app``, ``bot.cli``, a test
fixture) calls :func:`create_engine` once and passes the engine around.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

DEFAULT_BUSY_TIMEOUT_MS = 5000
CONNECT_TIMEOUT_S = 10  # asyncpg waits 60 s by default: too long to tell "the server is down"

# Execution option read by the SQLite ``begin`` hook: how to open a transaction.
SQLITE_BEGIN_OPTION = "qotd_sqlite_begin"
SqliteBegin = Literal["DEFERRED", "IMMEDIATE", "EXCLUSIVE"]
_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})


def create_engine(
    url: str,
    *,
    echo: bool = False,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    foreign_keys: bool = True,
) -> AsyncEngine:
    """An :class:`AsyncEngine` for ``sqlite+aiosqlite:///path`` or ``postgresql+asyncpg://...``.

    ``busy_timeout_ms`` is how long a statement waits for another writer's lock
    before failing (SQLite ``busy_timeout``, PostgreSQL ``lock_timeout``); the
    unit of work turns that failure into :class:`bot.db.errors.DatabaseBusy`.
    ``foreign_keys=False`` is for migrations only (SQLite batch mode rebuilds
    tables, which must not cascade).
    """
    parsed = _with_async_driver(make_url(url))
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _create_sqlite_engine(
            parsed, echo=echo, busy_timeout_ms=busy_timeout_ms, foreign_keys=foreign_keys
        )
    if backend == "postgresql":
        return create_async_engine(
            parsed,
            echo=echo,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=5,
            pool_recycle=1800,
            connect_args={
                "timeout": CONNECT_TIMEOUT_S,
                "server_settings": {
                    "lock_timeout": str(int(busy_timeout_ms)),
                    "application_name": "qotd-bot",
                },
            },
        )
    raise ValueError(f"unsupported database URL {parsed.render_as_string(hide_password=True)!r}")


def _with_async_driver(url: URL) -> URL:
    """``sqlite:///...`` and ``postgresql://...`` (or ``postgres://``) get the async drivers this bot uses."""
    if url.drivername == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+asyncpg")
    return url


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for units of work: objects stay readable after commit, nothing flushes implicitly."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def sqlite_file(url: str | URL) -> Path | None:
    """The file a SQLite URL points at; None for other databases, memory and URI forms."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _create_sqlite_engine(url: URL, *, echo: bool, busy_timeout_ms: int, foreign_keys: bool) -> AsyncEngine:
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, echo=echo)
    pragmas = (
        f"PRAGMA busy_timeout = {int(busy_timeout_ms)}",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}",
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the sqlite3 driver (it would only begin before DML,
        # in DEFERRED mode); the "begin" hook below emits it instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE by default: a transaction that reads and then writes would
        # otherwise need to upgrade its lock, which SQLite refuses at once
        # (SQLITE_BUSY without waiting) when another writer is active. Taking the
        # write lock up front makes writers queue on busy_timeout instead.
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")
        if mode not in _BEGIN_MODES:
            raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine
