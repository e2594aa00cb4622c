"""`qotd bank lint` as an editor runs it: findings grouped by question or as JSON, and its exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.questionbank.bankfile import dump_yaml
from tests.questionbank.test_lint import DEFECTS, question

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "node-js-core-runtime-fundamentals"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with a one-topic bank holding a clean question and one with a run-together word."""
    folder = tmp_path / "content"
    bank = folder / "bank"
    bank.mkdir(parents=True)
    (folder / "lint").mkdir()
    (folder / "lint" / "vocabulary.txt").write_text("libuv\n")
    (bank / "topics.yaml").write_text(dump_yaml({"topics": [{"id": TOPIC, "number": 1, "title": "Node.js"}]}))
    words = next(q for q in DEFECTS if q["id"] == "words-one")
    (bank / "pack.yaml").write_text(dump_yaml({"questions": [question("clean-one"), words]}))
    return folder


def lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["bank", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_findings_exit_1_and_print_as_a_json_list(content, capsys):
    code, out, _ = lint(capsys, "--content", str(content), "lint", "--json")

    assert code == 1
    findings = json.loads(out)
    assert isinstance(findings, list)
    assert all(set(f) == {"check", "id", "field", "text", "message"} for f in findings)
    assert {(f["check"], f["id"], f["field"], f["text"]) for f in findings} == {
        ("misspelling", "words-one", "prompt", "diference"),
        ("run-together", "words-one", "full_answer", "closeevent"),
        ("run-together", "words-one", "full_answer", "dynamicallyimport()CJS"),
        ("run-together", "words-one", "full_answer", "dynamicallyimport()"),
    }
    closeevent = next(f for f in findings if f["text"] == "closeevent")
    assert "close event" in closeevent["message"]


def test_text_output_groups_findings_under_their_question_and_counts_them(content, capsys):
    code, out, _ = lint(capsys, "--content", str(content), "lint")

    assert code == 1
    lines = out.splitlines()
    header = lines.index("words-one  What is the diference between the event loop and a thread?")
    assert lines[header + 1].split()[:2] == ["run-together", "full_answer"]
    assert "clean-one" not in out
    assert lines[-1].startswith("4 findings in 1 of 2 questions: 3 run-together, 1 misspelling")


def test_a_clean_file_exits_0(content, tmp_path, capsys):
    clean = tmp_path / "clean.yaml"
    clean.write_text(dump_yaml({"questions": [question("clean-one")]}))

    code, out, _ = lint(capsys, "--content", str(content), "lint", str(clean))

    assert code == 0
    assert out.strip() == "no findings in 1 questions"
    code, out, _ = lint(capsys, "--content", str(content), "lint", "--json", str(clean))
    assert (code, json.loads(out)) == (0, [])


def test_waived_findings_are_counted_and_a_fully_waived_bank_exits_0(content, capsys):
    (content / "overrides.yaml").write_text(
        "words-one:\n  waive:\n"
        "    - {check: misspelling, text: diference, reason: kept as the seed spells it}\n"
        "    - {check: run-together, text: closeevent, reason: test}\n"
        "    - {check: run-together, text: dynamicallyimport(), reason: test}\n"
    )

    code, out, _ = lint(capsys, "--content", str(content), "lint")

    assert code == 0
    assert out.strip() == "no findings in 2 questions (4 waived)"


def test_the_bank_option_names_the_folder_and_overrides_come_from_beside_it(content, tmp_path, capsys):
    moved = tmp_path / "elsewhere" / "bank"
    moved.parent.mkdir()
    (content / "bank").rename(moved)
    (moved.parent / "overrides.yaml").write_text(
        "words-one:\n  waive:\n    - {check: misspelling, text: diference, reason: test}\n"
    )

    code, out, _ = lint(capsys, "lint", "--json", "--bank", str(moved))

    assert code == 1
    assert "diference" not in out
    assert "closeevent" in out


def test_a_source_document_is_read_as_the_build_reads_it(tmp_path, capsys):
    doc = tmp_path / "notes.md"
    doc.write_text(
        "# Notes\n\n## What does the close phase run?\n\n"
        "The close callbacks phase executes closeevent callbacks, such as a socket's close handler.\n"
    )

    code, out, _ = lint(capsys, "--content", str(ROOT / "content"), "lint", "--json", str(doc))

    assert code == 1
    found = json.loads(out)
    assert ("run-together", "full_answer", "closeevent") in {
        (f["check"], f["field"], f["text"]) for f in found
    }
    assert all(f["id"] == found[0]["id"] and f["id"].startswith("notes-") for f in found)


@pytest.mark.parametrize(
    ("name", "text"),
    [("missing.yaml", None), ("broken.yaml", "questions: [\n"), ("wrong.yaml", "questions:\n- id: x\n")],
)
def test_a_file_that_cannot_be_read_exits_2_and_says_why(content, tmp_path, capsys, name, text):
    path = tmp_path / name
    if text is not None:
        path.write_text(text)

    code, out, err = lint(capsys, "--content", str(content), "lint", str(path))

    assert code == 2
    assert out == ""
    assert name in err
