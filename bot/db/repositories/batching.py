"""What the set-based repository methods share: reads by key pairs, upserts built once.

Group commit (``bot.services.answers``) reads and writes many members' rows per
statement. Two things keep those statements cheap:

- :func:`select_by_pairs` selects rows by (first, second) key pairs as
  ``first IN (...) AND second IN (...)``: index seeks, and one statement
  (built once, at import) whatever the pairs; :func:`rows_by_pairs` runs it and
  keeps only the rows of the pairs asked for. The row-value form
  ``(a, b) IN (VALUES ...)`` is exact, but SQLite 3.40 answers it with a scan of
  the whole table; an OR of one ``a = x AND b IN (...)`` per ``x`` seeks too, but
  costs SQLAlchemy and SQLite more per execution than the few extra rows the
  product form may return.
- :func:`upserts_by_dialect` builds an ``INSERT ... ON CONFLICT`` once per
  database kind: building ``excluded`` costs more than running the statement.

Statements built once also skip SQLAlchemy's per-call construction and cache-key work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Table, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.base import BATCH_SIZE, UpsertInsert, chunked

Pair = tuple[int, int]
_FIRSTS, _SECONDS = "pair_firsts", "pair_seconds"


def select_by_pairs(
    first: ColumnElement[Any], second: ColumnElement[Any], *others: ColumnElement[Any]
) -> Select[Any]:
    """``SELECT first, second, *others`` of the rows whose (first, second) is a pair given to :func:`rows_by_pairs`.

    The filter matches every combination of a first and a second that occur in
    the pairs, so it returns some rows not asked for; :func:`rows_by_pairs` drops
    them. Members answer in one or two servers, so the extra rows are few; SQLite
    checks 200 x 200 combinations in ~3 ms.
    """
    return select(first, second, *others).where(
        first.in_(bindparam(_FIRSTS, expanding=True)), second.in_(bindparam(_SECONDS, expanding=True))
    )


async def rows_by_pairs(
    session: AsyncSession, statement: Select[Any], pairs: Iterable[Pair]
) -> list[Row[Any]]:
    """The rows of ``statement`` (from :func:`select_by_pairs`) whose (first, second) is one of ``pairs``.

    One statement per 500 distinct pairs.
    """
    found: list[Row[Any]] = []
    for batch in chunked(sorted(set(pairs)), BATCH_SIZE):
        wanted = set(batch)
        params = {_FIRSTS: sorted({one for one, _ in batch}), _SECONDS: sorted({two for _, two in batch})}
        result = await session.execute(statement, params)
        found += [row for row in result if (row[0], row[1]) in wanted]
    return found


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
