"""Grading an open answer: which key points it states, the way a careful interviewer would see it.

A key point counts when one of its phrasings (``KeyPoint.phrasings``) is said
*together*: enough of its content words within one sentence, or within two
short neighbouring sentences, not scattered over the whole answer. And:

- words of the question's own prompt are no evidence: pasting the prompt
  back, or restating it, earns nothing;
- a negation in the clause that says it ("does not block", "never") flips
  its meaning: a point is only said with the polarity it has;
- an answer that is a bare list of terms (fragments, no sentences) names
  ideas without stating them: it earns at most ``TERM_LIST_SHARE`` of the
  content points, whatever it names.

Word forms meet on a light stem (``bot.domain.text.stem``), small typos within
``WORD_SIMILARITY``, and identifiers by their telling part
(``process.nextTick`` and ``nextTick``).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.domain.answer_words import (
    NEGATIONS,
    PREFIX_NEGATIONS,
    STOP_WORDS,
    content_words,
    negation_flags,
    opposite_forms,
    opposites,
    spelled_words,
    word_forms,
)
from bot.domain.questions import KeyPoint
from bot.domain.text import stem

WORD_SIMILARITY = 85  # rapidfuzz ratio at which two stems count as one word (typos)
KEY_POINT_SHARE = 0.5  # share of a phrasing's evidence words that must be said together
TERM_LIST_SHARE = Fraction(3, 10)  # the most a bare list of terms can earn, as a share of the points
SENTENCE_WINDOW = 40  # words: a longer run-on sentence is read in windows of this size
PAIR_WINDOW = 50  # words: two neighbouring sentences read together when this short
_FUZZY_MIN_LENGTH = 4  # shorter stems must match exactly
@dataclass(frozen=True)
class Coverage:
    """Which key points an answer covered, shown to the member as hits and misses.

    ``ratio`` is ``None`` when the question has no key points. ``term_list``
    says the answer read as a bare list of terms, so its share was capped.
    """

    hits: tuple[str, ...]
    misses: tuple[str, ...]
    term_list: bool = False

    @property
    def total(self) -> int:
        return len(self.hits) + len(self.misses)

    def share(self) -> Fraction | None:
        """The share of the key points covered (capped for a term list); None without key points."""
        if not self.total:
            return None
        share = Fraction(len(self.hits), self.total)
        return min(share, TERM_LIST_SHARE) if self.term_list else share

    @property
    def ratio(self) -> float | None:
        share = self.share()
        return None if share is None else float(share)

    def scaled(self, maximum: int) -> int:
        """``round(maximum * ratio)`` half up (exact fractions: equal coverage never scores differently)."""
        share = self.share()
        return 0 if share is None else math.floor(maximum * share + Fraction(1, 2))


def words_needed(count: int) -> int:
    """How many of a phrasing's ``count`` words must be said: all of one or two, else ``KEY_POINT_SHARE``."""
    return count if count <= 2 else math.ceil(KEY_POINT_SHARE * count - 1e-9)


@dataclass(frozen=True, slots=True)
class _Phrasing:
    words: tuple[str, ...]  # evidence words: content stems not in the prompt
    negated: tuple[bool, ...]  # per word: does a denial of the phrasing reach it ("does not block")
    # The prompt's words in the phrasing, with their polarity: "blocks" said where the point says
    # "does not block" contradicts it, though "block" in a question about blocking is no evidence.
    polar: tuple[tuple[str, bool], ...]

    @property
    def needed(self) -> int:
        return words_needed(len(self.words))


@lru_cache(maxsize=4096)
def _phrasing(text: str, prompt_words: frozenset[str]) -> _Phrasing:
    """A phrasing's evidence words, each with whether a denial reaches it."""
    items = spelled_words(text)
    polarity: dict[str, bool] = {}
    for (word, _), denied in zip(items, negation_flags(items), strict=True):
        if word in STOP_WORDS or word in NEGATIONS or word in PREFIX_NEGATIONS:
            continue
        if len(word) > 1 or word.isdigit():
            polarity.setdefault(stem(word), denied)
    if not polarity:  # a phrasing of stop words only still has to say something
        polarity = {stem(w): False for w, _ in items}
    words = list(polarity)
    evidence = [w for w in words if w not in prompt_words] or words
    asked = tuple((w, d) for w, d in polarity.items() if w in prompt_words)
    return _Phrasing(tuple(evidence), tuple(polarity[w] for w in evidence), asked)


class _Answer:
    """An answer's words with their positions, sentences and clauses, indexed once."""

    def __init__(self, answer: str, prompt_words: frozenset[str]) -> None:
        items = spelled_words(answer)
        self.stems = [stem(w) for w, _ in items]
        self.raw = [w for w, _ in items]
        # Clause and sentence number of every word.
        self.clause: list[int] = []
        self.sentence: list[int] = []
        clause = sentence = -1
        for _, kind in items:
            if kind >= 1 or clause < 0:
                clause += 1
            if kind == 2 or sentence < 0:
                sentence += 1
            self.clause.append(clause)
            self.sentence.append(sentence)
        self.denied = negation_flags(items)
        self.windows = self._windows()
        self.windows_at: list[list[int]] = [[] for _ in self.stems]
        for w, window in enumerate(self.windows):
            for i in window:
                self.windows_at[i].append(w)
        self.positions: dict[str, list[int]] = defaultdict(list)
        for i, word in enumerate(self.stems):
            self.positions[word].append(i)
            if "." in word:  # process.nexttick also offers nexttick and processnexttick
                for part in word.split("."):
                    if part:
                        self.positions[stem(part)].append(i)
                self.positions[word.replace(".", "")].append(i)
        self.vocabulary = [w for w in self.positions if len(w) >= _FUZZY_MIN_LENGTH]
        self._found: dict[str, frozenset[int]] = {}
        self._near: dict[str, tuple[str, ...]] = {}  # a word's near spellings in the vocabulary
        self.new_words = {
            w
            for w, r in zip(self.stems, self.raw, strict=True)
            if r not in STOP_WORDS and w not in prompt_words
        }

    def _windows(self) -> list[range]:
        """Spans of word positions read together: each sentence (long ones in windows), and pairs."""
        sentences: list[range] = []
        start = 0
        for i in range(1, len(self.stems) + 1):
            if i == len(self.stems) or self.sentence[i] != self.sentence[start]:
                sentences.append(range(start, i))
                start = i
        windows: list[range] = []
        for span in sentences:
            if len(span) <= SENTENCE_WINDOW:
                windows.append(span)
                continue
            step = SENTENCE_WINDOW // 2
            for s in range(span.start, span.stop - step, step):
                windows.append(range(s, min(s + SENTENCE_WINDOW, span.stop)))
        for first, second in itertools.pairwise(sentences):
            if len(first) + len(second) <= PAIR_WINDOW:
                windows.append(range(first.start, second.stop))
        return windows

    def found(self, word: str) -> frozenset[int]:
        """Positions where ``word`` (or one of its forms, or a near spelling) is said."""
        cached = self._found.get(word)
        if cached is not None:
            return cached
        self.prefetch([word])
        at: set[int] = set()
        for form in word_forms(word):
            at.update(self.positions.get(form, ()))
            for near in self._near.get(form, ()):
                at.update(self.positions[near])
        at.update(self._split(word))
        result = frozenset(at)
        self._found[word] = result
        return result

    def prefetch(self, words: Iterable[str]) -> None:
        """Find the near spellings of many words in one pass (one C call, not one per word)."""
        forms = list(
            dict.fromkeys(
                form
                for word in words
                for form in word_forms(word)
                if len(form) >= _FUZZY_MIN_LENGTH and form not in self._near
            )
        )
        if not forms:
            return
        if not self.vocabulary:
            self._near.update((form, ()) for form in forms)
            return
        scores = process.cdist(forms, self.vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_SIMILARITY)
        for form, row in zip(forms, scores, strict=True):
            near = (self.vocabulary[j] for j in row.nonzero()[0])
            self._near[form] = tuple(word for word in near if not opposites(form, word))

    def _split(self, word: str) -> set[int]:
        """ "callstack" in a key point meets "call stack" in the answer: two neighbouring words."""
        at: set[int] = set()
        for cut in range(3, len(word) - 2):
            left = self.positions.get(word[:cut])
            if not left:
                continue
            right = self.positions.get(word[cut:]) or self.positions.get(stem(word[cut:]))
            if right:
                follows = set(right)
                at.update(i for i in left if i + 1 in follows)
        return at

    def found_each(self, words: Sequence[str]) -> list[frozenset[int]]:
        """``found`` for each word; "call stack" in a key point also meets "callstack" in the answer."""
        found = [self.found(w) for w in words]
        for i in range(len(words) - 1):
            joined = self.positions.get(words[i] + words[i + 1])
            if joined:
                found[i] = found[i] | frozenset(joined)
                found[i + 1] = found[i + 1] | frozenset(joined)
        return found

    def says(self, phrasing: _Phrasing) -> bool:
        """Whether one window says enough of ``phrasing``'s words, each with the phrasing's polarity.

        A word said in a denying clause when the phrasing affirms it (or the other way round)
        is no evidence: "it does not block" never says "it blocks".
        """
        found = [
            frozenset(i for i in at if self.denied[i] == denied)
            for at, denied in zip(self.found_each(phrasing.words), phrasing.negated, strict=True)
        ]
        if sum(1 for f in found if f) < phrasing.needed:
            return False
        # How many of the words each window holds: every position votes once per word for the
        # windows it lies in (a handful each), rather than testing every window against every word.
        votes: Counter[int] = Counter()
        for at in found:
            votes.update({w for i in at for w in self.windows_at[i]})
        return any(
            count >= phrasing.needed and not self._contradicts(phrasing, self.windows[w])
            for w, count in votes.items()
        )

    def _contradicts(self, phrasing: _Phrasing, window: range) -> bool:
        """A prompt word of the phrasing said in ``window`` only with the opposite polarity, or an
        evidence word said there only as its opposite ("asynchronously" where the point says
        "synchronously")."""
        for word, denied in phrasing.polar:
            flags = {self.denied[i] for i in self.found(word) if i in window}
            if flags and denied not in flags:
                return True
        for word in phrasing.words:
            if any(i in window for i in self.found(word)):
                continue
            if any(i in window for form in opposite_forms(word) for i in self.positions.get(form, ())):
                return True
        return False

    def is_term_list(self) -> bool:
        """A bare list of terms: short fragments and almost no function words, no sentences."""
        if len(self.raw) < 4:
            return False
        fragments: list[int] = []
        size = 0
        for i in range(len(self.raw)):
            if i and self.clause[i] != self.clause[i - 1]:
                fragments.append(size)
                size = 0
            size += 1
        fragments.append(size)
        function_words = sum(1 for w in self.raw if w in STOP_WORDS or w in NEGATIONS)
        short = sum(1 for n in fragments if n <= 4)
        return short >= 0.7 * len(fragments) and function_words <= 0.15 * len(self.raw)


@lru_cache(maxsize=1024)
def prompt_words(prompt: str) -> frozenset[str]:
    """The content stems of a question's prompt: saying them back is no evidence of knowing."""
    return frozenset(content_words(prompt)) if prompt.strip() else frozenset()


# An answer must say something of its own (words that are not stop words nor the prompt's) to earn anything.
MIN_NEW_WORDS = 1


def grade_key_points(answer: str, prompt: str, key_points: Sequence[KeyPoint]) -> Coverage:
    """Which ``key_points`` ``answer`` states, as the rules of this module read it."""
    points = [p for p in key_points if p.point.strip()]
    if not points:
        return Coverage((), ())
    asked = prompt_words(prompt)
    said = _Answer(answer, asked)
    if len(said.new_words) < MIN_NEW_WORDS:  # the prompt said back, or nothing of substance
        return Coverage((), tuple(p.point for p in points))
    phrasings = [_phrasing(text, asked) for point in points for text in point.phrasings if text.strip()]
    said.prefetch(w for phrasing in phrasings for w in phrasing.words)
    hits: list[str] = []
    misses: list[str] = []
    for point in points:
        covered = any(said.says(_phrasing(text, asked)) for text in point.phrasings if text.strip())
        (hits if covered else misses).append(point.point)
    return Coverage(tuple(hits), tuple(misses), term_list=bool(hits) and said.is_term_list())


def mentions(text: str, phrase: str) -> bool:
    """Whether ``text`` names enough of ``phrase``'s content words anywhere (no window, no prompt).

    For filing content, not for grading answers: whether a question's text touches a
    syllabus sub-topic (``bot.questionbank.taxonomy``).
    """
    words = content_words(phrase)
    if not words:
        return False
    found = _Answer(text, frozenset())
    return sum(1 for at in found.found_each(words) if at) >= words_needed(len(words))
