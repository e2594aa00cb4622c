"""The wire benchmarks (bench/wire_*.py) at a tiny scale: they still run end to end and report sense.

Each starts the real bot as ``qotd run`` against the emulator, as the full runs do; the figures
are not checked (a shared test machine cannot time anything), only that every script measures
what it says: every post sent once with no 429, every answer acknowledged and stored once, the
bot ready with its memory read.
"""

from __future__ import annotations

from pathlib import Path

from bench import wire_answers, wire_fanout, wire_startup


def test_the_wire_benchmarks_run_at_a_tiny_scale_and_report_what_they_measure(tmp_path: Path) -> None:
    def common(name: str) -> list[str]:
        return ["--quick", "--db", f"sqlite+aiosqlite:///{tmp_path / name}.sqlite3", "--out", str(tmp_path)]

    fanout = wire_fanout.main([*common("fanout"), "--servers", "6", "--thread-share", "0.5"])
    assert fanout["fan_out"]["requests"] == 9  # six posts, three threads
    assert fanout["fan_out"]["by_route"] == {wire_fanout.MESSAGE_CREATE: 6, wire_fanout.THREAD_CREATE: 3}
    assert fanout["outcome"]["every_server_exactly_one"]
    assert fanout["outcome"]["all_marked_sent"]
    assert fanout["rate_limited_total"] == {}
    assert fanout["fan_out"]["ratio_to_floor"] > 1  # nothing beats requests / the global limit
    assert fanout["bot_exit_status"] == 0
    assert fanout["emulator_problems"] == []

    answers = wire_answers.main([*common("answers"), "--members", "5", "--window", "0.2"])
    assert answers["verdicts"] == {"replies": {"saved": 5}, "over_3s": 0, "late_callbacks": 0}
    assert answers["stored"] == {"answers": 5, "every_member_exactly_once": True, "texts_as_typed": True}
    assert answers["latency_ms"]["submit"]["count"] == answers["latency_ms"]["open_form"]["count"] == 5
    assert answers["bot_exit_status"] == 0
    assert answers["emulator_problems"] == []

    startup = wire_startup.main([*common("startup"), "--servers", "3", "--baseline", "0", "--settle", "0.2"])
    (run,) = startup["runs"]
    assert run["shards"] == [0]
    assert run["guilds_seen"] == 3
    assert len(run["timeline_s"]["identify"]) == 1
    timeline = run["timeline_s"]
    assert 0 < timeline["first_rest_request"] < timeline["identify"][0] < timeline["health_file_ready"]
    assert run["rss_mib"]["at_ready"] > 10
    assert run["rss_mib"]["peak"] >= run["rss_mib"]["at_ready"]
    assert run["bot_exit_status"] == 0
    assert run["emulator_problems"] == []
