"""Tables, rendered the way Discord shows them well (it does not render Markdown pipe tables).

A narrow table becomes a code block with its columns aligned; a wider one a list:

- a comparison (header ``Feature | nextTick | setImmediate``) gets one item per compared
  thing: ``**nextTick**: phase: before event loop continues; priority: highest; ...``;
- any other table one item per row: ``**GET**: endpoint: /api/books; success code: 200 OK``,
  or ``**Module**: Groups related features`` for two columns.

Pipe tables (``| a | b |`` rows, with or without the ``|---|`` line) are found here; tables
whose separators were lost in extraction in :mod:`bot.questionbank.parsing.glued`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Widest aligned table shown as a code block: a phone shows about this many columns unwrapped.
NARROW = 40
_COMPARISON_HEADS = frozenset(
    {"", "feature", "features", "aspect", "aspects", "criteria", "criterion", "property", "attribute",
     "characteristic", "dimension", "factor", "category", "comparison", "parameter", "point", "topic"}
)  # fmt: skip
_DELIMITER_CELL = re.compile(r"^\s*:?-+:?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TITLE_WORD = re.compile(r"^[A-Z][a-z]+$")


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def pipe_cells(line: str) -> list[str] | None:
    """The cells of a pipe-table row (``| a | b |`` or ``a | b``), or None when it has no pipe."""
    s = line.strip()
    if "|" not in s or _FENCE.match(s):
        return None
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in s:
        if escaped:
            current.append(ch if ch == "|" else "\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    cells.append("".join(current).strip())
    if s.startswith("|"):
        cells = cells[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        cells = cells[:-1]
    return cells


def pipe_table(lines: Sequence[str], start: int) -> tuple[int, Table] | None:
    """The pipe table starting at ``lines[start]``: its end (exclusive) and cells, or None.

    GitHub's shape (a header, a ``|---|`` line, rows that may omit the outer pipes), or, as
    extractors leave them, two or more rows framed by pipes with one column count.
    """
    header = pipe_cells(lines[start])
    if not header or len(header) < 2:
        return None
    framed = lines[start].strip().startswith("|") and lines[start].strip().endswith("|")
    delimiter = pipe_cells(lines[start + 1]) if start + 1 < len(lines) else None
    if delimiter and len(delimiter) == len(header) and all(_DELIMITER_CELL.match(c) for c in delimiter):
        end = start + 2
    elif framed:
        end = start + 1
    else:
        return None
    rows: list[tuple[str, ...]] = []
    while end < len(lines) and (cells := pipe_cells(lines[end])) is not None and lines[end].strip():
        rows.append(tuple((cells + [""] * len(header))[: len(header)]))
        end += 1
    if not rows:
        return None
    return end, Table(tuple(header), tuple(rows))


def render_table(table: Table, fix: Callable[[str], str] | None = None) -> str:
    """Markdown for a table: an aligned code block when narrow, else a list."""
    fix = fix or (lambda text: text)
    header = tuple(fix(cell) for cell in table.header)
    rows = [tuple(fix(cell) for cell in row) for row in table.rows]
    aligned = _aligned([header, *rows])
    if max(len(line) for line in aligned) <= NARROW:
        return "\n".join(["```", *aligned, "```"])
    if len(header) > 2 and header[0].strip("*_ ").lower() in _COMPARISON_HEADS:
        items = [_item(header[k], [(row[0], row[k]) for row in rows]) for k in range(1, len(header))]
    elif len(header) == 2:
        items = [f"- **{_plain(row[0])}**: {_cell(row[1])}" if row[1] else f"- {row[0]}" for row in rows]
    else:
        items = [_item(row[0], list(zip(header[1:], row[1:], strict=True))) for row in rows]
    return "\n".join(items)


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    rule = "  ".join("-" * width for width in widths)
    return [lines[0], rule, *lines[1:]]


def _item(name: str, pairs: Sequence[tuple[str, str]]) -> str:
    said = "; ".join(f"{_label(label)}: {_cell(value)}" for label, value in pairs if value.strip())
    return f"- **{_plain(name)}**: {said}" if said else f"- **{_plain(name)}**"


def _label(text: str) -> str:
    """A column or row name inside a sentence: ``Example Technologies`` -> ``example technologies``."""
    words = []
    for word in _plain(text).split(" "):
        parts = word.split("-")
        words.append("-".join(part.lower() if _TITLE_WORD.match(part) else part for part in parts))
    return " ".join(words)


def _plain(text: str) -> str:
    """A cell's text without the bold markers it may carry (the list adds its own)."""
    s = text.strip()
    return s[2:-2].strip() if len(s) > 4 and s.startswith("**") and s.endswith("**") else s


def _cell(text: str) -> str:
    s = text.strip()
    return s[:-1] if s.endswith(".") and not s.endswith("..") else s
