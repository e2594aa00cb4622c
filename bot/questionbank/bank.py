"""The built bank as the bot reads it: ``content/bank/*.yaml`` loaded and checked."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml

from bot.domain.questions import Question, Subtopic, Topic
from bot.domain.relevance import ranked
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

    @cached_property
    def _titles(self) -> dict[str, str]:
        return {t.id: t.title for t in self.topics}

    def topic_title(self, topic_id: str) -> str:
        """The topic's title as members read it (its id when the bank has no such topic)."""
        return self._titles.get(topic_id, topic_id)

    def search(self, text: str, *, limit: int = 10) -> list[Question]:
        """Questions whose id starts with ``text`` or whose prompt has every word of it, best first.

        Typo-tolerant, and a word still being typed matches the start of a word; questions
        that miss a word of the query are left out (``bot.domain.relevance``).
        """
        if not normalized(text):
            return list(self.questions[:limit])
        exact = [q for q in self.questions if q.id.startswith(text.strip().lower())]
        # The first line of a prompt is what people remember and type, with the tags.
        prompts = {
            i: (q.prompt.splitlines()[0][:160], " ".join(q.tags)) for i, q in enumerate(self.questions)
        }
        seen = {q.id for q in exact}
        return [
            *exact,
            *(self.questions[i] for i in ranked(text, prompts, limit) if self.questions[i].id not in seen),
        ][:limit]


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
