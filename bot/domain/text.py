"""Text helpers for matching answers: normalize, split into words, and a light stemmer.

Matching must forgive word forms ("cached" vs "caching") and keep code
identifiers whole (``process.nextTick()`` stays one word, ``process.nexttick``),
without pulling in a natural-language toolkit.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A word: letters/digits/underscore, with dots kept *inside* it so identifiers
# (process.nextTick, node.js, 3.14) stay whole; "i/o"-style pairs of single
# characters are one word too. Everything else is punctuation.
_WORD = re.compile(r"\b\w/\w\b|\w+(?:\.\w+)*")
_APOSTROPHES = re.compile(r"['’‘`´]")


def _fold(text: str) -> str:
    # Apostrophes are dropped, not split on, so "don't" -> "dont", "node's" -> "nodes".
    return _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).casefold())


def tokens(text: str) -> list[str]:
    """The words of ``text``, case-folded, in order; ``i/o`` becomes ``io``."""
    return [word.replace("/", "") for word in _WORD.findall(_fold(text))]


# What lies between two words: a sentence ends at . ! ? ; or a line break (a bullet is a
# sentence of its own); a clause at a comma, colon, dash or bracket. A full stop touching the
# next word is part of a name (".catch()", ".env"), not the end of a sentence.
_SENTENCE_BREAK = frozenset("!?;\n")
_FULL_STOP = re.compile(r"\.[\"')\]]*\s")
_CLAUSE_BREAK = frozenset(",:()[]–—")


def words_with_breaks(text: str) -> list[tuple[str, int]]:
    """``tokens(text)``, each with what separates it from the word before it.

    0: nothing (same clause), 1: a clause break (comma, colon, dash, bracket),
    2: a sentence break (. ! ? ; or a new line). The first word has 2.
    """
    folded = _fold(text)
    out: list[tuple[str, int]] = []
    end = 0
    for match in _WORD.finditer(folded):
        gap = folded[end : match.start()]
        if gap == " " and out:  # by far the most common gap: same clause
            kind = 0
        elif not out or not _SENTENCE_BREAK.isdisjoint(gap) or _FULL_STOP.search(gap):
            kind = 2
        elif not _CLAUSE_BREAK.isdisjoint(gap) or " - " in gap:
            kind = 1
        else:
            kind = 0
        out.append((match.group().replace("/", ""), kind))
        end = match.end()
    return out


def normalize(text: str) -> str:
    """``text`` case-folded (NFKC), punctuation dropped except inside identifiers, single-spaced."""
    return " ".join(tokens(text))


_VOWELS = frozenset("aeiouy")
# Endings where a final "s" is not a plural: process, status, analysis, asynchronous.
_KEEP_S = ("ss", "us", "is")
# Doubled consonants left by "running" -> "runn"; these doubles are real (install, pass, buzz).
_REAL_DOUBLES = frozenset("lsz")


def _has_vowel(stem: str) -> bool:
    return any(ch in _VOWELS for ch in stem)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light suffix stripper: the forms of one word meet on one stem.

    "cache"/"cached"/"caching" -> "cach", "queue"/"queues"/"queued" -> "queu",
    "block"/"blocks"/"blocking" -> "block", "thread"/"threads"/"threaded" -> "thread".
    Identifiers (with dots) and words with digits are left alone.
    """
    if len(word) <= 3 or "." in word or any(ch.isdigit() for ch in word):
        return word
    # Plurals and third person.
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(_KEEP_S):
        word = word[:-1]
    # -ing / -ed, when a real stem with a vowel remains.
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and _has_vowel(base):
            if suffix == "ed" and base.endswith("i"):
                base = base[:-1] + "y"  # queried -> query
            elif len(base) >= 4 and base[-1] == base[-2] and base[-1] not in _VOWELS | _REAL_DOUBLES:
                base = base[:-1]  # running -> run, stopped -> stop
            word = base
            break
    else:
        if word.endswith("ly") and len(word) >= 6:
            word = word[:-2]  # quickly -> quick
    # A final silent "e" goes, so "cache" meets "caching".
    if word.endswith("e") and len(word) > 2:
        word = word[:-1]
    return word
