"""Errors the storage layer raises to its callers, and how driver errors map onto them."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError

# SQLite result codes (the low byte of the extended code).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
# PostgreSQL SQLSTATEs for "someone else holds what you need; try again".
_PG_RETRYABLE = frozenset(
    {
        "55P03",  # lock_not_available (lock_timeout expired)
        "40001",  # serialization_failure
        "40P01",  # deadlock_detected
        "57014",  # query_canceled (statement_timeout)
    }
)


class DatabaseBusy(Exception):
    """Another writer held the database for too long; the unit of work was rolled back.

    Nothing of the failed unit of work remains, so the whole operation can
    simply be tried again (the bot answers "busy, try again in a moment").
    """

    def __init__(self, message: str = "The database is busy; try again in a moment.") -> None:
        super().__init__(message)


def is_busy_error(exc: BaseException) -> bool:
    """Whether ``exc`` (a SQLAlchemy or driver error) means "locked / busy, retry later"."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate in _PG_RETRYABLE
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    if isinstance(orig, sqlite3.OperationalError):
        message = str(orig).lower()
        return "database is locked" in message or "database table is locked" in message
    return False
