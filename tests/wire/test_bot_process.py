"""`qotd run` as operators see it: the health file, stopping on SIGTERM, a second signal, a bad token."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.settings import PROJECT_ROOT

from .botrun import QotdProcess, bot_settings, qotd_process, wait_until
from .conftest import EmulatorFactory

HEALTHCHECK = PROJECT_ROOT / "deploy" / "healthcheck.py"


def healthcheck(path: Path) -> tuple[int, str]:
    """What Docker's HEALTHCHECK runs: exit status and its one line."""
    done = subprocess.run(
        [sys.executable, str(HEALTHCHECK), str(path)], capture_output=True, text=True, timeout=30, check=False
    )
    return done.returncode, done.stdout.strip()


def write_ahead_log_left(sqlite_url: str) -> bool:
    """SQLite removes the -wal file when the last connection to the database closes cleanly."""
    return Path(sqlite_url.removeprefix("sqlite+aiosqlite:///") + "-wal").exists()


async def test_the_health_file_says_ready_while_running_and_not_ready_after_a_graceful_stop(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=3)
    async with qotd_process(emu, sqlite_url, tmp_path) as proc:
        health = await proc.wait_ready()
        # The first reconcile ran at start-up: the file says when.
        await wait_until(
            lambda: (proc.health() or {}).get("last_reconcile") is not None, within=10, what="a reconcile"
        )
        health = proc.health() or {}
        assert health["guilds"] == 3
        assert health["shards"] == [0]
        assert health["pid"] == proc.pid
        assert isinstance(health["latency_ms"], float)
        assert 0 <= health["latency_ms"] < 1000
        written = datetime.fromisoformat(health["written_at"])
        assert abs((datetime.now(UTC) - written).total_seconds()) < 60
        reconciled = datetime.fromisoformat(health["last_reconcile"])
        assert reconciled.tzinfo is not None
        assert reconciled <= datetime.now(UTC)
        assert proc.settings.health_file.stat().st_mode & 0o777 == 0o640  # the monitoring group may read it
        status, line = healthcheck(proc.settings.health_file)
        assert (status, line.split(" (")[0]) == (0, "ok: ready"), line
        assert "3 guilds" in line

        assert await proc.stop(within=15) == 0, proc.output()

    assert "stopped" in proc.stdout[-1]
    assert not any("Traceback" in line for line in proc.stdout + proc.stderr), proc.output()
    # The bot closed its gateway session (Discord does not keep it for a resume)...
    assert emu.gateway.sessions == {}
    # ... and the engine: the last SQLite connection is gone, so is the write-ahead log.
    assert not write_ahead_log_left(sqlite_url)
    stopped = proc.health() or {}
    assert stopped["ready"] is False
    status, line = healthcheck(proc.settings.health_file)
    assert status == 1, line
    assert line.startswith("unhealthy: not ready"), line
    # No temporary files are left beside the health file.
    assert sorted(p.name for p in proc.settings.health_file.parent.glob("*health*")) == ["health.json"]


async def test_a_second_signal_while_stopping_exits_at_once(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=1)
    async with qotd_process(emu, sqlite_url, tmp_path) as proc:
        await proc.wait_ready()
        # Two different signals back to back (the same one twice could merge into one delivery).
        proc.send_signal(signal.SIGINT)
        proc.send_signal(signal.SIGTERM)
        status = await asyncio.wait_for(proc.wait(), 5)
    assert status in (128 + signal.SIGINT, 128 + signal.SIGTERM), proc.output()
    assert "again: exiting now" in "\n".join(proc.stderr), proc.output()


async def test_a_token_discord_rejects_exits_2_with_a_clear_message_and_never_shows_the_token(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=1)
    secret = "MTIzNDU2Nzg5MDEy.Gx7abc.wrong-token-DO-NOT-PRINT"
    proc = QotdProcess(bot_settings(emu, sqlite_url, tmp_path, discord_token=secret), tmp_path, "bad-token")
    await proc.start()
    status = await proc.wait(within=60)
    assert status == 2, proc.output()
    assert proc.stderr[-1] == (
        "qotd-bot cannot start: Discord rejected the token: copy it again from the Developer Portal "
        "(Bot > Reset Token)"
    ), proc.output()
    everything = "\n".join(proc.stdout + proc.stderr)
    assert secret not in everything
    assert secret.split(".")[0] not in everything  # not even its first part
    assert "Traceback" not in everything
    # It asked Discord once and stopped: no retry loop, no gateway connection.
    assert [r.path for r in emu.requests] == ["/users/@me"]
    assert [r.status for r in emu.requests] == [401]
    assert emu.gateway.counts["connect"] == 0


async def test_sigterm_while_logging_in_stops_cleanly(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=1)
    emu.faults.configure(latency=3.0)  # Discord is slow to answer the login
    async with qotd_process(emu, sqlite_url, tmp_path) as proc:
        await wait_until(
            lambda: any(r.path == "/users/@me" for r in emu.requests) or proc.returncode is not None,
            within=30,
            what="the login request",
        )
        proc.send_signal(signal.SIGTERM)
        status = await proc.wait(within=10)
    assert status == 0, proc.output()
    assert not any("Traceback" in line for line in proc.stdout + proc.stderr), proc.output()
    assert emu.gateway.counts["connect"] == 0  # it never went on to connect
    assert (proc.health() or {"ready": False})["ready"] is False
