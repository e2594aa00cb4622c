"""Human corrections to the built bank: ``content/overrides.yaml``, keyed by question id.

The answer cards lost their titles, so their prompts are written here; any
question's topic, difficulty, key points, tags, group or short answer can be
corrected the same way. Overrides are applied on every build, so they survive
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

from bot.domain.questions import Difficulty, Question
from bot.questionbank.errors import BankFileError

FIELDS = ("prompt", "short_answer", "topic", "difficulty", "key_points", "tags", "group", "follow_ups")
_LISTS = frozenset({"key_points", "tags", "follow_ups"})


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
            if name not in FIELDS:
                raise BankFileError(
                    path, f"{qid}: unknown field {name!r} (allowed: {', '.join(FIELDS)})", line=line
                )
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


def apply_override(question: Question, override: Override) -> Question:
    """``question`` with the override's fields replaced."""
    changes: dict[str, Any] = {}
    for name, value in override.values.items():
        if name in _LISTS:
            changes[name] = tuple(v.strip() for v in value)
        elif name == "difficulty":
            changes[name] = Difficulty(value)
        else:
            changes[name] = value.strip()
    if "key_points" in changes and "key_points_from" in question.extra:
        changes["extra"] = {k: v for k, v in question.extra.items() if k != "key_points_from"}
    return dataclasses.replace(question, **changes)
