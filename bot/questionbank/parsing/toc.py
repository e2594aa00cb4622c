"""Tables of contents: a list near the top that repeats the questions' titles.

Collections often open with the list of their questions (as links or plain
titles) before answering them one by one; taking that list for questions
would give every question twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rapidfuzz import fuzz

from bot.questionbank.parsing.document import Line

# Possessive space runs (each is followed by a non-space or the end): `\s*:?\s*$` and `\s*[-#]?\s*`
# backtracked quadratically on a long run of spaces.
_NUMBERING = re.compile(r"^(?:q(?:uestion)?\s*+(?:[-#]\s*+)?)?[0-9]{1,3}\s*+[.):-]\s*", re.I)
_CONTENTS = re.compile(
    r"^\s*+(?:#{1,6}\s*+)?(?:\*\*)?(?:table of contents|contents|index|questions)(?:\*\*)?\s*+(?::\s*+)?$",
    re.I,
)


def normalize_title(text: str) -> str:
    """Lower-case words of a title without its numbering, link syntax or punctuation."""
    s = _without_links(text.strip())
    s = re.sub(r"^#{1,6}\s*", "", s).strip("*_ ")
    s = _NUMBERING.sub("", s)
    return " ".join(re.findall(r"\w+", s.lower()))


def _links(text: str) -> Iterator[tuple[int, int, str, str]]:
    r"""(start, end, text, target) of each ``[text](target)``, left to right, as the regex
    ``\[([^\]]+)\]\(([^)]*)\)`` finds them, in linear time: that regex retried at every ``[`` of
    a long run rescans up to the same ``]`` (quadratic). Every ``[`` before one ``]`` fails or
    succeeds alike, so a failure moves on past that ``]``.
    """
    pos = 0
    while (start := text.find("[", pos)) >= 0:
        close = text.find("]", start + 1)
        if close < 0:
            return
        if close > start + 1 and text.startswith("(", close + 1):
            end = text.find(")", close + 2)
            if end < 0:
                return  # no later link can close its target either
            yield start, end + 1, text[start + 1 : close], text[close + 2 : end]
            pos = end + 1
        else:
            pos = close + 1


def _without_links(text: str) -> str:
    """The text with each Markdown link replaced by its text."""
    pieces: list[str] = []
    pos = 0
    for start, end, label, _ in _links(text):
        pieces += [text[pos:start], label]
        pos = end
    return "".join(pieces) + text[pos:]


def _matches(item: str, titles: Sequence[str]) -> bool:
    if not item:
        return False
    return any(item == t or fuzz.ratio(item, t) >= 90 for t in titles)


def find_toc(lines: Sequence[Line], titles: Sequence[str]) -> tuple[int, int] | None:
    """Index range [start, end) of a table of contents among ``lines`` (those before the first question).

    A run of list lines is a table of contents when most of its items repeat a
    question title or link to an anchor in the page; a "Contents" heading just
    above it belongs to it.
    """
    wanted = [normalize_title(t) for t in titles if normalize_title(t)]
    i, n = 0, len(lines)
    while i < n:
        if lines[i].blank or not _is_list_line(lines[i].text):
            i += 1
            continue
        start = end = i
        hits = items = 0
        while end < n and (lines[end].blank or _is_list_line(lines[end].text)):
            if not lines[end].blank:
                items += 1
                text = lines[end].text
                link = next(_links(text), None)
                if (link and link[3].startswith("#")) or _matches(normalize_title(text), wanted):
                    hits += 1
            end += 1
        if items >= 2 and hits >= max(2, 0.6 * items):
            while end > start and lines[end - 1].blank:
                end -= 1
            heading = start - 1
            while heading >= 0 and lines[heading].blank:
                heading -= 1
            if heading >= 0 and _CONTENTS.match(lines[heading].text):
                start = heading
            return start, end
        i = max(end, i + 1)
    return None


def _is_list_line(text: str) -> bool:
    s = text.strip()
    return bool(re.match(r"^(?:[-*+•]\s+|[0-9]{1,3}[.)]\s+|\[[^\]]+\]\()", s))


def is_contents_heading(text: str) -> bool:
    return bool(_CONTENTS.match(text))
