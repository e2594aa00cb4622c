"""The JSON Schema of a bank file, shipped as ``content/schema/question-bank.schema.json``.

Editors (VS Code's YAML extension, for one) validate hand-written question files
against it with a first line ``# yaml-language-server: $schema=../schema/question-bank.schema.json``;
``qotd bank validate`` and every build apply it too.
"""

from __future__ import annotations

import json
from typing import Any

from bot.questionbank.limits import QUESTION_CAPS, Cap

# A syllabus subtopic slug: lowercase words joined by hyphens.
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"

SCHEMA_ID = "https://qotd-bot.invalid/schema/question-bank.schema.json"

_caps = QUESTION_CAPS


def _text(cap: Cap, *, required: bool = False, **extra: Any) -> dict[str, Any]:
    """A string of at most ``cap.chars`` characters (at least one when ``required``)."""
    return {"type": "string", **({"minLength": 1} if required else {}), "maxLength": cap.chars, **extra}


def _strings(cap: Cap, **extra: Any) -> dict[str, Any]:
    """A list of at most ``cap.items`` non-empty strings of at most ``cap.chars`` characters."""
    return {"type": "array", "maxItems": cap.items, "items": _text(cap, required=True), **extra}


QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "kind", "prompt", "full_answer", "topic", "difficulty"],
    "additionalProperties": False,
    "properties": {
        "id": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)+$",
            "maxLength": 60,
            "description": "Stable id, never reused: <code>-<suffix>, lowercase.",
        },
        "kind": {"enum": ["open", "mcq", "scenario"]},
        "prompt": _text(_caps.prompt, required=True, description="The question as members see it."),
        "short_answer": _text(_caps.short_answer, description="One or two sentences shown at the reveal."),
        "full_answer": _text(
            _caps.full_answer, required=True, description="Discord Markdown; code in fenced blocks."
        ),
        "topic": _text(_caps.topic, required=True, description="A topic id from topics.yaml."),
        "subtopics": {
            "type": "array",
            "maxItems": _caps.subtopics.items,
            "items": _text(_caps.subtopics, required=True, pattern=SLUG_PATTERN),
            "description": "Syllabus subtopic slugs (kebab-case).",
        },
        "difficulty": {"enum": ["easy", "medium", "hard"]},
        "daily": {
            "type": "boolean",
            "description": "false keeps the question out of the daily rotation and quizzes (/question "
            "still finds it); written only when false.",
        },
        "key_points": {
            "type": "array",
            "maxItems": _caps.key_points.items,
            "description": "The ideas a good answer states; used for grading. A string is a point with no "
            "other phrasings; a mapping gives `point` (shown to members), `accept` (other phrasings that "
            "count) and `derived` (drawn from the model answer because the source gave none).",
            "items": {
                "oneOf": [
                    _text(_caps.key_points, required=True),
                    {
                        "type": "object",
                        "required": ["point"],
                        "additionalProperties": False,
                        "properties": {
                            "point": _text(_caps.key_points, required=True),
                            "accept": _strings(_caps.key_point_accept),
                            "derived": {"type": "boolean"},
                        },
                    },
                ]
            },
        },
        "tags": _strings(_caps.tags),
        "choices": {
            "type": "array",
            "minItems": _caps.choices.min_items,
            "maxItems": _caps.choices.items,
            "items": {
                "type": "object",
                "required": ["key", "text"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string", "pattern": "^[A-J]$"},
                    "text": _text(_caps.choices, required=True),
                    "why": _text(
                        _caps.choice_why,
                        description="For a wrong option: why it is wrong (shown at the reveal).",
                    ),
                },
            },
            "description": "Each key (A-J) at most once.",
        },
        "correct_choice": {"type": "string", "pattern": "^[A-J]$"},
        "explanation": _text(_caps.explanation),
        "editor_note": _text(
            _caps.editor_note,
            description='Markdown shown as "Editor\'s note" after the answer: what is right where the '
            "seed's text is wrong, and why.",
        ),
        "steps": {
            "type": "array",
            "maxItems": _caps.steps.items,
            "items": {
                "type": "object",
                "required": ["prompt", "expected"],
                "additionalProperties": False,
                "properties": {
                    "prompt": _text(_caps.step_prompt, required=True),
                    "expected": _text(_caps.step_expected, required=True),
                },
            },
        },
        "follow_ups": _strings(_caps.follow_ups),
        "group": _text(_caps.group),
        "source": {
            "type": "object",
            "required": ["file", "lines"],
            "additionalProperties": False,
            "properties": {
                "file": _text(_caps.source_file, required=True),
                "lines": {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 1},
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
        },
        "extra": {
            "type": "object",
            "maxProperties": _caps.extra.items,
            "propertyNames": {"maxLength": _caps.extra_key.chars},
            "additionalProperties": _text(_caps.extra),
        },
    },
    "allOf": [
        {
            "if": {"properties": {"kind": {"const": "mcq"}}},
            "then": {"required": ["choices", "correct_choice"]},
        },
        {
            "if": {"properties": {"kind": {"const": "scenario"}}},
            "then": {"required": ["steps"]},
        },
    ],
}

BANK_FILE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "qotd-bot question bank file",
    "type": "object",
    "required": ["questions"],
    "additionalProperties": False,
    "properties": {
        "source": {
            "type": "string",
            "description": "The document under content/sources this file was built from.",
        },
        "format": {"type": "string", "description": "The shape the parser detected."},
        "questions": {"type": "array", "maxItems": _caps.questions_per_file, "items": QUESTION_SCHEMA},
    },
}


def schema_json() -> str:
    """The schema file's exact text (stable, so ``bank build --check`` can compare it)."""
    return json.dumps(BANK_FILE_SCHEMA, indent=2, ensure_ascii=False) + "\n"
