"""How well a short typed query matches a question's text: every word counts, typos and half-typed words too.

Autocomplete asks as a member types ("event loop", "evnt lo"): a question is a match
when each meaningful word of the query is in its text, exactly, as the start of a
word (still typing) or with a small typo. Questions missing a word are left out, so
the list ends where the matches end instead of filling up with unrelated questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

K = TypeVar("K")

WORD_MATCH = 80.0
"""Below this similarity (0..100) two words are different words."""

RELEVANT = 75.0
"""The least share (0..100) of the query's words a question must contain to be listed."""

MIN_TYPO_LENGTH = 4  # a shorter unknown word is too short to guess which word was meant
MIN_PREFIX = 3  # a typed word this long matches the start of a longer word (the last one: any length)
TAG_WEIGHT = 0.9  # a word found only in a question's tags counts a little less than one in its prompt

# Words that carry no topic: left out of the match unless the query has nothing else.
_FILLER = frozenset(
    [
        *("a", "an", "and", "are", "as", "at", "be", "can", "do", "does", "for", "from", "how", "i", "in"),
        *("is", "it", "its", "of", "on", "or", "the", "to", "use", "used", "what", "when", "where"),
        *("which", "who", "why", "with", "you", "your"),
    ]
)
_PART = re.compile(r"[0-9a-z_]+")
_DOTTED = re.compile(r"[0-9a-z_]+(?:[.][0-9a-z_]+)+")
_SUFFIXES = ("ing", "ed", "es", "s", "e")


def words(text: str) -> list[str]:
    """The words of ``text``, lower case; ``process.nextTick`` is there whole and as its two parts."""
    lowered = text.casefold()
    return _PART.findall(lowered) + _DOTTED.findall(lowered)


def _stem(word: str) -> str:
    """``word`` without a plural or -ing ending, roughly (``caching`` and ``cache`` both ``cach``)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_PREFIX:
            return word[: -len(suffix)]
    return word


def _word_score(typed: str, candidates: Iterable[str], *, typing: bool, unknown: bool = False) -> float:
    """How well the best of ``candidates`` matches ``typed`` (``typing``: it may be half-typed).

    ``unknown``: no text has ``typed`` as a word, so it is a typo: one letter wrong also counts
    ("lopp" for "loop"), though "node" never stands for "code".
    """
    best = 0.0
    stem = _stem(typed)
    for word in candidates:
        if word == typed:
            return 100.0
        if ((typing or len(typed) >= MIN_PREFIX) and word.startswith(typed)) or _stem(word) == stem:
            best = max(best, 95.0)
        elif (score := fuzz.ratio(typed, word)) >= WORD_MATCH:
            best = max(best, score)
        elif unknown and len(typed) >= MIN_TYPO_LENGTH and Levenshtein.distance(typed, word, score_cutoff=1) <= 1:
            best = max(best, WORD_MATCH)
    return best


def relevance(query: str, text: str, tags: str = "", known: frozenset[str] = frozenset()) -> float:
    """0..100: the average over the query's meaningful words of how well ``text`` (or ``tags``) has each.

    ``known``: the words of every text searched; a typed word outside it is read as a typo.
    """
    return _relevance(query, set(words(text)), set(words(tags)), known)


def _relevance(query: str, in_text: set[str], in_tags: set[str], known: frozenset[str]) -> float:
    """``relevance`` of a text and tags already split into words."""
    typed = words(query)
    meaningful = [w for w in typed if w not in _FILLER] or typed
    if not meaningful:
        return 0.0
    last = typed[-1] if not query[-1:].isspace() else None  # the word still being typed
    total = 0.0
    for word in meaningful:
        typing, unknown = word == last, bool(known) and word not in known
        total += max(
            _word_score(word, in_text, typing=typing, unknown=unknown),
            TAG_WEIGHT * _word_score(word, in_tags, typing=typing, unknown=unknown),
        )
    return total / len(meaningful)


def ranked(query: str, texts: Mapping[K, tuple[str, str]], limit: int) -> list[K]:
    """The keys of ``texts`` ((text, tags) pairs) that match ``query`` (relevance at least
    ``RELEVANT``), best first.

    Ties go to the text closest to the query as a whole, then to the shorter text.
    """
    # Each text is split into words once: for its own score and for the words any text knows.
    split = {key: (set(words(text)), set(words(tags))) for key, (text, tags) in texts.items()}
    known = frozenset(word for in_text, in_tags in split.values() for word in in_text | in_tags)
    scored = []
    for key, (text, _) in texts.items():
        score = _relevance(query, *split[key], known)
        if score >= RELEVANT:
            scored.append((-score, -fuzz.token_set_ratio(query.casefold(), text.casefold()), len(text), key))
    scored.sort(key=lambda item: item[:3])
    return [key for *_, key in scored[:limit]]
