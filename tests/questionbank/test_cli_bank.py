"""`qotd bank ...` and `qotd grade` as a person at a terminal uses them."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.questionbank.content_folders import SEED_DOCUMENTS

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


def qotd(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        timeout=120,
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def test_parse_prints_normalized_questions_as_json(tmp_path):
    doc = tmp_path / "notes.md"
    doc.write_text(
        "# My notes\n\n## What is a closure?\n\nA closure is a function that remembers its scope.\n\n"
        "## What is hoisting?\n\nDeclarations are moved to the top of their scope before execution.\n"
    )
    proc = qotd("bank", "parse", str(doc), "--json")
    assert proc.returncode == 0, proc.stderr
    questions = json.loads(proc.stdout)
    assert [q["prompt"] for q in questions] == ["What is a closure?", "What is hoisting?"]
    assert {"id", "kind", "topic", "difficulty", "short_answer", "full_answer"} <= set(questions[0])
    assert "format markdown-headings" in proc.stderr


def test_parse_of_a_seed_reports_skipped_blocks(tmp_path):
    proc = qotd("bank", "parse", str(CONTENT / "sources" / "qa-node-express-40.txt"), "--json")
    assert proc.returncode == 0
    assert len(json.loads(proc.stdout)) == 40
    assert "self-introduction" in proc.stderr


def test_a_document_with_no_questions_exits_2_with_a_clear_message(tmp_path):
    doc = tmp_path / "shopping.txt"
    doc.write_text("eggs\nmilk\nbread\n")
    proc = qotd("bank", "parse", str(doc), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "shopping.txt" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_check_fails_when_a_source_changed_and_build_fixes_it(content):
    source = content / "sources" / "qa-node-express-40.txt"
    source.write_text(source.read_text().replace("What is Closure?", "What is a closure in JavaScript?"))
    stale = qotd("bank", "--content", str(content), "build", "--check")
    assert stale.returncode == 1
    assert "qa-node-express-40.yaml" in stale.stderr
    built = qotd("bank", "--content", str(content), "build")
    assert built.returncode == 0, built.stderr
    assert qotd("bank", "--content", str(content), "build", "--check").returncode == 0
    # The edited question kept its id: overrides and members' history still point at it.
    old = (CONTENT / "bank" / "qa-node-express-40.yaml").read_text()
    new = (content / "bank" / "qa-node-express-40.yaml").read_text()
    assert old.replace("What is Closure?", "What is a closure in JavaScript?").count(
        "id: qa40-"
    ) == new.count("id: qa40-")
    assert "qa40-006419" in new


def test_a_hand_written_file_is_loaded_and_a_broken_one_is_named(content):
    good = content / "bank" / "team.yaml"
    good.write_text(
        "questions:\n"
        "  - id: team-closures\n    kind: open\n    topic: node-js-core-runtime-fundamentals\n"
        "    difficulty: easy\n    prompt: What is a closure?\n    full_answer: A function with its scope.\n"
    )
    assert qotd("bank", "--content", str(content), "build").returncode == 0
    shown = qotd("bank", "--content", str(content), "show", "team-closures")
    assert shown.returncode == 0
    assert "What is a closure?" in shown.stdout
    good.write_text(good.read_text().replace("difficulty: easy", "difficulty: [easy"))
    broken = qotd("bank", "--content", str(content), "validate")
    assert broken.returncode == 1
    assert "team.yaml:6" in broken.stderr  # where the unclosed list from line 5 runs into the next key


def test_stats_json_counts_by_source_kind_topic_and_difficulty():
    proc = qotd("bank", "stats", "--json")
    data = json.loads(proc.stdout)
    seeds = {name: n for name, n in data["by_source"].items() if not name.startswith("pack-")}
    assert seeds == SEED_DOCUMENTS
    total = data["questions"]
    assert total > 84  # the seed documents' 84 and the companion pack's
    for counts in ("by_source", "by_kind", "by_topic", "by_difficulty"):
        assert sum(data[counts].values()) == total, counts
    assert data["by_kind"]["scenario"] == 1
    assert data["by_source"]["pack-data-consistency.yaml"] >= 2  # each pack file is a source of its own


def test_search_tolerates_typos():
    proc = qotd("bank", "search", "event lopp")
    assert proc.returncode == 0
    assert "qa40-0e7f92" in proc.stdout.splitlines()[0] or "qa40-0e7f92" in proc.stdout


def test_coverage_lists_every_subtopic_with_the_questions_that_name_it():
    proc = qotd("bank", "coverage", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["subtopics"]
    assert len(rows) == 64
    outbox = next(r for r in rows if r["slug"] == "transactional-outbox")
    assert outbox["area"] == "Data Consistency and Concurrency"
    assert outbox["subtopic"] == "Transactional outbox pattern for reliable event emission"
    assert "pack-data-consistency-outbox-lost-event" in outbox["questions"]
    assert (
        sum(outbox["by_kind"].values()) == sum(outbox["by_difficulty"].values()) == len(outbox["questions"])
    )
    assert outbox["by_kind"]["mcq"] >= 1
    text = qotd("bank", "coverage").stdout
    assert "  - Locking mechanisms [locking]: " in text
    assert text.rstrip().endswith("have none.")


def test_grade_prints_hits_and_misses_as_json():
    answer = (
        "Node runs JavaScript on a single thread but libuv has a thread pool for heavy I/O. The event loop "
        "polls in phases: timers, poll, check and close callbacks. Promises are microtasks run between phases."
    )
    proc = qotd("grade", "--question", "guide2026-f98124", "--answer", answer, "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["question"] == "guide2026-f98124"
    assert "Promise callbacks are microtasks that run before the next timer or I/O callback" in result["hits"]
    assert len(result["hits"]) + len(result["misses"]) == 6
    assert result["coverage"] == len(result["hits"]) / 6
    assert result["points"] == result["base"] + result["participation"] + result["streak_bonus"]
    empty = qotd("grade", "--question", "qa40-0e7f92", "--answer", "   ")
    assert empty.returncode == 1
    assert "Traceback" not in empty.stderr


def test_grade_an_mcq_letter():
    proc = qotd("grade", "--question", "guide2026-a2e851", "--answer", "c", "--json")
    assert json.loads(proc.stdout)["correct"] is True
