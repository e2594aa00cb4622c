"""The JSON Schema of a bank file, shipped as ``content/schema/question-bank.schema.json``.

Editors (VS Code's YAML extension, for one) validate hand-written question files
against it with a first line ``# yaml-language-server: $schema=../schema/question-bank.schema.json``;
``qotd bank validate`` and every build apply it too.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://qotd-bot.invalid/schema/question-bank.schema.json"

_text = {"type": "string"}
_nonempty = {"type": "string", "minLength": 1}
_strings = {"type": "array", "items": _nonempty}

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
        "prompt": {**_nonempty, "maxLength": 1000, "description": "The question as members see it."},
        "short_answer": {
            **_text,
            "maxLength": 1000,
            "description": "One or two sentences shown at the reveal.",
        },
        "full_answer": {**_nonempty, "description": "Discord Markdown; code in fenced blocks."},
        "topic": {**_nonempty, "description": "A topic id from topics.yaml."},
        "difficulty": {"enum": ["easy", "medium", "hard"]},
        "key_points": {
            "type": "array",
            "description": "The ideas a good answer states; used for grading. A string is a point with no "
            "other phrasings; a mapping gives `point` (shown to members), `accept` (other phrasings that "
            "count) and `derived` (drawn from the model answer because the source gave none).",
            "items": {
                "oneOf": [
                    _nonempty,
                    {
                        "type": "object",
                        "required": ["point"],
                        "additionalProperties": False,
                        "properties": {
                            "point": _nonempty,
                            "accept": _strings,
                            "derived": {"type": "boolean"},
                        },
                    },
                ]
            },
        },
        "tags": _strings,
        "choices": {
            "type": "array",
            "minItems": 2,
            "maxItems": 10,
            "items": {
                "type": "object",
                "required": ["key", "text"],
                "additionalProperties": False,
                "properties": {"key": {"type": "string", "pattern": "^[A-J]$"}, "text": _nonempty},
            },
        },
        "correct_choice": {"type": "string", "pattern": "^[A-J]$"},
        "explanation": _text,
        "steps": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["prompt", "expected"],
                "additionalProperties": False,
                "properties": {"prompt": _nonempty, "expected": _nonempty},
            },
        },
        "follow_ups": _strings,
        "group": {"type": "string"},
        "source": {
            "type": "object",
            "required": ["file", "lines"],
            "additionalProperties": False,
            "properties": {
                "file": _nonempty,
                "lines": {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 1},
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
        },
        "extra": {"type": "object", "additionalProperties": {"type": "string"}},
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
        "questions": {"type": "array", "items": QUESTION_SCHEMA},
    },
}


def schema_json() -> str:
    """The schema file's exact text (stable, so ``bank build --check`` can compare it)."""
    return json.dumps(BANK_FILE_SCHEMA, indent=2, ensure_ascii=False) + "\n"
