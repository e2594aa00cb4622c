"""The editorial fields of a question: editor's note, daily, subtopics and why a choice is wrong.

They travel through bank files (generated and hand-written), overrides and the database's form unchanged.
"""

from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli_commands.bank import render_text
from bot.db.question_codec import question_body, question_columns, question_from_columns
from bot.domain.questions import Choice, Difficulty, Kind, Question, ScenarioStep, Topic
from bot.questionbank.bank import Bank
from bot.questionbank.bankfile import parse_bank_text, question_to_dict, render_bank_file
from bot.questionbank.errors import BankFileError
from bot.questionbank.overrides import apply_override, load_overrides

MCQ = Question(
    id="quiz-ab12cd",
    kind=Kind.MCQ,
    prompt="Which module runs CPU-bound JavaScript off the main thread?",
    short_answer="worker_threads.",
    full_answer="`worker_threads` runs JavaScript in parallel threads.",
    topic="node-core",
    difficulty=Difficulty.EASY,
    choices=(Choice("A", "cluster", why="cluster forks whole processes."), Choice("B", "worker_threads")),
    correct_choice="B",
    explanation="Worker threads share the process.",
    editor_note="The seed calls `cluster` a thread pool; it forks **processes**.",
    daily=False,
    subtopics=("worker-threads", "event-loop"),
)

SCENARIO = Question(
    id="quiz-sc0001",
    kind=Kind.SCENARIO,
    prompt="Diagnose high latency",
    short_answer="Measure first.",
    full_answer="Start with metrics, then profile.",
    topic="node-core",
    difficulty=Difficulty.HARD,
    steps=(ScenarioStep("Where do you start?", "With the p99 latency graph"),),
)


def test_editorial_fields_round_trip_through_a_bank_file():
    text = render_bank_file("quiz.md", "mcq", [MCQ, SCENARIO])
    assert parse_bank_text(Path("quiz.yaml"), text).questions == [MCQ, SCENARIO]
    data = question_to_dict(MCQ)
    assert data["daily"] is False
    assert data["editor_note"] == MCQ.editor_note
    assert data["subtopics"] == ["worker-threads", "event-loop"]
    # why is written on the option that has one, and only there.
    assert data["choices"] == [
        {"key": "A", "text": "cluster", "why": "cluster forks whole processes."},
        {"key": "B", "text": "worker_threads"},
    ]


def test_defaults_are_left_out_of_a_bank_file():
    data = question_to_dict(SCENARIO)
    assert not {"daily", "editor_note", "subtopics"} & set(data)


HAND_WRITTEN = """\
questions:
  - id: team-closures
    kind: mcq
    topic: node-core
    subtopics: [closures]
    difficulty: medium
    daily: false
    prompt: What does a closure keep?
    full_answer: The variables of the scope it was created in.
    editor_note: Not a copy of them; the variables themselves.
    choices:
      - {key: A, text: A copy of the outer values, why: "It keeps the variables, not copies."}
      - {key: B, text: The outer variables}
    correct_choice: B
"""


def test_a_hand_written_file_takes_the_editorial_keys(tmp_path):
    (q,) = parse_bank_text(tmp_path / "team.yaml", HAND_WRITTEN).questions
    assert q.daily is False
    assert q.subtopics == ("closures",)
    assert q.editor_note == "Not a copy of them; the variables themselves."
    assert q.choice("A") == Choice("A", "A copy of the outer values", "It keeps the variables, not copies.")
    assert q.choice("B").why == ""


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (("subtopics: [closures]", "subtopics: [Closures And Scope]"), "subtopics"),
        (("daily: false", "daily: nope"), "daily"),
        (("subtopics: [closures]", "subtopics: [a, b, c, d]"), "subtopics"),
    ],
)
def test_a_hand_written_file_with_a_bad_editorial_value_is_refused(tmp_path, change, where):
    with pytest.raises(BankFileError, match=where):
        parse_bank_text(tmp_path / "team.yaml", HAND_WRITTEN.replace(*change))


def test_the_database_form_keeps_the_editorial_fields():
    columns = question_columns(MCQ)
    assert question_from_columns(id=MCQ.id, group_key=MCQ.group, **_row(columns)) == MCQ
    assert columns["body"]["daily"] is False


def test_a_question_without_editorial_fields_stores_the_body_it_had_before_them():
    # Unchanged hashes: a deploy with these fields does not rewrite every stored question.
    assert set(question_body(SCENARIO)) == {
        "short_answer",
        "full_answer",
        "key_points",
        "tags",
        "choices",
        "correct_choice",
        "explanation",
        "steps",
        "follow_ups",
        "source",
        "extra",
    }
    old_form = question_body(replace(MCQ, editor_note="", daily=True, subtopics=()))["choices"]
    assert old_form[1] == {"key": "B", "text": "worker_threads"}


def _row(columns: dict[str, object]) -> dict[str, object]:
    return {k: columns[k] for k in ("kind", "topic", "difficulty", "prompt", "body")}


def _overrides(tmp_path: Path, body: str):
    path = tmp_path / "overrides.yaml"
    path.write_text(body)
    return load_overrides(path)


PLAIN = replace(
    MCQ, editor_note="", daily=True, subtopics=(), choices=(Choice("A", "cluster"), Choice("B", "wt"))
)


def test_an_override_sets_note_daily_subtopics_and_why_wrong(tmp_path):
    overrides = _overrides(
        tmp_path,
        f"""\
{PLAIN.id}:
  editor_note: "  cluster forks processes.  "
  daily: false
  subtopics: [worker-threads]
  why_wrong:
    A: cluster forks processes, each with its own event loop.
  reason: the seed mixes up processes and threads
""",
    )
    changed = apply_override(PLAIN, overrides[PLAIN.id])
    assert changed.editor_note == "cluster forks processes."
    assert changed.daily is False
    assert changed.subtopics == ("worker-threads",)
    assert changed.choice("A").why == "cluster forks processes, each with its own event loop."
    assert changed.choice("B").why == ""


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("daily: 'no'", "daily must be true or false"),
        ("subtopics: [Event Loop]", "kebab-case"),
        ("subtopics: []", "1 to 3 slugs"),
        ("subtopics: [a, b, c, d]", "1 to 3 slugs"),
        ("editor_note: ''", "editor_note must be a non-empty string"),
        ("editor_note: " + "x" * 1001, "editor_note is 1,001 characters long"),
        ("why_wrong: {Z: nope}", "choice letter"),
        ("why_wrong: [A]", "why_wrong must map"),
    ],
)
def test_bad_editorial_overrides_are_refused_with_the_id(tmp_path, entry, message):
    with pytest.raises(BankFileError, match=f"overrides.yaml:1: quiz-ab12cd: .*{message}"):
        _overrides(tmp_path, f"quiz-ab12cd:\n  {entry}\n")


@pytest.mark.parametrize("letter", ["B", "E"])
def test_why_wrong_is_only_for_wrong_choices(tmp_path, letter):
    overrides = _overrides(tmp_path, f"{PLAIN.id}:\n  why_wrong: {{{letter}: because}}\n")
    with pytest.raises(BankFileError, match=f"why_wrong: {letter} is"):
        apply_override(PLAIN, overrides[PLAIN.id])


def test_bank_show_prints_the_editorial_fields():
    text = render_text(
        MCQ, Bank(questions=(MCQ,), topics=(Topic("node-core", 1, "Node.js core"),), groups={})
    )
    assert "  A) cluster\n     why not: cluster forks whole processes." in text
    assert f"Editor's note: {MCQ.editor_note}" in text
    assert "Subtopics: worker-threads, event-loop" in text
    assert "Not in the daily rotation" in text
