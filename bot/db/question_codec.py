"""Turning a :class:`~bot.domain.questions.Question` into columns and back.

The queried fields get columns (kind, topic, difficulty, group, prompt); the
rest travels as the JSON ``body``. ``content_hash`` covers everything, so an
edited question is updated in place and an identical one is left alone.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from bot.domain.questions import Choice, Difficulty, KeyPoint, Kind, Question, ScenarioStep, SourceRef


def question_body(question: Question) -> dict[str, Any]:
    """The JSON ``body`` column: every field of the question without a column of its own."""
    return {
        "short_answer": question.short_answer,
        "full_answer": question.full_answer,
        "key_points": [k.to_data() for k in question.key_points],
        "tags": list(question.tags),
        "choices": [c.to_data() for c in question.choices],
        "correct_choice": question.correct_choice,
        "explanation": question.explanation,
        "steps": [{"prompt": s.prompt, "expected": s.expected} for s in question.steps],
        "follow_ups": list(question.follow_ups),
        "source": (
            None
            if question.source is None
            else {
                "file": question.source.file,
                "first_line": question.source.first_line,
                "last_line": question.source.last_line,
            }
        ),
        "extra": dict(question.extra),
    } | _editorial(question)


def _editorial(question: Question) -> dict[str, Any]:
    """The editorial fields, only where they differ from the default.

    Left out otherwise so the body (and ``content_hash``) of a question without
    them is what it was before they existed: no row is rewritten for nothing.
    """
    fields: dict[str, Any] = {}
    if question.editor_note:
        fields["editor_note"] = question.editor_note
    if not question.daily:
        fields["daily"] = False  # the pool reads this key (QuestionRepository.pool)
    if question.subtopics:
        fields["subtopics"] = list(question.subtopics)
    return fields


def question_columns(question: Question) -> dict[str, Any]:
    """All content columns of ``questions`` for this question (not ids, owner or timestamps)."""
    body = question_body(question)
    return {
        "kind": str(question.kind),
        "topic": question.topic,
        "difficulty": str(question.difficulty),
        "group_key": question.group,
        "prompt": question.prompt,
        "body": body,
        "content_hash": content_hash(question, body),
    }


def content_hash(question: Question, body: dict[str, Any] | None = None) -> str:
    """SHA-256 over the question's whole content, stable across runs."""
    payload = {
        "kind": str(question.kind),
        "topic": question.topic,
        "difficulty": str(question.difficulty),
        "group": question.group,
        "prompt": question.prompt,
        "body": question_body(question) if body is None else body,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def question_from_columns(
    *,
    id: str,
    kind: str,
    topic: str,
    difficulty: str,
    group_key: str | None,
    prompt: str,
    body: dict[str, Any],
) -> Question:
    """Rebuild the domain question from a ``questions`` row."""
    source = body.get("source")
    return Question(
        id=id,
        kind=Kind(kind),
        prompt=prompt,
        short_answer=body.get("short_answer", ""),
        full_answer=body.get("full_answer", ""),
        topic=topic,
        difficulty=Difficulty(difficulty),
        key_points=tuple(KeyPoint.from_data(k) for k in body.get("key_points", ())),
        tags=tuple(body.get("tags", ())),
        choices=tuple(Choice.from_data(c) for c in body.get("choices", ())),
        correct_choice=body.get("correct_choice"),
        explanation=body.get("explanation", ""),
        steps=tuple(ScenarioStep(prompt=s["prompt"], expected=s["expected"]) for s in body.get("steps", ())),
        follow_ups=tuple(body.get("follow_ups", ())),
        source=None if source is None else SourceRef(**source),
        group=group_key,
        editor_note=body.get("editor_note", ""),
        daily=body.get("daily", True),
        subtopics=tuple(body.get("subtopics", ())),
        extra=dict(body.get("extra", {})),
    )
