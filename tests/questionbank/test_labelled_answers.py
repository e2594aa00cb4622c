"""Reading labelled-answer files for `qotd grade eval`: bank rows, inline rows, CSV, clear errors."""

import json
from pathlib import Path

import pytest

from bot.domain.questions import Difficulty, KeyPoint, Kind, Question
from bot.questionbank.labelled_answers import LabelledFileError, read_labelled_answers

EVENT_LOOP = Question(
    id="qa40-0e7f92",
    kind=Kind.OPEN,
    prompt="What is the event loop?",
    short_answer="It runs callbacks when the call stack is empty.",
    full_answer="It runs callbacks when the call stack is empty.",
    topic="node",
    difficulty=Difficulty.EASY,
    key_points=("runs callbacks when the call stack is empty",),
)
BANK = {EVENT_LOOP.id: EVENT_LOOP}


def _jsonl(tmp_path: Path, *rows: dict) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_bank_rows_find_their_question_and_keep_category_and_negation(tmp_path):
    path = _jsonl(
        tmp_path,
        {"id": "e1", "question": "qa40-0e7f92", "category": "strong", "score": 9, "answer": "It blocks."},
        {
            "id": "e2",
            "question": "qa40-0e7f92",
            "category": "negated",
            "score": 1,
            "answer": "x",
            "negates": "e1",
        },
    )
    rows = read_labelled_answers(path, BANK.get)
    assert [r.question for r in rows] == [EVENT_LOOP, EVENT_LOOP]
    assert [(r.row, r.category, r.label, r.negates) for r in rows] == [
        ("e1", "strong", 9.0, None),
        ("e2", "negated", 1.0, "e1"),
    ]


def test_inline_rows_carry_their_question_and_rescale_the_score(tmp_path):
    row = {
        "question": "What is a closure?",
        "reference_answer": "A function with the scope it was made in.",
        "key_points": ["function keeps its scope"],
        "answer": "a function that remembers variables",
        "score": 2,
        "max_score": 5,
    }
    first, second = read_labelled_answers(_jsonl(tmp_path, row, row | {"score": 5}), BANK.get)
    assert first.question.prompt == "What is a closure?"
    assert first.question.key_points == (KeyPoint("function keeps its scope"),)
    assert first.question.id == second.question.id  # one question, counted once
    assert (first.label, second.label) == (4.0, 10.0)
    assert first.row == "line-1"


def test_csv_rows_split_key_points_on_semicolons(tmp_path):
    path = tmp_path / "set.csv"
    path.write_text(
        "question,reference_answer,key_points,answer,score,max_score\n"
        '"What is REST?","An architectural style over HTTP.","stateless; resources have URLs",'
        '"stateless calls on resources",3,3\n'
    )
    (row,) = read_labelled_answers(path, BANK.get)
    assert row.question.key_points == (KeyPoint("stateless"), KeyPoint("resources have URLs"))
    assert row.label == 10.0
    assert row.line == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"question": "nope", "answer": "a", "score": 3}, "line 1: no bank question 'nope'"),
        ({"question": "qa40-0e7f92", "answer": "a"}, "line 1: 'score' is missing"),
        ({"question": "qa40-0e7f92", "answer": "a", "score": 11}, "'score' 11 is outside 0..10"),
        ({"question": "qa40-0e7f92", "answer": "a", "score": "ten"}, "'score' must be a number"),
        ({"question": "qa40-0e7f92", "answer": "a", "score": 1, "negates": "zz"}, "negates 'zz'"),
    ],
)
def test_a_bad_row_is_an_error_naming_its_line(tmp_path, row, message):
    with pytest.raises(LabelledFileError, match=message):
        read_labelled_answers(_jsonl(tmp_path, row), BANK.get)


def test_a_row_that_is_not_json_names_its_line(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"question": "qa40-0e7f92", "answer": "a", "score": 1}\n{oops\n')
    with pytest.raises(LabelledFileError, match="line 2: not JSON"):
        read_labelled_answers(path, BANK.get)


def test_the_same_id_twice_is_an_error(tmp_path):
    row = {"id": "x", "question": "qa40-0e7f92", "answer": "a", "score": 1}
    with pytest.raises(LabelledFileError, match="'x' is used twice"):
        read_labelled_answers(_jsonl(tmp_path, row, row), BANK.get)


def test_an_inline_row_without_key_points_is_graded_on_the_reference_answers_clauses(tmp_path):
    row = {
        "question": "What is a closure?",
        "reference_answer": (
            "A closure is a function that keeps access to the variables of its outer scope, "
            "even after the outer function has returned; closures are used to keep data private."
        ),
        "answer": "x",
        "score": 1,
    }
    (item,) = read_labelled_answers(_jsonl(tmp_path, row), BANK.get)
    assert [p.point for p in item.question.key_points] == [
        "A closure is a function that keeps access to the variables of its outer scope, "
        "even after the outer function has returned",
        "closures are used to keep data private.",
    ]
    assert all(p.derived for p in item.question.key_points)
