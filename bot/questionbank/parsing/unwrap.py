"""Hard-wrapped lines joined back into the paragraphs and list items they were cut from.

Notes written in an editor that wraps at 72 or 80 columns put a newline in the middle of a
sentence. Markdown joins such lines; Discord (and every reader here) would not: an answer's
first sentence stopped at the wrap, and a wrapped key point became two.

A document is hard-wrapped when most lines that a non-blank line follows are *full*: the
next line's first word would not have fitted within the document's wrap width (the 90th
percentile of those lines' lengths, between ``MIN_WIDTH`` and ``MAX_WIDTH``). In such a
document a full line and the line after it are one, unless the line ends a question and the
next starts a sentence. In any document, a line indented under a list item (and not
code, a list item or a label itself) continues that item, as Markdown has it. A line never
joins a heading, a fence, code, a table row, a list item, a label or a question/answer marker:
those start something new. Documents written a paragraph to a line are left as they are.

Joined lines keep the number of their first line and remember their last (``Line.through``),
so a question's range still covers every line of the source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from bot.questionbank.parsing.code import is_code_line
from bot.questionbank.parsing.document import Line
from bot.questionbank.parsing.render import is_short_label, list_item, markdown_heading

MAX_WIDTH = 120
MIN_WIDTH = 40  # narrower lines are a list of short lines, not a wrapped paragraph
_MIN_BREAKS = 4
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+•●▪◦–]|[0-9]{1,3}[.)])\s+\S")
# "(b) ...", "C) ...", "Q1." and "Q-2:": a line that opens an option or a question of its own.
_MARKER = re.compile(r"\(?[a-hA-H][.)]\s|Q[-\s]?[0-9]*+\s*+[:.)]")
_LABEL_WORD = re.compile(r"[\w'’-]+")
_STRUCTURE = re.compile(r"^\s*(?:```|~~~|#{1,6}\s|\||>|<)")


def unwrap(lines: Sequence[Line]) -> list[Line]:
    """The lines with hard-wrapped continuations joined to the line they continue."""
    width = wrap_width(lines)
    groups: list[list[Line]] = []  # each: the lines that make one line, the first one leading
    leads_prose = False  # whether groups[-1] may take a continuation
    fenced = False
    for line in lines:
        if line.text.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            groups.append([line])
            leads_prose = False
        elif (
            not fenced
            and leads_prose
            and _continues(groups[-1][0].text, groups[-1][-1].text, line.text, width)
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
            leads_prose = not fenced and _prose(line.text)
    return [group[0] if len(group) == 1 else _joined(group) for group in groups]


def _joined(group: Sequence[Line]) -> Line:
    text = " ".join([group[0].text.rstrip(), *(line.text.strip() for line in group[1:])])
    return Line(group[0].number, text, group[-1].last)


def wrap_width(lines: Sequence[Line]) -> int | None:
    """The column a hard-wrapped document wraps at, or None when it is not hard-wrapped."""
    pairs: list[tuple[str, str]] = []  # (a line of prose, the prose line after it)
    fenced = False
    for a, b in pairwise(lines):
        if a.text.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and _prose(a.text) and _prose(b.text) and not _starts_part(b.text):
            pairs.append((a.text.rstrip(), b.text))
    if len(pairs) < _MIN_BREAKS:
        return None
    lengths = sorted(len(text) for text, _ in pairs)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    full = sum(1 for text, following in pairs if _full(text, following, width))
    return width if full >= max(_MIN_BREAKS, len(pairs) // 2 + 1) else None


def _full(text: str, following: str, width: int) -> bool:
    first_word = following.split()[0] if following.split() else ""
    return len(text.rstrip()) + 1 + len(first_word) > width


def _prose(text: str) -> bool:
    s = text.strip()
    return (
        bool(s) and not _STRUCTURE.match(text) and not is_code_line(text) and markdown_heading(text) is None
    )


def _starts_part(text: str) -> bool:
    """A line that begins something of its own: a list item, a label, a marker, an option."""
    s = text.strip()
    return bool(
        list_item(text)
        or _MARKER.match(s)
        or _is_lead_label(s)
        or is_short_label(s)
        or (s[:1] and not s[0].isascii() and not s[0].isalnum())
    )


def _is_lead_label(s: str) -> bool:
    """``Q: ...``, ``**Answer:** ...``, ``Key points: ...``: up to four words and a colon open the line."""
    head, colon, _ = s[:80].partition(":")
    words = head.replace("**", " ").replace("__", " ").split()
    return (
        bool(colon)
        and head.lstrip("*_")[:1].isupper()
        and 1 <= len(words) <= 4
        and all(_LABEL_WORD.fullmatch(word) for word in words)
    )


def _continues(lead: str, last_piece: str, text: str, width: int | None) -> bool:
    """Whether ``text`` goes on from the line ``last_piece`` (of a line that ``lead`` opened)."""
    if not _prose(text) or _starts_part(text):
        return False
    if width is not None and _full(last_piece, text, width):
        # A question that ends its line is whole: what follows answers it.
        return not (last_piece.rstrip().endswith("?") and text.lstrip()[:1].isupper())
    # A line indented under a list item continues it, wrapped or not.
    item = _LIST_ITEM.match(lead)
    indent = len(text) - len(text.lstrip())
    return bool(item) and indent > len(item["indent"]) and not is_code_line(lead)
