"""Tables whose cell separators were lost: a scraped page prints each row's cells glued together.

``FeatureEvent LoopWorker Threads`` / ``Threads1multiple`` / ``Blocking riskyesno`` is a
three-column table (one row a line), and ``FeaturenextTicksetImmediatePhasebefore event loop
continuesafter I/O phase...`` is a whole table on one line. A cell never holds a space at its
edges, so a cell boundary is a place where two words meet without one. They are found by:

- **strong** signs: a lower-case letter, a digit or ``)?!.`` directly before a capital
  (``FeatureEvent``, ``(JWT)Storage``), a run of capitals before a capitalised word
  (``JSSend``), ``)``/``?``/``!`` before a letter, and the edges of an identifier the document
  writes on its own elsewhere (``nextTick``, ``BullMQ``, ``XSS``), whose inside is never cut;
- **dictionary** splits of a run of letters that is no word but two or three common words
  (``riskyesno`` -> ``risk yes no``, :mod:`bot.questionbank.parsing.words`);
- **weak** signs, used only to complete a row whose column count is known: letters meeting
  digits (``Threads1multiple``) and a word in capitals before ``/`` (``GET/api/books``).

The header row gives the column count (``Feature`` + the compared things); a table on one
line is cut everywhere and the count chosen that makes every row start with a capitalised
label. Whatever does not come out as a clean grid is left as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.questionbank.parsing import words
from bot.questionbank.parsing.tables import Table

_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?![A-Za-z0-9])")
_CAMEL = re.compile(r"[a-z][A-Z]")
# A place where two cells may meet: a capital glued to a lower-case letter, digit or ")?!.".
_GLUE = re.compile(r"[a-z0-9)?!.”][A-Z][^\s=:,;.]|[A-Z]{2}[a-z]")
_CALL = re.compile(r"[A-Za-z_$]\(")
_MAX_TOKEN = 24
MAX_LINE = 600
MAX_ROWS = 40
_STRONG, _DICT, _WEAK = 3, 2, 1
_CLOSERS = ")?!.”"
# Column counts tried for a table on one line, the commonest shape ("Feature | A | B") first.
_COLUMN_COUNTS = (3, 2, 4, 5, 6)
_MAX_CELL = 160


def _is_identifier(token: str) -> bool:
    """``nextTick``, ``BullMQ``, ``XSS``: a name whose capitals a glued cell must not be cut at."""
    if len(token) > _MAX_TOKEN:
        return False
    if _CAMEL.search(token):
        return True
    letters = [ch for ch in token if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _words_of(lines: Sequence[str]) -> tuple[Counter[str], Counter[str]]:
    """The identifiers and the (lower-cased) plain words the lines write on their own, counted."""
    identifiers: Counter[str] = Counter()
    plain: Counter[str] = Counter()
    for line in lines:
        for token in _TOKEN.findall(line):
            if _is_identifier(token):
                identifiers[token] += 1
            if token.isalpha():
                plain[token.lower()] += 1
    return identifiers, plain


@dataclass(frozen=True, slots=True)
class _Known:
    """The document's words outside one paragraph: a glued run is no evidence for itself."""

    document: GluedTables
    own_identifiers: Counter[str]
    own_plain: Counter[str]

    def identifier(self, token: str) -> bool:
        return self.document.identifiers.get(token, 0) > self.own_identifiers.get(token, 0)

    def word(self, word: str) -> bool:
        return self.document.plain.get(word, 0) > self.own_plain.get(word, 0)


class GluedTables:
    """Finds the glued tables of one document: knows its words, and how much more it may read.

    Cutting a paragraph costs a few dozen dictionary look-ups a character; ``BUDGET`` characters
    of candidate paragraphs a document (the seed cards: about 2,600) keep a hostile one cheap.
    """

    BUDGET = 40_000

    def __init__(self, lines: Sequence[str]) -> None:
        self.identifiers, self.plain = _words_of(lines)
        self.budget = self.BUDGET

    def table(self, lines: Sequence[str]) -> Table | None:
        """The table these lines (one paragraph) are, or None when they do not make a clean grid."""
        if not lines or len(lines) > MAX_ROWS or any(len(line) > MAX_LINE for line in lines):
            return None
        texts = [line.strip() for line in lines]
        if len(_GLUE.findall(texts[0])) < (4 if len(texts) == 1 else 1):
            return None  # no cell boundary in sight: prose, not a table
        size = sum(len(text) for text in texts)
        if size > self.budget:
            return None
        self.budget -= size
        known = _Known(self, *_words_of(texts))
        if len(texts) == 1:
            table = _one_line_table(texts[0], known)
        elif len(texts) >= 3:  # a header and two rows at least, as for a table on one line
            header = _cut(texts[0], _free(texts[0], known))
            rows = [_row(text, len(header), known) for text in texts[1:]] if len(header) >= 2 else [None]
            table = None if None in rows else Table(tuple(header), tuple(r for r in rows if r is not None))
        else:
            return None
        return table if table is not None and _plausible(table) else None


def _plausible(table: Table) -> bool:
    """Cells that read as table cells: distinct column names, no code call cut in two."""
    cells = [*table.header, *(cell for row in table.rows for cell in row)]
    return len(set(table.header)) == len(table.header) and not any(_CALL.search(cell) for cell in cells)


def _one_line_table(text: str, known: _Known) -> Table | None:
    cells = _cut(text, _free(text, known))
    for columns in _COLUMN_COUNTS:
        if len(cells) % columns or len(cells) // columns < 3:
            continue
        grid = [tuple(cells[i : i + columns]) for i in range(0, len(cells), columns)]
        if all(_is_row_label(row[0]) for row in grid) and all(len(c) <= _MAX_CELL for c in cells):
            return Table(grid[0], tuple(grid[1:]))
    return None


def _is_row_label(cell: str) -> bool:
    return cell[:1].isupper() and "(" not in cell and len(cell.split()) <= 4


def _row(text: str, columns: int, known: _Known) -> tuple[str, ...] | None:
    """The row cut into exactly ``columns`` cells: every strong sign, then dictionary splits, then weak signs."""
    found = _boundaries(text, known)
    chosen = sorted(at for at, tier in found.items() if tier == _STRONG)
    for tier in (_DICT, _WEAK):
        if len(chosen) >= columns - 1:
            break
        extra = sorted(at for at, t in found.items() if t == tier)
        if len(chosen) + len(extra) > columns - 1:
            return None  # more candidates than cuts: no way to tell which
        chosen = sorted(chosen + extra)
    if len(chosen) != columns - 1:
        return None
    return tuple(_cut(text, chosen))


def _free(text: str, known: _Known) -> list[int]:
    """Every cut with a strong sign or a dictionary split (for a header, or a table on one line)."""
    return sorted(at for at, tier in _boundaries(text, known).items() if tier >= _DICT)


def _cut(text: str, at: Sequence[int]) -> list[str]:
    edges = [0, *at, len(text)]
    cells = [text[a:b].strip() for a, b in pairwise(edges)]
    return cells if all(cells) else []


def _protected(text: str, known: _Known) -> list[tuple[int, int]]:
    """Spans never cut: the document's identifiers (longest first) and camel-case dictionary words."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if not text[i].isalpha():
            i += 1
            continue
        longest = 0
        for length in range(2, min(_MAX_TOKEN, n - i) + 1):
            if known.identifier(text[i : i + length]):
                longest = length
        if not longest and i and text[i - 1].islower() and text[i].isupper():
            camel = _camel_word(text, i)
            if camel is not None and (not spans or spans[-1][1] <= camel[0]):
                spans.append(camel)
                i = camel[1]
                continue
        if longest:
            spans.append((i, i + longest))
            i += longest
        else:
            i += 1
    return spans


def _boundaries(text: str, known: _Known) -> dict[int, int]:
    """Candidate cell boundaries (positions in ``text``) with their tier."""
    spans = _protected(text, known)
    covered = bytearray(len(text) + 1)  # 1 for each character of an identifier
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    starts = {start for start, _ in spans}
    ends = {end for _, end in spans}
    edges = starts | ends
    found: dict[int, int] = {}
    for p in range(1, len(text)):
        a, b = text[p - 1], text[p]
        if a.isspace() or b.isspace() or (covered[p - 1] and covered[p] and p not in edges):
            continue
        tier = _sign(text, p, a, b)
        if not tier and p in edges and a.isalnum() and b.isalnum() and _edge_holds(text, p, starts, ends):
            tier = _STRONG
        if tier:
            found[p] = tier
    for start, end in _pieces(text, found, covered):
        piece = text[start:end]
        if _splittable(piece, known):
            for cut in words.split_points(piece) or ():
                found.setdefault(start + cut, _DICT)
    return found


def _sign(text: str, p: int, a: str, b: str) -> int:
    after = text[p + 1 : p + 2]
    if b.isupper() and (a.islower() or a.isdigit() or a in _CLOSERS) and _starts_word(after):
        return _STRONG
    if a.isupper() and b.isupper() and after.islower() and text[p - 2 : p - 1].isupper():
        return _STRONG  # "JSSend": the capitals before the capitalised word are their own cell
    if a in ")?!" and b.isalpha():
        return _STRONG
    if (a.isalpha() and b.isdigit()) or (a.isdigit() and b.isalpha()):
        return _WEAK
    if a.isupper() and b == "/" and text[p - 2 : p - 1].isupper():
        return _WEAK
    return 0


def _starts_word(after: str) -> bool:
    """Whether a capital followed by ``after`` starts a word ("I/O", "Event"); a lone capital
    before a space or ``=`` ends a name ("AuthN = ...")."""
    return bool(after) and not after.isspace() and after not in "=:,;."


def _camel_word(text: str, p: int) -> tuple[int, int] | None:
    """The span of ``TypeScript`` or ``JavaScript`` around ``p``: two capitalised halves that the
    dictionary knows as one word (the right half may have lower-case words glued after it)."""
    start = p
    while start > 0 and text[start - 1].islower():
        start -= 1
    if not (start > 0 and text[start - 1].isupper()):
        return None
    end = p + 1
    while end < len(text) and text[end].islower() and end - p < _MAX_TOKEN:
        end += 1
    stops = [stop for stop in range(p + 2, end + 1) if words.count(text[start - 1 : stop]) > 0]
    return (start - 1, stops[-1]) if stops else None


def _edge_holds(text: str, p: int, starts: set[int], ends: set[int]) -> bool:
    """An identifier's edge is a boundary when what lies beyond it is a word (or words) of its own."""
    if p in starts and p in ends:
        return True  # two identifiers meet
    if p in starts:
        k = p
        while k > 0 and text[k - 1].islower():
            k -= 1
        if k > 0 and text[k - 1].isupper():
            k -= 1
        return _is_words(text[k:p])
    k = p
    while k < len(text) and text[k].islower():
        k += 1
    return _is_words(text[p:k])


def _is_words(run: str) -> bool:
    return len(run) >= 2 and (words.count(run) >= words.PART_MIN_COUNT or words.split_points(run) is not None)


def _pieces(text: str, found: dict[int, int], covered: bytearray) -> list[tuple[int, int]]:
    """Runs of letters outside identifiers, cut where a strong boundary was found."""
    pieces: list[tuple[int, int]] = []
    start: int | None = None
    for p in range(len(text) + 1):
        letter = p < len(text) and text[p].isalpha() and not covered[p]
        if start is not None and (not letter or found.get(p) == _STRONG):
            pieces.append((start, p))
            start = None
        if letter and start is None:
            start = p
    return pieces


def _splittable(piece: str, known: _Known) -> bool:
    """A run of letters that is no word the dictionary or the document knows."""
    if not (piece.islower() or (piece[0].isupper() and piece[1:].islower())):
        return False
    return words.count(piece) == 0 and not known.word(piece.lower())
