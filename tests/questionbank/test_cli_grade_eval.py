"""`qotd grade eval` as a person at a terminal runs it on a labelled file."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def qotd(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def _rows(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


INLINE = {
    "question": "What does a CDN do?",
    "reference_answer": "It caches content on servers close to users.",
    "key_points": ["caches content on servers close to users"],
}


def test_eval_prints_agreement_category_means_and_timing(tmp_path):
    path = _rows(
        tmp_path,
        [
            INLINE
            | {
                "id": "a",
                "category": "strong",
                "score": 10,
                "answer": "It caches content on servers near users.",
            },
            INLINE | {"id": "b", "category": "wrong", "score": 0, "answer": "It encrypts the database."},
            INLINE
            | {
                "id": "c",
                "category": "negated",
                "score": 0,
                "negates": "a",
                "answer": "It does not cache content on servers near users.",
            },
        ],
    )
    proc = qotd("grade", "eval", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["count"] == 3
    assert out["questions"] == 1
    assert set(out["by_category"]) == {"strong", "wrong", "negated"}
    assert out["by_category"]["strong"]["predicted"] == 10
    assert out["timing"]["max_ms"] >= 0
    assert out["negation_pairs"] == 1

    text = qotd("grade", "eval", str(path))
    assert "Spearman" in text.stdout
    assert "mean absolute error" in text.stdout
    assert "grading time per answer" in text.stdout


def test_check_exits_1_when_a_target_is_missed(tmp_path):
    # Every answer is graded 10 whatever its label: no agreement at all.
    path = _rows(
        tmp_path,
        [
            INLINE | {"id": str(i), "score": i % 11, "answer": "It caches content on servers near users."}
            for i in range(12)
        ],
    )
    proc = qotd("grade", "eval", str(path), "--check")
    assert proc.returncode == 1
    assert "targets missed" in proc.stdout


def test_a_bad_file_exits_2_naming_the_line(tmp_path):
    path = _rows(
        tmp_path,
        [INLINE | {"answer": "x", "score": 4}, {"question": "no-such-id", "answer": "x", "score": 1}],
    )
    proc = qotd("grade", "eval", str(path))
    assert proc.returncode == 2
    assert "line 2: no bank question 'no-such-id'" in proc.stderr


def test_help_documents_the_file_format():
    proc = qotd("grade", "eval", "--help")
    assert proc.returncode == 0
    for key in ("reference_answer", "key_points", "max_score", "negates", "Exit codes"):
        assert key in proc.stdout
