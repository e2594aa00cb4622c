"""Corrections and lint waivers in content/overrides.yaml: applied by the build, listed in report.yaml."""

import shutil
from pathlib import Path

import pytest
import yaml

from bot.domain.questions import Choice, Difficulty, Kind, Question, ScenarioStep
from bot.questionbank.builder import build, stale, write
from bot.questionbank.errors import BankError, BankFileError
from bot.questionbank.overrides import apply_override, load_overrides
from tests.questionbank.content_folders import syllabus_only

ROOT = Path(__file__).resolve().parents[2]

QUESTION = Question(
    id="quiz-ab12cd",
    kind=Kind.MCQ,
    prompt="Which modul runs CPU-bound code??",
    short_answer="worker_threads.",
    full_answer="Executes closeevent callbacks. Then closeevent handlers finish.",
    topic="node-core",
    difficulty=Difficulty.EASY,
    choices=(Choice("A", "clusterforks"), Choice("B", "worker_threads")),
    correct_choice="B",
    explanation="[email protected] leftover",
    steps=(ScenarioStep("Where do you start?", "With thep99 graph"),),
)


def _load(tmp_path: Path, body: str):
    path = tmp_path / "overrides.yaml"
    path.write_text(body)
    return load_overrides(path)


ENTRY = """\
quiz-ab12cd:
  corrections:
    - field: full_answer
      find: closeevent
      replace: close event
      reason: words run together in extraction
    - field: prompt
      find: "modul "
      replace: "module "
      reason: typo
    - field: prompt
      find: "??"
      replace: "?"
      reason: doubled question mark
    - field: choice:A
      find: clusterforks
      replace: cluster forks
      reason: words run together
    - field: step:1.expected
      find: thep99
      replace: the p99
      reason: words run together
    - field: explanation
      find: "[email protected] "
      replace: ""
      reason: e-mail protection left over from the web page
  waive:
    - check: misspelling
      text: libuv
      reason: the name of Node's I/O library
"""


def test_corrections_replace_every_occurrence_in_their_field(tmp_path):
    override = _load(tmp_path, ENTRY)["quiz-ab12cd"]
    changed = apply_override(QUESTION, override)
    assert changed.full_answer == "Executes close event callbacks. Then close event handlers finish."
    assert changed.prompt == "Which module runs CPU-bound code?"
    assert changed.choices == (Choice("A", "cluster forks"), Choice("B", "worker_threads"))
    assert changed.steps == (ScenarioStep("Where do you start?", "With the p99 graph"),)
    assert changed.explanation == "leftover"
    assert changed.short_answer == QUESTION.short_answer
    # The waivers are for the lint, which reads them as written.
    assert override.values["waive"] == [
        {"check": "misspelling", "text": "libuv", "reason": "the name of Node's I/O library"}
    ]


def test_a_correction_whose_text_is_gone_names_the_id_field_text_and_line(tmp_path):
    override = _load(tmp_path, ENTRY.replace("find: thep99", "find: thep95"))["quiz-ab12cd"]
    with pytest.raises(BankFileError) as err:
        apply_override(QUESTION, override)
    message = str(err.value)
    assert "overrides.yaml:1: quiz-ab12cd: correction target gone" in message
    assert "step:1.expected" in message
    assert "'thep95'" in message


def test_a_correction_of_a_field_the_question_lacks_is_an_error(tmp_path):
    override = _load(tmp_path, ENTRY.replace("field: choice:A", "field: choice:F"))["quiz-ab12cd"]
    with pytest.raises(
        BankFileError, match="quiz-ab12cd: correction of choice:F: the question has no choice:F"
    ):
        apply_override(QUESTION, override)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("corrections: []", "corrections must be a list"),
        ("corrections: [{field: prompt, find: a, replace: b}]", r"missing \['reason'\]"),
        ("corrections: [{field: prompt, find: a, replace: b, reason: r, why: x}]", r"unknown \['why'\]"),
        (
            "corrections: [{field: key_points, find: a, replace: b, reason: r}]",
            "field 'key_points' is not one of",
        ),
        (
            "corrections: [{field: prompt, find: '', replace: b, reason: r}]",
            "find must be a non-empty string",
        ),
        ("corrections: [{field: prompt, find: a, replace: a, reason: r}]", "find and replace are the same"),
        ("corrections: [{field: prompt, find: a, replace: b, reason: ' '}]", "reason must be a non-empty"),
        ("waive: [{check: spelling, text: libuv}]", r"waive: items take check, text, reason; missing"),
        ("waive: [libuv]", "waive: items must be mappings"),
        ("waive: {check: a}", "waive must be a list"),
    ],
)
def test_badly_shaped_corrections_and_waivers_are_refused(tmp_path, entry, message):
    with pytest.raises(BankFileError, match=f"overrides.yaml:1: quiz-ab12cd: .*{message}"):
        _load(tmp_path, f"quiz-ab12cd:\n  {entry}\n")


def test_a_field_written_out_and_corrected_at_once_is_refused(tmp_path):
    body = "quiz-ab12cd:\n  prompt: A new prompt\n  corrections:\n"
    body += "    - {field: prompt, find: a, replace: b, reason: r}\n"
    with pytest.raises(BankFileError, match="prompt is both written out and corrected"):
        _load(tmp_path, body)


NOTES = """\
# My notes

## What does the event loop do?

It executes closeevent callbacks in the close phase, after closeevent handlers are registered.

## What is a closure?

A function together with the variables of the scope it was created in.
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder of the real syllabus and taxonomy and one small document of two questions."""
    folder = syllabus_only(tmp_path)
    (folder / "sources" / "notes.md").write_text(NOTES, encoding="utf-8")
    write(folder, build(folder))
    return folder


def _ids(content: Path) -> tuple[str, str]:
    loop, closure = (q.id for q in build(content).questions)
    return loop, closure


def test_the_build_applies_corrections_and_reports_them_with_the_waivers(content):
    loop, closure = _ids(content)
    (content / "overrides.yaml").write_text(
        f"""\
{loop}:
  editor_note: A note.
  corrections:
    - field: full_answer
      find: closeevent
      replace: close event
      reason: words run together in extraction
  waive:
    - {{check: run-together, text: setImmediate, reason: an API name}}
{closure}:
  daily: false
""",
        encoding="utf-8",
    )
    result = build(content)
    by_id = {q.id: q for q in result.questions}
    assert by_id[loop].full_answer == (
        "It executes close event callbacks in the close phase, after close event handlers are registered."
    )
    assert by_id[loop].editor_note == "A note."
    assert by_id[closure].daily is False
    report = yaml.safe_load(result.files["bank/report.yaml"])
    assert report["corrections"] == [
        {
            "id": loop,
            "field": "full_answer",
            "find": "closeevent",
            "replace": "close event",
            "reason": "words run together in extraction",
        }
    ]
    assert report["lint_waivers"] == [
        {"id": loop, "check": "run-together", "text": "setImmediate", "reason": "an API name"}
    ]
    # Built on top of its own output, the corrected bank is the same: ids and text are stable.
    write(content, result)
    assert stale(content, build(content)) == []
    notes = (content / "bank" / "notes.yaml").read_text(encoding="utf-8")
    assert "daily: false" in notes
    assert "editor_note: A note." in notes


def test_a_card_whose_answer_is_largely_corrected_keeps_its_id(tmp_path):
    # The answer cards lost their prompts, so the registry (the last build, corrected) matches them
    # to the fresh parse by the answer's text: as the source had it, not as corrected.
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    real = yaml.safe_load((content / "overrides.yaml").read_text(encoding="utf-8"))
    entries = {qid: {"prompt": e["prompt"]} for qid, e in real.items() if "prompt" in e}
    card = next(qid for qid in entries if qid.startswith("cards24-"))
    # An id kept through an earlier edit of the source: no longer the hash of the card's text.
    kept = "cards24-0ld1d0"
    bank_file = content / "bank" / "cards-node-backend-24.yaml"
    bank_file.write_text(bank_file.read_text(encoding="utf-8").replace(card, kept), encoding="utf-8")
    entries[kept] = entries.pop(card)
    _write_overrides(content, entries)
    first = build(content)
    answer = next(q.full_answer for q in first.questions if q.id == kept)
    entries[kept]["corrections"] = [
        {"field": "full_answer", "find": answer, "replace": "Quite different words. " * 4, "reason": "r"}
    ]
    _write_overrides(content, entries)
    write(content, build(content))
    rebuilt = build(content)
    assert kept in {q.id for q in rebuilt.questions}
    assert stale(content, rebuilt) == []


def _write_overrides(content: Path, entries: dict[str, object]) -> None:
    (content / "overrides.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")


def test_the_build_stops_on_a_correction_whose_target_is_gone(content):
    loop, _ = _ids(content)
    (content / "overrides.yaml").write_text(
        f"""\
{loop}:
  corrections:
    - {{field: full_answer, find: no such text anywhere, replace: x, reason: r}}
""",
        encoding="utf-8",
    )
    with pytest.raises(
        BankError, match=f"{loop}: correction target gone: full_answer .*'no such text anywhere'"
    ):
        build(content)
