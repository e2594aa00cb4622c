"""Bank files (YAML) as a hostile uploader writes them: bombs, duplicates, depth, oversized fields.

Each is refused quickly, with a short message that names the line, and the caps
of the schema are the ones every seed question fits.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

from bot.questionbank.bank import load_bank
from bot.questionbank.bankfile import parse_bank_text
from bot.questionbank.errors import BankFileError, BankFileRefused
from bot.questionbank.limits import QUESTION_CAPS, UPLOAD_LIMITS, question_problems
from bot.questionbank.schema import BANK_FILE_SCHEMA, schema_json
from bot.settings import PROJECT_ROOT
from tests.db.builders import question

PATH = Path("team.yaml")
TOPIC = "node-js-core-runtime-fundamentals"


def alias_bomb(levels: int) -> str:
    """The 530-byte file of the issue: each level a list of nine aliases of the one before."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\nquestions: *a9\n"


def one_question(**fields: object) -> str:
    q = {
        "id": "team-one",
        "kind": "open",
        "topic": TOPIC,
        "difficulty": "easy",
        "prompt": "What is a closure?",
        "full_answer": "A function with its scope.",
        **fields,
    }
    return yaml.safe_dump({"questions": [q]}, sort_keys=False)


def refused(text: str) -> BankFileError:
    with pytest.raises(BankFileError) as caught:
        parse_bank_text(PATH, text)
    return caught.value


def test_an_alias_bomb_of_nine_levels_is_refused_at_once_with_a_short_message():
    text = alias_bomb(9)
    assert len(text) < 600

    started = time.perf_counter()
    error = refused(text)
    elapsed = time.perf_counter() - started

    assert isinstance(error, BankFileRefused)
    assert elapsed < 0.5
    assert error.line == 1  # the first anchor
    assert "anchors and aliases (& and *) are not allowed" in error.problem
    assert len(str(error)) < 200


def test_a_single_anchor_or_alias_is_refused_too():
    anchored = one_question().replace("prompt: What is a closure?", "prompt: &p What is a closure?")
    assert "anchors and aliases" in refused(anchored).problem
    error = refused("x: &x 1\nquestions: [*x]\n")
    assert error.line == 1


def test_a_key_written_twice_is_refused_with_both_lines():
    text = one_question() + "  prompt: A second prompt?\n"

    error = refused(text)

    assert "the key 'prompt' appears twice in one mapping (first on line 6); keep one" in error.problem
    assert error.line == 8


def test_a_choice_letter_used_twice_is_refused_with_its_line():
    text = one_question(
        kind="mcq",
        choices=[{"key": "A", "text": "yes"}, {"key": "B", "text": "no"}, {"key": "A", "text": "maybe"}],
        correct_choice="A",
    )

    error = refused(text)

    assert "the choice A appears more than once" in error.problem
    lines = text.splitlines()
    assert error.line == max(i for i, line in enumerate(lines, 1) if line.endswith("key: A"))


def test_nesting_past_the_depth_limit_is_refused_before_anything_is_built():
    deep = "questions: " + "[" * (UPLOAD_LIMITS.yaml_depth + 5) + "]" * (UPLOAD_LIMITS.yaml_depth + 5) + "\n"
    error = refused(deep)
    assert isinstance(error, BankFileRefused)
    assert f"nested more than {UPLOAD_LIMITS.yaml_depth} deep" in error.problem
    # Deep enough to break a recursive reader: refused at the limit, not by a RecursionError.
    assert isinstance(refused("questions: " + "[" * 100_000 + "\n"), BankFileRefused)


def test_too_many_values_and_an_oversized_text_are_refused_by_their_limit():
    many = "questions: [" + ", ".join(["1"] * (UPLOAD_LIMITS.yaml_nodes + 1)) + "]\n"
    assert f"more than {UPLOAD_LIMITS.yaml_nodes:,} YAML values" in refused(many).problem
    long_text = one_question(full_answer="x" * (UPLOAD_LIMITS.yaml_scalar_chars + 1))
    error = refused(long_text)
    assert isinstance(error, BankFileRefused)
    assert f"the limit is {UPLOAD_LIMITS.yaml_scalar_chars:,}" in error.problem


def test_a_schema_error_names_the_path_and_rule_never_the_value():
    # A wrong type under a large value: the message must not carry (a repr of) the value.
    text = yaml.safe_dump({"questions": [["padding " * 50] * 200]})

    error = refused(text)

    assert error.problem == "questions/0: should be an object"
    assert error.line == 2
    long_prompt = refused(one_question(prompt="Why? " * 300)).problem
    assert long_prompt == "questions/0/prompt: is 1,500 characters long; the limit is 1,000"


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"key_points": ["point"] * 13}, "questions/0/key_points: has 13 entries; the limit is 12"),
        ({"key_points": ["p" * 301]}, "questions/0/key_points/0: is 301 characters long; the limit is 300"),
        ({"follow_ups": ["Why?"] * 11}, "questions/0/follow_ups: has 11 entries; the limit is 10"),
        (
            {"kind": "mcq", "correct_choice": "A", "choices": [{"key": "A", "text": "only one"}]},
            "questions/0/choices: has 1 entries; at least 2 are needed",
        ),
        (
            {"kind": "mcq", "correct_choice": "A", "choices": [{"key": k, "text": "c" * 201} for k in "AB"]},
            "questions/0/choices/0/text: is 201 characters long; the limit is 200",
        ),
        (
            {"kind": "scenario", "steps": [{"prompt": "Then?", "expected": "e"} for _ in range(9)]},
            "questions/0/steps: has 9 entries; the limit is 8",
        ),
        (
            {"short_answer": "s" * 1001},
            "questions/0/short_answer: is 1,001 characters long; the limit is 1,000",
        ),
        (
            {"explanation": "e" * 2001},
            "questions/0/explanation: is 2,001 characters long; the limit is 2,000",
        ),
        ({"tags": ["t"] * 21}, "questions/0/tags: has 21 entries; the limit is 20"),
    ],
    ids=[
        "key-points",
        "key-point",
        "follow-ups",
        "choices-few",
        "choice",
        "steps",
        "short",
        "explanation",
        "tags",
    ],
)
def test_every_field_is_capped_by_the_schema(fields, says):
    assert refused(one_question(**fields)).problem == says


def test_every_seed_question_fits_the_caps_and_the_shipped_schema_is_the_python_one():
    bank = load_bank(PROJECT_ROOT / "content" / "bank")  # validates every file against the schema
    assert bank.questions
    assert [q.id for q in bank.questions if question_problems(q)] == []
    shipped = (PROJECT_ROOT / "content" / "schema" / "question-bank.schema.json").read_text()
    assert shipped == schema_json()
    props = json.loads(shipped)["properties"]["questions"]
    assert props["maxItems"] == QUESTION_CAPS.questions_per_file
    assert props["items"]["properties"]["prompt"]["maxLength"] == QUESTION_CAPS.prompt.chars
    assert BANK_FILE_SCHEMA["properties"]["questions"]["items"]["properties"]["key_points"]["maxItems"] == 12


def test_a_parsed_question_is_checked_against_the_same_caps():
    q = question("g1-abcdefabcdef", prompt="Why? " * 250, key_points=("kp",) * 13)
    assert question_problems(q) == [
        "the prompt is 1,250 characters long; the limit is 1,000",
        "it has 13 key points; the limit is 12",
    ]


def test_a_bank_file_of_more_questions_than_a_file_may_hold_is_refused_as_too_large():
    questions = [
        {
            "id": f"team-q{i}",
            "kind": "open",
            "topic": TOPIC,
            "difficulty": "easy",
            "prompt": f"Question {i}?",
            "full_answer": "Yes.",
        }
        for i in range(QUESTION_CAPS.questions_per_file + 1)
    ]

    error = refused(yaml.safe_dump({"questions": questions}))

    assert isinstance(error, BankFileRefused)
    assert error.problem == "questions: has 501 entries; the limit is 500"
