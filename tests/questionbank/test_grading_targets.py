"""The grader against the committed labelled set: the fair-grading targets hold (bench/RESULTS.md)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "content" / "grading" / "labelled-answers.jsonl"


def test_the_grader_meets_its_targets_on_the_labelled_set():
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "grade", "eval", str(LABELLED), "--check", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    result = json.loads(proc.stdout)
    assert result["targets_missed"] == [], result["targets_missed"]
    assert proc.returncode == 0
    assert result["count"] >= 150
    assert result["questions"] >= 30
    means = {name: c["predicted"] for name, c in result["by_category"].items()}
    assert means["pasted-prompt"] <= 1
    assert means["buzzwords"] <= 3
    assert means["paraphrase"] >= 7
    assert result["negation_failures"] == []
