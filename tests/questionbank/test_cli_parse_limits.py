"""`qotd bank parse` checks a document offline exactly as `/bank import` reads it: same limits, same exits.

Exit 0 with the questions; 2 when nothing importable is recognised; 3 when the
document is refused as too large or hostile; it never hangs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.questionbank.limits import UPLOAD_LIMITS

ROOT = Path(__file__).resolve().parents[2]


def parse(path: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "bank", "parse", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def alias_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\nquestions: *a9\n"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("huge.md", b"Q: What is X?\nA: X.\n" * (UPLOAD_LIMITS.max_bytes // 20 + 1), "the limit is 1 MiB"),
        ("one-line.md", b"# " + b"a" * (UPLOAD_LIMITS.max_line_chars + 1) + b"\n", "line 1 of `one-line.md`"),
        ("lines.txt", b"\n" * (UPLOAD_LIMITS.max_lines + 1), "the limit is 50,000"),
        ("picture.md", b"\x89PNG\r\n\x1a\n", "is not UTF-8 text (byte 0 is 0x89)"),
        ("zeros.txt", b"Q: What?\nA: \x00\x00\n", "looks like a binary file"),
        ("bomb.yaml", alias_bomb().encode(), "anchors and aliases (& and *) are not allowed"),
        ("slides.pdf", b"%PDF-1.7", "is not a .md, .txt, .yaml or .yml file"),
    ],
    ids=["size", "line-length", "lines", "not-utf8", "binary", "alias-bomb", "type"],
)
def test_a_document_refused_as_too_large_or_hostile_exits_3_with_the_limit(tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)

    proc = parse(path)

    assert proc.returncode == 3, proc.stderr
    assert says in proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr


def test_nothing_recognised_exits_2_and_questions_exit_0_through_the_same_reader(tmp_path):
    syllabus = next(p for p in (ROOT / "content" / "sources").iterdir() if p.name.startswith("syllabus"))
    proc = parse(syllabus)
    assert proc.returncode == 2
    assert "is a syllabus (a list of topics), not questions" in proc.stderr

    doc = tmp_path / "notes.md"
    doc.write_text("Q: What is a closure?\nA: A function that remembers its scope.\n")
    proc = parse(doc)
    assert proc.returncode == 0, proc.stderr
    [found] = json.loads(proc.stdout)
    assert found["prompt"] == "What is a closure?"
    assert found["id"].startswith("notes-")
    assert len(found["id"]) == len("notes-") + 12


def test_a_pathological_document_never_hangs_the_check(tmp_path):
    # The measurement: 18 s for 2 KB on a backtracking heading pattern. Whatever the
    # parsers do with it, the check ends within the wall-clock limit (plus start-up).
    path = tmp_path / "heading.md"
    path.write_bytes(b"# a" + b" " * 4000 + b"x\n")

    started = time.monotonic()
    proc = parse(path, timeout=UPLOAD_LIMITS.wall_seconds + 30)

    assert proc.returncode in (0, 2, 3), proc.stderr
    assert time.monotonic() - started < UPLOAD_LIMITS.wall_seconds + 15
    assert "Traceback" not in proc.stderr


def test_the_exit_statuses_are_documented_in_help():
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "bank", "parse", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    text = " ".join(proc.stdout.split())
    assert "exit status: 0 questions were found" in text
    assert "2 nothing importable was recognised" in text
    assert "3 refused as too large or hostile" in text
