"""Human corrections to the built bank: ``content/overrides.yaml``, keyed by question id.

The answer cards lost their titles, so their prompts are written here; any
question's topic, difficulty, key points, tags, group or short answer can be
corrected the same way. Key points take the bank's form: a string, or a mapping
with ``point`` and ``accept`` (other phrasings that count). ``reason`` says why an
entry corrects the seed. Overrides are applied on every build, so they survive
re-parsing; an entry for an id the build no longer produces is an error (the
question was removed or its id changed), never silently ignored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.domain.questions import Difficulty, KeyPoint, Question
from bot.questionbank.errors import BankFileError

FIELDS = ("prompt", "short_answer", "topic", "difficulty", "key_points", "tags", "group", "follow_ups")
NOTES = ("reason",)  # said about an entry, not applied to the question
_LISTS = frozenset({"tags", "follow_ups"})


@dataclass(frozen=True, slots=True)
class Override:
    question_id: str
    values: Mapping[str, Any]
    line: int


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
            if name == "key_points":
                problem = _key_points_problem(value)
                if problem:
                    raise BankFileError(path, f"{qid}: key_points {problem}", line=line)
                continue
            if name in _LISTS:
                ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
            else:
                ok = isinstance(value, str) and bool(value.strip())
            if not ok:
                kind = "a list of non-empty strings" if name in _LISTS else "a non-empty string"
                raise BankFileError(path, f"{qid}: {name} must be {kind}", line=line)
        if "difficulty" in values and values["difficulty"] not in {d.value for d in Difficulty}:
            raise BankFileError(path, f"{qid}: difficulty must be easy, medium or hard", line=line)
        result[qid] = Override(qid, values, line)
    return result


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
    """``question`` with the override's fields replaced."""
    changes: dict[str, Any] = {}
    for name, value in override.values.items():
        if name in NOTES:
            continue
        if name == "key_points":
            changes[name] = tuple(
                KeyPoint(p.point.strip(), tuple(a.strip() for a in p.accept))
                for p in map(KeyPoint.from_data, value)
            )
        elif name in _LISTS:
            changes[name] = tuple(v.strip() for v in value)
        elif name == "difficulty":
            changes[name] = Difficulty(value)
        else:
            changes[name] = value.strip()
    return dataclasses.replace(question, **changes)
