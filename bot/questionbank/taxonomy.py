"""Filing questions under the syllabus's topic areas, tagging them, and syllabus coverage.

The topic areas come from the syllabus document; ``content/taxonomy.yaml``
adds the terms that point to each area and the tag vocabulary. The rule is
documented at the top of that file.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from bot.domain.grading import mentions
from bot.domain.questions import Question, Topic
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

    A question was searched for ~320 term regexes one after the other over its whole text; an
    upload of 10,000 questions spent seconds on them, one answer of 1 MB seven (issue 16). A
    term led by a letter or digit can only match at the start of a run of word characters that
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
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise BankFileError.from_yaml(path, exc) from exc
        if not isinstance(data, dict):
            raise BankFileError(path, "expected a mapping with 'topics' and 'tags'")
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


# Words a syllabus uses about every sub-topic; they say nothing about which one it is.
_SYLLABUS_WORDS = re.compile(
    r"\b(best practices?|techniques?|fundamentals?|strategies|strategy|debugging focus|understanding|handling"
    r"|implementing|using|effectively|basics?|tools?|e\.g\.?|especially)\b",
    re.IGNORECASE,
)


def covers(subtopic: str, question: Question) -> bool:
    """Whether ``question`` covers a syllabus sub-topic.

    The question's prompt, short answer and key points must name enough of the
    sub-topic's words, with the word-form and typo tolerance the grader uses
    (``bot.domain.grading.mentions``).
    """
    wanted = _SYLLABUS_WORDS.sub(" ", subtopic)
    points = " ".join(phrasing for point in question.key_points for phrasing in point.phrasings)
    return mentions(" ".join([question.prompt, question.short_answer, points]), wanted)


@dataclass(frozen=True, slots=True)
class SubtopicCoverage:
    topic: Topic
    subtopic: str
    question_ids: tuple[str, ...]


def coverage(topics: Iterable[Topic], questions: Sequence[Question]) -> list[SubtopicCoverage]:
    """For each syllabus sub-topic, the questions (of its area first, then any) that cover it."""
    rows = []
    for topic in topics:
        for sub in topic.subtopics:
            ids = tuple(q.id for q in questions if covers(sub, q))
            rows.append(SubtopicCoverage(topic, sub, ids))
    return rows
