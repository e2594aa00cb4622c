"""Human corrections to the built bank: ``content/overrides.yaml``, keyed by question id.

The answer cards lost their titles, so their prompts are written here; any
question's topic, difficulty, key points, tags, group or short answer can be
corrected the same way. Key points take the bank's form: a string, or a mapping
with ``point`` and ``accept`` (other phrasings that count). ``reason`` says why an
entry corrects the seed. Overrides are applied on every build, so they survive
re-parsing; an entry for an id the build no longer produces is an error (the
question was removed or its id changed), never silently ignored.

Besides whole fields, an entry may hold ``editor_note`` (what is right where the
seed is wrong), ``daily: false``, ``subtopics``, ``why_wrong`` (per wrong choice
letter, why it is wrong), ``corrections`` (exact replacements in a text field,
each with its reason) and ``waive`` (lint findings that are right as they are);
see ``bot.questionbank.corrections``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.domain.questions import Difficulty, KeyPoint, Question
from bot.questionbank.corrections import (
    Correction,
    CorrectionError,
    Waiver,
    apply_corrections,
    read_corrections,
    read_waivers,
)
from bot.questionbank.errors import BankFileError
from bot.questionbank.limits import QUESTION_CAPS
from bot.questionbank.schema import SLUG_PATTERN

FIELDS = (
    "prompt",
    "short_answer",
    "topic",
    "difficulty",
    "key_points",
    "tags",
    "group",
    "follow_ups",
    "editor_note",
    "daily",
    "subtopics",
    "why_wrong",
)
# Said about an entry, not fields of the question: applied by their own rules, or read by the lint.
NOTES = ("reason", "corrections", "waive")
_LISTS = frozenset({"tags", "follow_ups"})
_SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True, slots=True)
class Override:
    question_id: str
    values: Mapping[str, Any]  # as written; ``values["waive"]`` is the lint's
    line: int
    path: Path = Path("overrides.yaml")
    corrections: tuple[Correction, ...] = ()
    waivers: tuple[Waiver, ...] = ()

    def error(self, problem: str) -> BankFileError:
        """An error about this entry, naming the file, its line and the id."""
        return BankFileError(self.path, f"{self.question_id}: {problem}", line=self.line)


def load_overrides(path: Path) -> dict[str, Override]:
    """Read and check the overrides file (a missing file means no overrides)."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise BankFileError.from_yaml(path, exc) from exc
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise BankFileError(
            path, "expected a mapping of question id -> fields", line=root.start_mark.line + 1
        )
    result: dict[str, Override] = {}
    for key_node, value_node in root.value:
        qid, line = str(key_node.value), key_node.start_mark.line + 1
        if qid in result:
            raise BankFileError(path, f"{qid} appears twice", line=line)
        values = yaml.safe_load(yaml.serialize(value_node)) if value_node is not None else None
        if not isinstance(values, dict) or not values:
            raise BankFileError(path, f"{qid}: expected fields to override ({', '.join(FIELDS)})", line=line)
        for name, value in values.items():
            if name not in FIELDS + NOTES:
                raise BankFileError(
                    path, f"{qid}: unknown field {name!r} (allowed: {', '.join(FIELDS + NOTES)})", line=line
                )
            problem = _value_problem(name, value)
            if problem:
                raise BankFileError(path, f"{qid}: {problem}", line=line)
        try:
            corrections = (
                read_corrections(values["corrections"], _item_lines(value_node, "corrections"))
                if "corrections" in values
                else ()
            )
            waivers = read_waivers(values["waive"]) if "waive" in values else ()
        except ValueError as exc:
            raise BankFileError(path, f"{qid}: {exc}", line=line) from exc
        replaced = sorted({c.field for c in corrections} & set(values))
        if replaced:
            raise BankFileError(
                path,
                f"{qid}: {replaced[0]} is both written out and corrected; correct the text written here instead",
                line=line,
            )
        result[qid] = Override(qid, values, line, path, corrections, waivers)
    return result


def _item_lines(entry: yaml.Node, name: str) -> list[int | None]:
    """The 1-based line of each item of the list ``name`` in an entry's node."""
    node = (
        next((v for k, v in entry.value if k.value == name), None)
        if isinstance(entry, yaml.MappingNode)
        else None
    )
    return [i.start_mark.line + 1 for i in node.value] if isinstance(node, yaml.SequenceNode) else []


def _value_problem(name: str, value: Any) -> str | None:
    """What is wrong with one field of an entry, or None (corrections and waive are read apart)."""
    if name in ("corrections", "waive"):
        return None
    if name == "key_points":
        problem = _key_points_problem(value)
        return f"key_points {problem}" if problem else None
    if name == "daily":
        return None if isinstance(value, bool) else "daily must be true or false"
    if name == "subtopics":
        cap = QUESTION_CAPS.subtopics
        if not isinstance(value, list) or not value or len(value) > (cap.items or len(value)):
            return f"subtopics must be a list of 1 to {cap.items} slugs"
        bad = [v for v in value if not isinstance(v, str) or not _SLUG.match(v)]
        return f"subtopics must be kebab-case slugs, not {bad[0]!r}" if bad else None
    if name == "why_wrong":
        if not isinstance(value, dict) or not value:
            return "why_wrong must map choice letters to why that choice is wrong"
        bad = [k for k, v in value.items() if not re.fullmatch(r"[A-J]", str(k)) or not _text_ok(v)]
        return f"why_wrong: {bad[0]!r} must be a choice letter A-J with a non-empty text" if bad else None
    if name == "difficulty" and value not in {d.value for d in Difficulty}:
        return "difficulty must be easy, medium or hard"
    if name in _LISTS:
        ok = isinstance(value, list) and all(_text_ok(v) for v in value)
        return None if ok else f"{name} must be a list of non-empty strings"
    if not _text_ok(value):
        return f"{name} must be a non-empty string"
    cap = QUESTION_CAPS.editor_note.chars
    if name == "editor_note" and len(value.strip()) > cap:
        return f"editor_note is {len(value.strip()):,} characters long; the limit is {cap:,}"
    return None


def _text_ok(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _key_points_problem(value: Any) -> str | None:
    """What is wrong with an override's key points, or None."""
    if not isinstance(value, list) or not value:
        return "must be a list of points"
    for item in value:
        try:
            point = KeyPoint.from_data(item)
        except ValueError:
            return "items must be strings or mappings with 'point' (and 'accept')"
        if isinstance(item, dict) and set(item) - {"point", "accept"}:
            return f"items take 'point' and 'accept' only, not {sorted(set(item) - {'point', 'accept'})}"
        accept = item.get("accept", []) if isinstance(item, dict) else []
        if not isinstance(accept, list) or not all(isinstance(a, str) and a.strip() for a in accept):
            return f"'accept' of {point.point!r} must be a list of non-empty strings"
        if not point.point.strip():
            return "must not hold an empty point"
    return None


def apply_override(question: Question, override: Override) -> Question:
    """``question`` with the override's corrections made, then its fields replaced.

    Corrections apply to the text as the build made it; a correction whose target
    is gone, or a ``why_wrong`` for a letter that is not a wrong choice, is a
    ``BankFileError`` naming the entry.
    """
    try:
        question = apply_corrections(question, override.corrections)
    except CorrectionError as exc:
        raise override.error(str(exc)) from exc
    changes: dict[str, Any] = {}
    for name, value in override.values.items():
        if name in NOTES:
            continue
        if name == "key_points":
            changes[name] = tuple(
                KeyPoint(p.point.strip(), tuple(a.strip() for a in p.accept))
                for p in map(KeyPoint.from_data, value)
            )
        elif name in _LISTS or name == "subtopics":
            changes[name] = tuple(v.strip() for v in value)
        elif name == "difficulty":
            changes[name] = Difficulty(value)
        elif name == "daily":
            changes[name] = value
        elif name == "why_wrong":
            changes["choices"] = _with_why(question, value, override)
        else:
            changes[name] = value.strip()
    return dataclasses.replace(question, **changes)


def _with_why(question: Question, why: Mapping[str, str], override: Override) -> tuple[Any, ...]:
    wrong = {c.key for c in question.choices if c.key != question.correct_choice}
    for key in why:
        if key not in wrong:
            what = "the right answer" if key == question.correct_choice else "not one of its choices"
            raise override.error(f"why_wrong: {key} is {what}; why_wrong is for the wrong choices")
    return tuple(
        dataclasses.replace(c, why=why[c.key].strip()) if c.key in why else c for c in question.choices
    )
