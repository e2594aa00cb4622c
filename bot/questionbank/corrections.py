"""Corrections and lint waivers of ``content/overrides.yaml``: the parts of an entry that are lists.

A correction replaces exact text in one text field of a built question and says
why, so the seed stays the source and every change to its wording is on record
(``content/bank/report.yaml`` lists them). A waiver tells ``qotd bank lint`` that
a flagged text is right as it is; the build only checks its shape and reports it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from bot.domain.questions import Question

FIELD_FORMS = "prompt, short_answer, full_answer, explanation, choice:B, step:2.prompt or step:2.expected"
_FIELD = re.compile(
    r"^(?:prompt|short_answer|full_answer|explanation|choice:(?P<choice>[A-J])"
    r"|step:(?P<step>[1-9][0-9]*)\.(?P<part>prompt|expected))$"
)
_TEXT_FIELDS = ("prompt", "short_answer", "full_answer", "explanation")


@dataclass(frozen=True, slots=True)
class Correction:
    """Replace every ``find`` in ``field`` with ``replace``, because of ``reason``."""

    field: str
    find: str
    replace: str
    reason: str
    line: int | None = dataclasses.field(default=None, compare=False)

    def to_report(self, question_id: str) -> dict[str, str]:
        return {
            "id": question_id,
            "field": self.field,
            "find": self.find,
            "replace": self.replace,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Waiver:
    """A lint finding (``check`` on ``text``) that is right as it is, because of ``reason``."""

    check: str
    text: str
    reason: str

    def to_report(self, question_id: str) -> dict[str, str]:
        return {"id": question_id, "check": self.check, "text": self.text, "reason": self.reason}


class CorrectionError(ValueError):
    """A correction does not fit its question; the message names the field and the text."""


def _strings_problem(item: Any, keys: tuple[str, ...], may_be_empty: frozenset[str]) -> str | None:
    if not isinstance(item, dict):
        return f"items must be mappings with {', '.join(keys)}"
    if set(item) != set(keys):
        missing, extra = sorted(set(keys) - set(item)), sorted(set(item) - set(keys))
        return (
            "items take "
            + ", ".join(keys)
            + (f"; missing {missing}" if missing else "")
            + (f"; unknown {extra}" if extra else "")
        )
    for key in keys:
        value = item[key]
        if not isinstance(value, str) or (key not in may_be_empty and not value.strip()):
            return f"{key} must be {'a string' if key in may_be_empty else 'a non-empty string'}"
    return None


def read_corrections(value: Any, lines: list[int | None]) -> tuple[Correction, ...]:
    """The corrections of one entry (``lines``: each item's line); ``ValueError`` says what is wrong."""
    if not isinstance(value, list) or not value:
        raise ValueError("corrections must be a list of {field, find, replace, reason}")
    found = []
    for item, line in zip(value, lines + [None] * (len(value) - len(lines)), strict=True):
        problem = _strings_problem(item, ("field", "find", "replace", "reason"), frozenset({"replace"}))
        if problem:
            raise ValueError(f"corrections: {problem}")
        if not _FIELD.match(item["field"]):
            raise ValueError(f"corrections: field {item['field']!r} is not one of {FIELD_FORMS}")
        if item["find"] == item["replace"]:
            raise ValueError(f"corrections: find and replace are the same ({item['find']!r})")
        found.append(Correction(item["field"], item["find"], item["replace"], item["reason"].strip(), line))
    return tuple(found)


def read_waivers(value: Any) -> tuple[Waiver, ...]:
    """The lint waivers of one entry; ``ValueError`` says what is wrong."""
    if not isinstance(value, list) or not value:
        raise ValueError("waive must be a list of {check, text, reason}")
    for item in value:
        problem = _strings_problem(item, ("check", "text", "reason"), frozenset())
        if problem:
            raise ValueError(f"waive: {problem}")
    return tuple(Waiver(i["check"].strip(), i["text"], i["reason"].strip()) for i in value)


def field_text(question: Question, field: str) -> str | None:
    """The text of ``field`` (a correction's field name) in ``question``; None if it has no such field."""
    m = _FIELD.match(field)
    if m is None:
        return None
    if field in _TEXT_FIELDS:
        return str(getattr(question, field))
    if m["choice"]:
        choice = question.choice(m["choice"])
        return None if choice is None else choice.text
    index = int(m["step"]) - 1
    if index >= len(question.steps):
        return None
    return str(getattr(question.steps[index], m["part"]))


def _with_field(question: Question, field: str, text: str) -> Question:
    m = _FIELD.match(field)
    assert m is not None  # checked when read
    if field in _TEXT_FIELDS:
        return dataclasses.replace(question, **{field: text})
    if m["choice"]:
        choices = tuple(
            dataclasses.replace(c, text=text) if c.key == m["choice"] else c for c in question.choices
        )
        return dataclasses.replace(question, choices=choices)
    index = int(m["step"]) - 1
    steps = list(question.steps)
    steps[index] = dataclasses.replace(steps[index], **{m["part"]: text})
    return dataclasses.replace(question, steps=tuple(steps))


def apply_corrections(question: Question, corrections: tuple[Correction, ...]) -> Question:
    """``question`` with each correction made in turn; ``CorrectionError`` if a target is gone."""
    for c in corrections:
        text = field_text(question, c.field)
        if text is None:
            raise CorrectionError(f"correction of {c.field}: the question has no {c.field}")
        if c.find not in text:
            raise CorrectionError(
                f"correction target gone: {c.field} no longer contains {c.find!r}; "
                "the source or an earlier correction changed it: update or delete the correction"
            )
        question = _with_field(question, c.field, text.replace(c.find, c.replace))
    return question


def undo_corrections(text: str, field: str, corrections: tuple[Correction, ...]) -> str:
    """``text`` of ``field`` as it was before the corrections, as near as replacing back can tell.

    The previous build is the id registry and stores corrected text, while a fresh
    parse gives the source's; matching the two as the source had them keeps ids stable
    however much a correction changes.
    """
    for c in reversed(corrections):
        if c.field == field and c.replace:
            text = text.replace(c.replace, c.find)
    return text
