"""Filing questions under the syllabus's topic areas, tagging them, and syllabus coverage.

The topic areas come from the syllabus document; ``content/taxonomy.yaml``
adds the terms that point to each area and the tag vocabulary. The rule is
documented at the top of that file.
"""

from __future__ import annotations

import re
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
        self._terms = {t.id: [compile_term(term) for term in terms.get(t.number, ())] for t in self.topics}
        self._tags = {name: [compile_term(term) for term in words] for name, words in tags.items()}

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
        result: dict[str, float] = {}
        for topic_id, patterns in self._terms.items():
            score = 0.0
            for name, text in fields.items():
                if text:
                    score += WEIGHTS[name] * sum(1 for p in patterns if p.search(text))
            result[topic_id] = score
        return result

    def classify(self, texts: Texts) -> str:
        """The best-scoring topic id; ties go to the lower syllabus number."""
        if not self.topics:
            raise ValueError("the taxonomy has no topics (is the syllabus missing?)")
        scores = self.scores(texts)
        best = max(self.topics, key=lambda t: (scores[t.id], -t.number))
        return best.id

    def tags(self, text: str) -> tuple[str, ...]:
        """Every tag whose terms appear in ``text``, in vocabulary order."""
        return tuple(name for name, patterns in self._tags.items() if any(p.search(text) for p in patterns))


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
