"""The built bank as the bot reads it: ``content/bank/*.yaml`` loaded and checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from bot.domain.questions import Question, Subtopic, Topic
from bot.questionbank import packs
from bot.questionbank.bankfile import question_files
from bot.questionbank.errors import BankError, BankFileError
from bot.questionbank.ids import normalized


@dataclass(frozen=True)
class Bank:
    questions: tuple[Question, ...]
    topics: tuple[Topic, ...]
    groups: dict[str, list[str]] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def get(self, question_id: str) -> Question | None:
        return self.by_id.get(question_id.strip().lower())

    def search(self, text: str, *, limit: int = 10) -> list[Question]:
        """Questions whose id or prompt best matches ``text`` (typo-tolerant), best first."""
        query = normalized(text)
        if not query:
            return list(self.questions[:limit])
        exact = [q for q in self.questions if q.id.startswith(text.strip().lower())]
        # The first line of a prompt is what people remember and type; WRatio marks very long texts down.
        prompts = {
            i: normalized(f"{q.prompt.splitlines()[0][:160]} {' '.join(q.tags)}")
            for i, q in enumerate(self.questions)
        }
        ranked = process.extract(query, prompts, scorer=fuzz.WRatio, limit=limit * 2, score_cutoff=50)
        seen = {q.id for q in exact}
        out = list(exact)
        for _, _, i in ranked:
            q = self.questions[i]
            if q.id not in seen:
                out.append(q)
                seen.add(q.id)
        return out[:limit]


def load_topics(path: Path) -> tuple[Topic, ...]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise BankError(f"{path} is missing: run `qotd bank build`") from exc
    except yaml.YAMLError as exc:
        raise BankFileError.from_yaml(path, exc) from exc
    try:
        return tuple(
            Topic(
                id=t["id"],
                number=int(t["number"]),
                title=t["title"],
                subtopics=tuple(Subtopic(s["slug"], s["title"]) for s in t.get("subtopics", ())),
            )
            for t in data["topics"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BankFileError(path, f"malformed topic list ({exc})") from exc


def _load_groups(path: Path) -> dict[str, list[str]]:
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BankFileError.from_yaml(path, exc) from exc
    return {str(k): list(v) for k, v in (data.get("near_duplicate_groups") or {}).items()}


def load_bank(bank_dir: Path) -> Bank:
    """Every question file of the bank folder, with topics and groups; errors name file and line."""
    topics = load_topics(bank_dir / "topics.yaml")
    topic_ids = {t.id for t in topics}
    groups = _load_groups(bank_dir / "report.yaml")
    group_of = {qid: name for name, ids in groups.items() for qid in ids}
    questions: list[Question] = []
    seen: dict[str, Path] = {}
    for path in question_files(bank_dir):
        for q in packs.read_question_file(path).questions:
            if q.id in seen:
                raise BankFileError(path, f"id {q.id} is also used in {seen[q.id].name}")
            if q.topic not in topic_ids:
                raise BankFileError(path, f"question {q.id}: unknown topic {q.topic!r}")
            seen[q.id] = path
            questions.append(q if q.group or q.id not in group_of else replace(q, group=group_of[q.id]))
    return Bank(questions=tuple(questions), topics=topics, groups=groups)


def topic_title(topics: Sequence[Topic], topic_id: str) -> str:
    return next((t.title for t in topics if t.id == topic_id), topic_id)
