"""Labelled answers for ``qotd grade eval``: a file of answers with the scores people gave them.

Two kinds of row, in JSON Lines (``.jsonl``) or CSV (``.csv``, a header row):

- a bank row names a question of the bank: ``question`` is its id
  (``content/grading/labelled-answers.jsonl`` is of this kind);
- an inline row carries its question: ``question`` is the question's text and
  ``reference_answer`` the model answer, with optional ``key_points`` (a JSON
  list, or in CSV one cell with the points separated by ``;``; without them the
  reference answer's essential clauses stand in, marked derived, as for an
  imported document), so public short-answer-grading data sets run through the
  same grader.

Every row has ``answer`` and ``score``; ``max_score`` (default 10) rescales the
score to 0..10. Optional: ``id`` (default: the row's line number), ``category``
(e.g. ``buzzwords``), ``negates`` (the id of the row whose statement this row
negates). A row that does not fit is an error naming its line: a data set
with a bad row gives no figures rather than wrong ones.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.domain.questions import Difficulty, KeyPoint, Kind, Question
from bot.questionbank import derive

SCALE = 10.0  # every label is rescaled to 0..SCALE
INLINE_TOPIC = "inline"
CSV_KEY_POINT_SEPARATOR = ";"


class LabelledFileError(ValueError):
    """A labelled-answers file that cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class LabelledAnswer:
    row: str
    line: int
    question: Question
    answer: str
    label: float  # on 0..SCALE
    category: str
    negates: str | None


def read_labelled_answers(path: Path, bank: Callable[[str], Question | None]) -> list[LabelledAnswer]:
    """The rows of ``path``; ``bank`` looks a question id up. ``LabelledFileError`` on any bad row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelledFileError(f"{path}: cannot read it ({exc})") from exc
    records = _csv_records(text) if path.suffix.lower() == ".csv" else _jsonl_records(path, text)
    out: list[LabelledAnswer] = []
    seen: set[str] = set()
    for line, record in records:
        item = _row(path, line, record, bank)
        if item.row in seen:
            raise LabelledFileError(f"{path} line {line}: the id {item.row!r} is used twice")
        seen.add(item.row)
        out.append(item)
    if not out:
        raise LabelledFileError(f"{path}: no rows")
    for item in out:
        if item.negates is not None and item.negates not in seen:
            raise LabelledFileError(
                f"{path} line {item.line}: negates {item.negates!r}, which is not a row of the file"
            )
    return out


def _jsonl_records(path: Path, text: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise LabelledFileError(f"{path} line {number}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise LabelledFileError(f"{path} line {number}: a row must be a JSON object")
        yield number, record


def _csv_records(text: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    for record in reader:
        # A CSV cell of key points stays text: _inline_question splits it.
        yield reader.line_num, {k.strip(): v for k, v in record.items() if k is not None}


def _text(path: Path, line: int, record: Mapping[str, Any], key: str, *, required: bool = True) -> str:
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise LabelledFileError(f"{path} line {line}: {key!r} is missing")
        return ""
    if not isinstance(value, str):
        raise LabelledFileError(f"{path} line {line}: {key!r} must be text")
    return value


def _number(path: Path, line: int, record: Mapping[str, Any], key: str, default: float | None) -> float:
    value = record.get(key)
    if value is None or value == "":
        if default is None:
            raise LabelledFileError(f"{path} line {line}: {key!r} is missing")
        return default
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise LabelledFileError(f"{path} line {line}: {key!r} must be a number, not {value!r}") from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise LabelledFileError(f"{path} line {line}: {key!r} must be a finite number")
    return number


def _row(
    path: Path, line: int, record: Mapping[str, Any], bank: Callable[[str], Question | None]
) -> LabelledAnswer:
    question_field = _text(path, line, record, "question")
    reference = _text(path, line, record, "reference_answer", required=False)
    if reference:
        question = _inline_question(path, line, record, question_field, reference)
    else:
        found = bank(question_field)
        if found is None:
            raise LabelledFileError(
                f"{path} line {line}: no bank question {question_field!r} "
                "(an inline row needs 'reference_answer')"
            )
        if found.kind is Kind.MCQ:
            raise LabelledFileError(
                f"{path} line {line}: {found.id} is multiple choice; the grader grades open answers"
            )
        question = found
    maximum = _number(path, line, record, "max_score", SCALE)
    if maximum <= 0:
        raise LabelledFileError(f"{path} line {line}: 'max_score' must be above 0")
    score = _number(path, line, record, "score", None)
    if not 0 <= score <= maximum:
        raise LabelledFileError(f"{path} line {line}: 'score' {score:g} is outside 0..{maximum:g}")
    row_id = record.get("id")
    negates = record.get("negates")
    return LabelledAnswer(
        row=str(row_id) if row_id not in (None, "") else f"line-{line}",
        line=line,
        question=question,
        answer=_text(path, line, record, "answer", required=False),
        label=score * SCALE / maximum,
        category=str(record.get("category") or ""),
        negates=str(negates) if negates not in (None, "") else None,
    )


def _inline_question(
    path: Path, line: int, record: Mapping[str, Any], prompt: str, reference: str
) -> Question:
    points = record.get("key_points") or []
    if isinstance(points, str):
        points = [p.strip() for p in points.split(CSV_KEY_POINT_SEPARATOR) if p.strip()]
    if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
        raise LabelledFileError(f"{path} line {line}: 'key_points' must be a list of texts")
    # Rows of one question share its id, so counts per question stay right.
    digest = hashlib.sha256(f"{prompt}\0{reference}".encode()).hexdigest()[:10]
    # Without key points the grader uses the reference answer's essential clauses, as for imports.
    given = tuple(KeyPoint(p) for p in points)
    derived = tuple(KeyPoint(p, derived=True) for p in derive.key_points(reference, ""))
    return Question(
        id=f"inline-{digest}",
        kind=Kind.OPEN,
        prompt=prompt,
        short_answer=reference,
        full_answer=reference,
        topic=INLINE_TOPIC,
        difficulty=Difficulty.MEDIUM,
        key_points=given or derived,
    )
