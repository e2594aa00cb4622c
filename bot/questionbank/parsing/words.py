"""English word frequencies, for telling a real word from two words that lost the space between them.

The list is the 82,765-word frequency dictionary that ships with ``symspellpy``
(counts from a large English corpus). It is read once, the first time a glued
piece of text needs it, and only letters are ever looked up.
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources

_DICTIONARY = "frequency_dictionary_en_82_765.txt"
# A part of a split must be a common word: the list also holds run-together junk ("noyes")
# and rare words that would cut an unknown term into plausible pieces.
PART_MIN_COUNT = 1_000_000
# Longest glued piece worth splitting: table cells glue two or three short words.
MAX_PIECE = 32
_MAX_PART = 18


@cache
def _counts() -> tuple[dict[str, int], float]:
    text = resources.files("symspellpy").joinpath(_DICTIONARY).read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for row in text.splitlines():
        word, _, count = row.partition(" ")
        if word and count.isdigit():
            counts[word] = int(count)
    return counts, float(sum(counts.values()))


def count(word: str) -> int:
    """How often the (lower-case) word occurs in the corpus; 0 when it is not in the list."""
    return _counts()[0].get(word.lower(), 0)


def split_points(piece: str) -> list[int] | None:
    """Where a run of letters splits into common words (``riskyesno`` -> [4, 7]), or None.

    The most probable split (the product of the parts' frequencies) into parts of at least
    two letters, each a common word; None when the piece cannot be cut that way. Linear in
    the piece's length (each position looks back at most ``_MAX_PART`` letters).
    """
    if not 4 <= len(piece) <= MAX_PIECE or not piece.isalpha():
        return None
    counts, total = _counts()
    lower = piece.lower()
    n = len(lower)
    # best[i]: (log-probability, start of the last part) of the best split of lower[:i].
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[0] = (0.0, 0)
    for end in range(2, n + 1):
        for start in range(max(0, end - _MAX_PART), end - 1):
            before = best[start]
            frequency = counts.get(lower[start:end], 0)
            if before is None or frequency < PART_MIN_COUNT:
                continue
            score = before[0] + math.log(frequency / total)
            if best[end] is None or score > best[end][0]:  # type: ignore[index]
                best[end] = (score, start)
    if best[n] is None:
        return None
    cuts: list[int] = []
    at = n
    while at > 0:
        at = best[at][1]  # type: ignore[index]
        if at:
            cuts.append(at)
    return sorted(cuts) or None
