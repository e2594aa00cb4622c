"""Filing questions under the syllabus's topic areas, tagging them, and syllabus coverage.

The topic areas come from the syllabus document; ``content/taxonomy.yaml``
adds the terms that point to each area and the tag vocabulary. The rule is
documented at the top of that file.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from bot.domain.questions import Question, Subtopic, Topic
from bot.questionbank.errors import BankFileError

# Weights of where a term is found (see content/taxonomy.yaml).
WEIGHTS = {"prompt": 3.0, "section": 2.0, "summary": 1.0, "answer": 0.25}


def compile_term(term: str) -> re.Pattern[str]:
    """A case-insensitive, word-bounded pattern; a trailing ``*`` allows any ending."""
    term = term.strip().lower()
    stem = term[:-1] if term.endswith("*") else term
    body = re.escape(stem).replace(r"\ ", r"[\s_-]+")
    tail = r"[\w-]*" if term.endswith("*") else ""
    lead = r"(?<![\w.])" if stem[:1].isalnum() else ""
    end = r"(?![\w])" if (stem[-1:].isalnum() or tail) else ""
    return re.compile(lead + body + tail + end, re.IGNORECASE)


# Where a term that starts with a letter or digit can start: a run of word characters that
# does not follow a word character or "." (compile_term's lead).
_WORD_RUN = re.compile(r"(?<![\w.])\w+")
# Case-insensitive matching makes these characters equal to ASCII letters (tests check the list
# against re); with ASCII upper case lowered, a term's first word compares as plain text.
_ASCII_EQUIVALENTS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}  # İ ı ſ K (Kelvin)
_FOLD = str.maketrans({**{c: c.lower() for c in string.ascii_uppercase}, **_ASCII_EQUIVALENTS})


class _Terms:
    """Named groups of terms, looked for together: each only where it can start.

    Trying ~320 term regexes one after the other over a whole text costs seconds on a large
    upload or a long answer (bench/RESULTS.md, "Hostile documents"). A term led by a letter or digit can only match at the start of a run of word characters that
    begins with its first word (case aside), so each is tried there alone: one pass over the
    text finds those runs. Same answers as searching them all.
    """

    def __init__(self, groups: Mapping[str, Sequence[str]]):
        self.ranges: dict[str, range] = {}
        self.patterns: list[re.Pattern[str]] = []
        self.always: list[int] = []  # terms without a key (not led by an ASCII word): searched
        self.by_key: dict[str, list[int]] = {}
        for name, terms in groups.items():
            start = len(self.patterns)
            for term in terms:
                stem = term.strip().lower().removesuffix("*")
                word = re.match(r"\w*", stem)[0]  # type: ignore[index]  # \w* always matches
                index = len(self.patterns)
                self.patterns.append(compile_term(term))
                if word and stem[:1].isalnum() and word.isascii():
                    self.by_key.setdefault(word, []).append(index)
                else:
                    self.always.append(index)
            self.ranges[name] = range(start, len(self.patterns))
        self.owner = [name for name, span in self.ranges.items() for _ in span]
        self.longest = max(map(len, self.by_key), default=0)

    def counts(self, text: str) -> dict[str, int]:
        """How many terms of each group occur in ``text`` (groups with none are left out)."""
        folded = text.translate(_FOLD)  # same length: positions agree with the text's
        keys_of: dict[str, list[str]] = {}  # word -> the keys it begins with
        for word in set(_WORD_RUN.findall(folded)):
            if keys := [
                word[:k] for k in range(1, min(len(word), self.longest) + 1) if word[:k] in self.by_key
            ]:
                keys_of[word] = keys
        starts: dict[str, list[int]] = {}  # key -> where runs that begin with it start
        if keys_of:
            for run in _WORD_RUN.finditer(folded):
                for key in keys_of.get(run.group(), ()):
                    starts.setdefault(key, []).append(run.start())
        found = [i for i in self.always if self.patterns[i].search(text)]
        for key, positions in starts.items():
            found += [
                i for i in self.by_key[key] if any(self.patterns[i].match(text, at) for at in positions)
            ]
        counts: dict[str, int] = {}
        for i in found:
            counts[self.owner[i]] = counts.get(self.owner[i], 0) + 1
        return counts


@dataclass(frozen=True, slots=True)
class Texts:
    """The parts of a question that classification reads."""

    prompt: str
    section: str
    summary: str  # short answer and key points
    answer: str


class Taxonomy:
    """Topic areas with their terms, and the tag vocabulary."""

    def __init__(
        self, topics: Sequence[Topic], terms: Mapping[int, Sequence[str]], tags: Mapping[str, Sequence[str]]
    ):
        self.topics = list(topics)
        self._terms = _Terms({t.id: terms.get(t.number, ()) for t in self.topics})
        self._tags = _Terms(tags)

    @classmethod
    def load(cls, path: Path, topics: Sequence[Topic]) -> Taxonomy:
        data = _read(path)
        terms = {int(k): list(v or []) for k, v in (data.get("topics") or {}).items()}
        numbers = {t.number for t in topics}
        unknown = sorted(set(terms) - numbers)
        if unknown:
            raise BankFileError(
                path, f"topic numbers {unknown} are not in the syllabus (it has {sorted(numbers)})"
            )
        return cls(topics, terms, data.get("tags") or {})

    @cached_property
    def by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}

    def scores(self, texts: Texts) -> dict[str, float]:
        """Each topic's weighted count of term hits."""
        fields = {
            "prompt": texts.prompt,
            "section": texts.section,
            "summary": texts.summary,
            "answer": texts.answer,
        }
        result = dict.fromkeys(self._terms.ranges, 0.0)
        for name, text in fields.items():  # in this order, so that the sums are the same floats
            if text:
                for topic_id, count in self._terms.counts(text).items():
                    result[topic_id] += WEIGHTS[name] * count
        return result

    def classify(self, texts: Texts) -> str:
        """The best-scoring topic id; ties go to the lower syllabus number."""
        if not self.topics:
            raise ValueError("the taxonomy has no topics (is the syllabus missing?)")
        scores = self.scores(texts)
        best = max(self.topics, key=lambda t: (scores[t.id], -t.number))
        return best.id

    @property
    def tag_names(self) -> tuple[str, ...]:
        """The tag vocabulary, in its order."""
        return tuple(self._tags.ranges)

    def tags(self, text: str) -> tuple[str, ...]:
        """Every tag whose terms appear in ``text``, in vocabulary order."""
        found = self._tags.counts(text)
        return tuple(name for name in self._tags.ranges if name in found)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BankFileError.from_yaml(path, exc) from exc
    if not isinstance(data, dict):
        raise BankFileError(path, "expected a mapping with 'topics', 'tags' and 'subtopics'")
    return data


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def named_subtopics(path: Path, topics: Sequence[Topic]) -> list[Topic]:
    """The syllabus's topics with their sub-topics as ``subtopics:`` in taxonomy.yaml names them.

    The parser gives one sub-topic per syllabus line (``bot.questionbank.parsing.syllabus``);
    each entry of an area says which line(s) it stands for (``syllabus:``, its title when left
    out) with its ``slug`` and ``title``, or that a line only introduces others (``heading:``).
    Without ``subtopics:`` the parser's own are kept. ``BankFileError`` when a line has no entry,
    an entry names a line the syllabus does not have, or a slug is malformed or repeated.
    """
    listed = _read(path).get("subtopics")
    if listed is None:
        return list(topics)
    if not isinstance(listed, dict):
        raise BankFileError(path, "subtopics: expected a mapping from area numbers to lists of entries")
    numbers = {t.number for t in topics}
    stray = sorted(set(listed) - numbers, key=str)
    if stray:
        raise BankFileError(
            path, f"subtopics: areas {stray} are not in the syllabus (it has {sorted(numbers)})"
        )
    slugs: set[str] = set()
    return [replace(t, subtopics=_area_subtopics(path, t, listed.get(t.number), slugs)) for t in topics]


def _area_subtopics(path: Path, topic: Topic, entries: Any, slugs: set[str]) -> tuple[Subtopic, ...]:
    where = f"subtopics: {topic.number} ({topic.title})"
    if not isinstance(entries, list) or not entries:
        raise BankFileError(path, f"{where}: expected a list of entries, one per sub-topic or heading")
    lines = {s.title for s in topic.subtopics}
    claimed: set[str] = set()
    out = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise BankFileError(
                path, f"{where}: each entry is a mapping (slug, title, syllabus) or a heading"
            )
        named = entry.get("syllabus", entry.get("heading", entry.get("title")))
        named = [named] if isinstance(named, str) else named
        if not isinstance(named, list) or not named or not all(isinstance(n, str) for n in named):
            raise BankFileError(path, f"{where}: {entry!r} names no syllabus line")
        for line in named:
            if line not in lines:
                raise BankFileError(
                    path,
                    f"{where}: {line!r} is not a sub-topic line of this area in the syllabus (did the "
                    f"syllabus change?); its lines are: {'; '.join(s.title for s in topic.subtopics)}",
                )
            if line in claimed:
                raise BankFileError(path, f"{where}: the syllabus line {line!r} is named twice")
            claimed.add(line)
        if "heading" not in entry:
            out.append(_subtopic(path, where, entry, slugs))
    unnamed = [s.title for s in topic.subtopics if s.title not in claimed]
    if unnamed:
        raise BankFileError(
            path,
            f"{where}: the syllabus line {unnamed[0]!r} has no entry; give it a slug and a title, or list it "
            "as a heading",
        )
    return tuple(out)


def _subtopic(path: Path, where: str, entry: dict[str, Any], slugs: set[str]) -> Subtopic:
    slug, title = entry.get("slug"), entry.get("title")
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise BankFileError(path, f"{where}: slug {slug!r} is not lower-case words joined by hyphens")
    if slug in slugs:
        raise BankFileError(path, f"{where}: the slug {slug} is used twice; slugs are unique across areas")
    if not isinstance(title, str) or not title.strip():
        raise BankFileError(path, f"{where}: {slug} has no title")
    slugs.add(slug)
    return Subtopic(slug, title.strip())


@dataclass(frozen=True, slots=True)
class SubtopicCoverage:
    topic: Topic
    subtopic: Subtopic
    questions: tuple[Question, ...]  # the questions whose ``subtopics`` name it, in bank order


def coverage(topics: Iterable[Topic], questions: Sequence[Question]) -> list[SubtopicCoverage]:
    """For each syllabus sub-topic, the questions that name it in their ``subtopics``."""
    named: dict[str, list[Question]] = {}
    for q in questions:
        for slug in q.subtopics:
            named.setdefault(slug, []).append(q)
    return [SubtopicCoverage(t, s, tuple(named.get(s.slug, ()))) for t in topics for s in t.subtopics]


def unknown_subtopics(topics: Iterable[Topic], questions: Iterable[Question]) -> list[tuple[Question, str]]:
    """Each (question, slug) where the question names a sub-topic the syllabus does not have."""
    known = {s.slug for t in topics for s in t.subtopics}
    return [(q, slug) for q in questions for slug in q.subtopics if slug not in known]
