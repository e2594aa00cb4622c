"""`qotd run` started while Discord cannot be reached: it waits, says why, and connects when it can.

A container or unit started before the network is up (or while Discord is down) must not die
with a connection traceback: each failed try is one log line, the health file says
"connecting" and why, and once the API answers the bot connects and posts as usual. A stop
signal during the wait ends the process at once with status 0.
"""

from __future__ import annotations

import re
import signal
import socket
import time
from pathlib import Path

from bot.db.records import PostStatus

from .botrun import (
    POSTED,
    QotdProcess,
    bot_settings,
    first_channels,
    open_services,
    qotd_process,
    schedule_posts_now,
    wait_until,
)
from .conftest import EmulatorFactory
from .emulator import Emulator

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HEALTHCHECK = PROJECT_ROOT / "deploy" / "healthcheck.py"
CANNOT_REACH = re.compile(r"WARNING bot cannot reach Discord: (?P<what>.+) \(attempt (?P<n>\d+)\)")


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening (taken by the emulator later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def failed_tries(proc: QotdProcess) -> list[re.Match[str]]:
    return [m for line in proc.stdout if (m := CANNOT_REACH.search(line))]


def tracebacks(proc: QotdProcess) -> list[str]:
    return [line for line in proc.stdout + proc.stderr if "Traceback" in line]


async def test_a_bot_started_before_discord_is_reachable_waits_then_connects_and_posts(
    sqlite_url: str, tmp_path: Path
) -> None:
    port = free_port()
    emu = Emulator(guilds=2, port=port)  # not started: nothing listens on the port yet
    channels = first_channels(emu)
    async with open_services(sqlite_url) as db:
        await schedule_posts_now(db.services, channels)
    proc = QotdProcess(bot_settings(emu, sqlite_url, tmp_path), tmp_path, "offline")
    await proc.start()
    try:
        await wait_until(
            lambda: len(failed_tries(proc)) >= 2 or proc.returncode is not None,
            within=30,
            what="two failed tries",
        )
        assert proc.returncode is None, proc.output()
        first = failed_tries(proc)[0]
        assert first["what"].startswith(f"cannot connect to 127.0.0.1:{port} ("), proc.output()
        assert tracebacks(proc) == [], proc.output()
        health = proc.health()
        assert health is not None
        assert (health["ready"], health["state"], health["pid"]) == (False, "connecting", proc.pid)
        assert health["problem"].startswith(f"cannot connect to 127.0.0.1:{port}")

        await emu.start()  # the network comes up
        try:
            ready = await proc.wait_ready(within=30)
            assert (ready["state"], ready["problem"]) == ("ready", None)
            await wait_until(lambda: len(proc.logged(POSTED)) == len(channels), within=30, what="both posts")
            async with open_services(sqlite_url) as db:
                assert {p.status for p in await db.posts()} == {PostStatus.SENT}
            assert any("reached Discord after" in line for line in proc.stdout), proc.output()
            assert await proc.stop() == 0, proc.output()
        finally:
            problems = [f.describe() for f in emu.validation_failures]
            problems += [f"{r.method} {r.path}" for r in emu.unknown_requests]
            await emu.stop()
        assert problems == []
        assert tracebacks(proc) == [], proc.output()
    finally:
        if proc.returncode is None:
            await proc.kill()


async def test_sigterm_while_waiting_for_discord_exits_0_at_once(sqlite_url: str, tmp_path: Path) -> None:
    emu = Emulator(guilds=1)  # only for its token: the API is a name that never resolves
    settings = bot_settings(
        emu, sqlite_url, tmp_path, discord_api_base="http://qotd-no-such-host.invalid/api/v10"
    )
    proc = QotdProcess(settings, tmp_path, "no-dns")
    await proc.start()
    try:
        await wait_until(
            lambda: failed_tries(proc) or proc.returncode is not None, within=30, what="a failed try"
        )
        assert proc.returncode is None, proc.output()
        assert failed_tries(proc)[0]["what"].startswith("cannot resolve qotd-no-such-host.invalid"), (
            proc.output()
        )
        health = proc.health()
        assert health is not None
        assert health["state"] == "connecting"
        asked = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert await proc.wait(within=10) == 0, proc.output()
        assert time.monotonic() - asked < 3.0  # not after the backoff, nor after a 10 s close timeout
    finally:
        if proc.returncode is None:
            await proc.kill()
    assert tracebacks(proc) == [], proc.output()
    assert (proc.health() or {})["state"] == "stopping"


async def test_discord_lost_after_its_first_answer_ends_the_start_up_with_one_line_and_status_1(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=1)
    emu.faults.configure(latency=0.3)
    async with qotd_process(emu, sqlite_url, tmp_path) as proc:
        # The first answer (the wait's try) came; the login's own request is on the wire.
        await wait_until(
            lambda: (
                [r.status for r in emu.requests if r.path == "/users/@me"][:2] == [200, 0]
                or proc.returncode is not None
            ),
            within=30,
            what="the login request",
            every=0.01,
        )
        await emu.stop()  # Discord goes away
        assert await proc.wait(within=30) == 1, proc.output()
    assert proc.stderr[-1].startswith("qotd-bot lost Discord while connecting: cannot connect to"), (
        proc.output()
    )
    assert tracebacks(proc) == [], proc.output()
