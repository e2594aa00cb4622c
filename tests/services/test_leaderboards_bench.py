"""The leaderboard benchmark (bench/leaderboard.py) still runs end to end, at a tiny scale."""

from __future__ import annotations

from pathlib import Path

from bench.leaderboard import main


def test_the_benchmark_loads_measures_and_keeps_totals_equal_to_the_ledger(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'bench.sqlite3'}"

    results = main(
        [
            "--url", url,
            "--events", "400",
            "--members", "60",
            "--servers", "6",
            "--days", "10",
            "--queries", "15",
            "--answers", "30",
            "--rate", "300",
        ]
    )  # fmt: skip

    stored = results["stored"]
    assert stored["events"] == 400
    assert stored["all_time_points"] == stored["ledger_points"] > 0
    for kind in ("board", "rank", "top10"):
        assert results["boards"][kind]["count"] == 15
        assert 0 < results["boards"][kind]["p50_ms"] <= results["boards"][kind]["p99_ms"]
    assert results["answers"]["count"] == 30
    assert results["answers"]["failures"] == {}
