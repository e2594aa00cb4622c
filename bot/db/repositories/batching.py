"""What the set-based repository methods share: filters on key pairs, upserts built once.

Group commit (``bot.services.answers``) reads and writes many members' rows per
statement. Two things keep those statements cheap:

- :func:`covers_pairs` selects rows by (first, second) key pairs as
  ``first IN (...) AND second IN (...)``: index seeks, and one statement
  (built once, at import) whatever the pairs, filled in by :func:`pair_params`. The row-value form ``(a, b) IN (VALUES ...)`` is exact,
  but SQLite 3.40 answers it with a scan of the whole table; an OR of one
  ``a = x AND b IN (...)`` per ``x`` seeks too, but costs SQLAlchemy and SQLite
  more per execution than the few extra rows the product form may return.
- :func:`upserts_by_dialect` builds an ``INSERT ... ON CONFLICT`` once per
  database kind: building ``excluded`` costs more than running the statement.

Statements built once also skip SQLAlchemy's per-call construction and cache-key work.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, bindparam
from sqlalchemy.dialects import postgresql, sqlite

from bot.db.repositories.base import BATCH_SIZE, UpsertInsert, chunked

Pair = tuple[int, int]
_FIRSTS, _SECONDS = "pair_firsts", "pair_seconds"


def pair_chunks(keys: Iterable[Pair], size: int = BATCH_SIZE) -> Iterator[Sequence[Pair]]:
    """The distinct pairs, sorted, in chunks small enough for one statement each."""
    return chunked(sorted(set(keys)), size)


def covers_pairs(first: ColumnElement[Any], second: ColumnElement[Any]) -> ColumnElement[bool]:
    """True for every row whose (first, second) is one of the pairs given by :func:`pair_params`, and some others.

    It matches every combination of a first and a second that occur in the
    pairs: callers keep only the rows whose pair they asked for. Members answer
    in one or two servers, so the extra rows are few; SQLite checks 200 x 200
    combinations in ~3 ms.
    """
    return and_(
        first.in_(bindparam(_FIRSTS, expanding=True)), second.in_(bindparam(_SECONDS, expanding=True))
    )


def pair_params(pairs: Sequence[Pair]) -> dict[str, list[int]]:
    """The parameters of a statement filtered with :func:`covers_pairs`, for these pairs."""
    return {_FIRSTS: sorted({one for one, _ in pairs}), _SECONDS: sorted({two for _, two in pairs})}


def upserts_by_dialect(table: Table, keys: Sequence[str], updates: Sequence[str]) -> dict[str, UpsertInsert]:
    """``INSERT ... ON CONFLICT (keys) DO UPDATE`` setting ``updates`` to the new row's, by dialect name.

    One for each database the bot runs on; add ``.values(...)`` for a single
    statement, or execute it with a list of rows.
    """

    def build(ins: UpsertInsert) -> UpsertInsert:
        return ins.on_conflict_do_update(
            index_elements=[table.c[key] for key in keys],
            set_={column: ins.excluded[column] for column in updates},
        )

    return {"postgresql": build(postgresql.insert(table)), "sqlite": build(sqlite.insert(table))}
