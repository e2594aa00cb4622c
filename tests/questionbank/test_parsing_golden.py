"""Full renderings of chosen questions, compared with reviewed golden files.

Regenerate with ``QOTD_UPDATE_GOLDEN=1 .venv/bin/pytest tests/questionbank/test_parsing_golden.py``
and read every file that changed before committing it.
"""

import dataclasses
import os
import re
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.questionbank.parsing import parse_document

SOURCES = Path(__file__).resolve().parents[2] / "content" / "sources"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("QOTD_UPDATE_GOLDEN") == "1"

# (source, the question's label or the start of its prompt)
CASES = [
    ("qa-node-express-40.txt", "Q-5"),
    ("qa-node-express-40.txt", "Q-19"),
    ("cards-node-backend-24.txt", "card 1"),
    ("cards-node-backend-24.txt", "card 3"),
    ("guide-node-backend-2026.txt", "Explain the Node.js Event Loop"),
    ("guide-node-backend-2026.txt", "MCQ 5"),
    ("guide-node-backend-2026.txt", "Mock Interview Scenario"),
    ("deep-dive-node-backend.md", "Question 1"),
    ("deep-dive-node-backend.md", "Question 4"),
]


class _Dumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks, so a golden file reads like the answer it holds."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _represent_str)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _check(path: Path, data: Any) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000),
            encoding="utf-8",
        )
    assert path.exists(), f"{path.name} is missing: run with QOTD_UPDATE_GOLDEN=1 and review it"
    assert data == yaml.safe_load(path.read_text(encoding="utf-8"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


@pytest.mark.parametrize(("source", "key"), CASES, ids=[f"{s.split('-')[0]}:{k}" for s, k in CASES])
def test_question_renders_as_reviewed(source, key):
    result = parse_document((SOURCES / source).read_text(encoding="utf-8"), name=source)
    (question,) = [q for q in result.questions if q.label == key or q.prompt.startswith(key)]
    _check(GOLDEN / f"{Path(source).stem}--{_slug(key)}.yaml", _plain(question))


def test_syllabus_topics_as_reviewed():
    source = "syllabus-backend-stage2.txt"
    result = parse_document((SOURCES / source).read_text(encoding="utf-8"), name=source)
    _check(GOLDEN / f"{Path(source).stem}--topics.yaml", _plain(result.topics))
