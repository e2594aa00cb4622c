"""What every repository shares: its session, dialect-aware upserts, shard filters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Integer, Row, Table, literal, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
R = TypeVar("R")

# Rows per statement for bulk writes: well under SQLite's and asyncpg's bind-parameter limits.
BATCH_SIZE = 500

UpsertInsert = postgresql.Insert | sqlite.Insert


class Repository:
    """Base of the SQL repositories: each runs inside the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name

    def _upsert(self, table: Table) -> UpsertInsert:
        """An INSERT with ``on_conflict_do_nothing``/``on_conflict_do_update`` for this database."""
        if self._dialect == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)


def shard_clause(guild_id: ColumnElement[int], shard: tuple[int, int] | None) -> ColumnElement[bool]:
    """Discord's shard rule: a guild belongs to shard ``(guild_id >> 22) % shard_count``."""
    if shard is None:
        return true()
    shard_id, shard_count = shard
    if not 0 <= shard_id < shard_count:
        raise ValueError(f"shard {shard_id} is not in 0..{shard_count - 1}")
    # PostgreSQL has bigint >> integer (not bigint >> bigint): type the shift explicitly.
    return guild_id.op(">>")(literal(22, Integer())) % shard_count == shard_id


def chunked(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def to_record(cls: type[R], row: Row[Any], **overrides: Any) -> R:
    """Build a record dataclass from a row whose columns carry the record's field names."""
    mapping = row._mapping
    values = {f.name: overrides[f.name] if f.name in overrides else mapping[f.name] for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**values)


def to_records(cls: type[R], rows: Iterable[Row[Any]]) -> list[R]:
    return [to_record(cls, row) for row in rows]
