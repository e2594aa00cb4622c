"""Repairs for text that went through a PDF extractor: its lines.

PDF extraction starts a new line where an inline code span began, flattens several bullets
onto one line (``...callbacks. - pending callbacks: ...``), repeats the lead line of a nested
list after its children and drops a table row's leading pipe. (It also loses the spaces around
inline code, which :mod:`bot.questionbank.parsing.unglue` puts back.)

Every repair here recognises one pattern with confidence and only ever adds
characters (spaces, a pipe, a bullet marker) or removes a line that repeats one a
few lines above; anything ambiguous is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.questionbank.parsing.code import is_code_line
from bot.questionbank.parsing.render import is_short_label

_BULLET = re.compile(r"^\s*[-*•]\s+\S")
_NUMBERED = re.compile(r"^\s*[0-9]{1,3}[.)]\s")
_GLUE_SIGNS = re.compile(r"[\w$]\([^()\s]*\)[a-z]{2}|[a-z]{2}[.?)][ \t]+-[ \t]+[A-Za-z]|[a-z]\.-[ \t]+[A-Z]")
_FLAT_START = re.compile(r"(?:[A-Z“\"(]|[a-z][\w/&,-]*(?:\s+[a-z][\w/&,-]*){0,3}:)")


def extraction_damage(text: str) -> int:
    """How many signs of PDF-extraction damage the text shows (0 for clean text)."""
    return len(_GLUE_SIGNS.findall(text))


def is_damaged(text: str) -> bool:
    return extraction_damage(text) >= 3


def restructure(lines: Sequence[str]) -> list[str]:
    """The line-level repairs, in the order they must run."""
    return restore_table_pipes(rejoin_broken_bullets(drop_repeated_bullets(lines)))


def drop_repeated_bullets(lines: Sequence[str], window: int = 16) -> list[str]:
    """Drop a bullet line that repeats one of the ``window`` lines above it word for word.

    Extractors print a nested list's lead line again after its children; the
    copy carries nothing the first one does not.
    """
    out: list[str] = []
    for i, raw in enumerate(lines):
        s = raw.strip()
        repeated = _BULLET.match(raw) and any(
            s == earlier.strip() for earlier in lines[max(0, i - window) : i]
        )
        # The copy stands alone; a bullet that goes on to its own continuation is a new item.
        if repeated and not (i + 1 < len(lines) and _is_orphan(raw) and _continues(lines[i + 1])):
            continue
        out.append(raw)
    return out


def rejoin_broken_bullets(lines: Sequence[str]) -> list[str]:
    """Join a bullet cut before an inline code span to its continuation; split flattened bullets."""
    out: list[str] = []
    for raw in lines:
        if out and _is_orphan(out[-1]) and _continues(raw):
            head = out.pop().rstrip()
            merged = head + ("" if head.endswith(("(", "[", "{", "/")) else " ") + raw.strip()
            out.extend(split_flattened_bullets(merged))
        elif _BULLET.match(raw) or (out and _BULLET.match(out[-1])):
            out.extend(split_flattened_bullets(raw))
        else:
            out.append(raw)
    return out


def _is_orphan(line: str) -> bool:
    """A bullet that stops mid-sentence: the extractor broke the line before inline code."""
    s = line.strip()
    return bool(_BULLET.match(line)) and not s.endswith((".", "?", "!", "”", '"')) and not is_code_line(line)


def _continues(line: str) -> bool:
    s = line.strip()
    return bool(
        s
        and not line[:1].isspace()
        and not _BULLET.match(line)
        and not _NUMBERED.match(line)
        and not is_short_label(s)
    )


def split_flattened_bullets(line: str) -> list[str]:
    """``a. - b: c`` -> ``a.`` and ``- b: c``, only at bracket depth 0, outside quotes and code spans."""
    pieces: list[str] = []
    depth, quoted, code, start = 0, False, False, 0
    for i, ch in enumerate(line):
        if ch == "`":
            code = not code
        elif code:
            continue
        elif ch == '"':
            quoted = not quoted
        elif ch in "“":
            quoted = True
        elif ch in "”":
            quoted = False
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "-" and depth == 0 and not quoted and _is_separator(line, i, start):
            pieces.append(line[start:i].rstrip())
            start = i
    pieces.append(line[start:])
    if len(pieces) == 1:
        return [line]
    return [pieces[0], *("- " + piece[1:].lstrip() for piece in pieces[1:])]


def _is_separator(line: str, i: int, start: int) -> bool:
    """Whether the ``-`` at ``i`` starts a new bullet (the current piece began at ``start``).

    Reads only the spaces around the dash: copying the piece before it and the rest of the line
    for every dash made a long line quadratic.
    """
    if not line[i + 1 : i + 2].isspace():
        return False
    last = i  # just after the last non-space character of the piece so far
    while last > start and line[last - 1].isspace():
        last -= 1
    if last == start:
        return False
    if last < i:
        if line[last - 1] == "-":
            return False
    elif line[i - 1] not in '.?!)}]”"':
        return False
    after = i + 1
    while after < len(line) and line[after].isspace():
        after += 1
    return bool(_FLAT_START.match(line, after))


def restore_table_pipes(lines: Sequence[str]) -> list[str]:
    """Give a table row back the leading pipe the extractor dropped (rows above and below have it)."""
    out = list(lines)
    for i in range(1, len(out) - 1):
        s = out[i].strip()
        if s.endswith("|") and not s.startswith("|") and s.count("|") >= 2:
            above, below = out[i - 1].strip(), out[i + 1].strip()
            if all(row.startswith("|") and row.endswith("|") for row in (above, below)):
                out[i] = "| " + s
    return out
