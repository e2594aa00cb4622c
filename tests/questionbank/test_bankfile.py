"""Bank files: hand-written YAML loads like generated YAML; mistakes name the file and line."""

import json

import jsonschema
import pytest

from bot.domain.questions import Choice, Difficulty, KeyPoint, Kind, Question, SourceRef
from bot.questionbank.bankfile import parse_bank_text, question_to_dict, render_bank_file
from bot.questionbank.errors import BankFileError
from bot.questionbank.overrides import apply_override, load_overrides
from bot.questionbank.schema import BANK_FILE_SCHEMA, schema_json

MCQ = Question(
    id="quiz-ab12cd",
    kind=Kind.MCQ,
    prompt="Which module runs CPU-bound JavaScript off the main thread?",
    short_answer="worker_threads.",
    full_answer="`worker_threads` runs JavaScript in parallel threads.\n\n```js\nnew Worker('./w.js')\n```",
    topic="node-core",
    difficulty=Difficulty.EASY,
    choices=(Choice("A", "cluster"), Choice("B", "worker_threads")),
    correct_choice="B",
    explanation="cluster forks processes.",
    source=SourceRef("quiz.md", 3, 9),
    extra={"label": "1"},
)

HAND_WRITTEN = """\
# my team's questions
questions:
  - id: team-closures
    kind: open
    topic: node-core
    difficulty: medium
    prompt: What is a closure?
    short_answer: A function that remembers its scope.
    full_answer: |
      A closure is a function together with the variables of the scope it was created in.
    key_points: [function, remembers outer scope]
"""


def test_a_question_round_trips_through_yaml_unchanged():
    text = render_bank_file("quiz.md", "mcq", [MCQ])
    loaded = parse_bank_text(__import__("pathlib").Path("quiz.yaml"), text)
    assert loaded.generated
    assert loaded.questions == [MCQ]
    assert loaded.questions[0].extra == {"label": "1"}
    # Same questions, same bytes: the build is reproducible.
    assert render_bank_file("quiz.md", "mcq", loaded.questions) == text


def test_hand_written_file_loads_like_a_generated_one(tmp_path):
    loaded = parse_bank_text(tmp_path / "team.yaml", HAND_WRITTEN)
    assert not loaded.generated
    (q,) = loaded.questions
    assert q.id == "team-closures"
    assert q.kind is Kind.OPEN
    assert q.key_points == (KeyPoint("function"), KeyPoint("remembers outer scope"))


def test_schema_error_names_file_line_and_field(tmp_path):
    broken = HAND_WRITTEN.replace("difficulty: medium", "difficulty: tricky")
    with pytest.raises(BankFileError) as err:
        parse_bank_text(tmp_path / "team.yaml", broken)
    assert err.value.line == 6
    assert "team.yaml:6" in str(err.value)
    assert "difficulty" in str(err.value)


def test_malformed_yaml_names_file_and_line(tmp_path):
    broken = HAND_WRITTEN.replace("kind: open", "kind: [open")
    with pytest.raises(BankFileError) as err:
        parse_bank_text(tmp_path / "team.yaml", broken)
    assert "team.yaml:" in str(err.value)
    assert err.value.line is not None
    assert 4 <= err.value.line <= 7


def test_mcq_needs_its_correct_choice_among_the_choices(tmp_path):
    d = question_to_dict(MCQ)
    d["correct_choice"] = "D"
    text = json.dumps({"questions": [d]})
    with pytest.raises(BankFileError, match="correct_choice D is not one of its choices"):
        parse_bank_text(tmp_path / "q.yaml", text)


def test_shipped_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_json()))
    assert json.loads(schema_json()) == BANK_FILE_SCHEMA


def test_overrides_replace_fields_and_reject_unknown_fields(tmp_path):
    path = tmp_path / "overrides.yaml"
    path.write_text(
        "quiz-ab12cd:\n  prompt: Which Node.js module is for CPU-bound work?\n  difficulty: medium\n"
    )
    overrides = load_overrides(path)
    changed = apply_override(MCQ, overrides["quiz-ab12cd"])
    assert changed.prompt == "Which Node.js module is for CPU-bound work?"
    assert changed.difficulty is Difficulty.MEDIUM
    assert changed.full_answer == MCQ.full_answer

    path.write_text("quiz-ab12cd:\n  prompt: ok\nother-1:\n  colour: blue\n")
    with pytest.raises(BankFileError, match=r"overrides.yaml:3: other-1: unknown field 'colour'"):
        load_overrides(path)
