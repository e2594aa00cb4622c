"""Start-up benchmark: time to ready and resident memory of ``qotd run`` in ten thousand servers.

Run by hand (not part of the test suite); results and exact commands are in ``bench/RESULTS.md``::

    .venv/bin/python -m bench.wire_startup                     # 10,000 servers, SQLite file
    .venv/bin/python -m bench.wire_startup --db postgres
    .venv/bin/python -m bench.wire_startup --quick             # 100 servers

The emulator holds ``--servers`` guilds (two text channels, four members each) and, like Discord,
refuses more than 2,500 guilds on one gateway session, so the bot (an ``AutoShardedBot``) runs
the shard count the emulator recommends. ``qotd run --prepare`` restarts on a database that is
migrated and has the bank synced (it checks both, finding nothing to do); the script timestamps, from the
process's spawn: the first REST request (login), each IDENTIFY, and the health file saying
ready. It samples the process's resident memory (VmRSS, and the peak VmHWM, from
/proc/<pid>/status) at ready and ``--settle`` seconds later. ``--baseline N`` runs the same
with N servers first, so the memory the servers themselves cost can be told apart.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.wire import (
    emulator_problems,
    log,
    machine_facts,
    new_parser,
    rss_kib,
    run_benchmark,
    run_folder,
)
from tests.wire.botrun import QotdProcess, bot_settings, open_services
from tests.wire.emulator import Emulator

SAMPLE_S = 0.02
# Log lines of ``qotd run`` that mark its steps, by the name the timeline gives them.
MARKERS = {
    "schema_up_to_date": "database schema is up to date",
    "bank_synced": "question bank synced",
    "commands_synced": "slash commands",
    "on_ready": "ready as",
}
# discord.py's default before_identify_hook: every IDENTIFY after the first waits 5 s
# (Discord allows one per 5 s per bot unless its max_concurrency says more).
IDENTIFY_GAP_S = 5.0
# discord.py waits this long after a shard's last GUILD_CREATE before calling it ready.
GUILD_READY_TIMEOUT_S = 2.0


def mib(kib: int | None) -> float | None:
    return None if kib is None else round(kib / 1024, 1)


async def start_once(url: str, servers: int, settle: float, out: Path, name: str) -> dict[str, Any]:
    """One cold start of ``qotd run --prepare`` against ``servers`` guilds; its timeline and memory."""
    emu = await Emulator(guilds=servers).start()
    try:
        folder = run_folder(out, name)
        proc = QotdProcess(bot_settings(emu, url, folder), folder, f"qotd-{name}")
        spawned = time.monotonic()
        await proc.start()
        identifies: list[float] = []
        lines: dict[str, float] = {}
        seen_lines = 0
        health: dict[str, Any] | None = None
        try:
            while True:
                now = time.monotonic()
                while len(identifies) < emu.gateway.counts["identify"]:
                    identifies.append(now)
                for line in proc.stdout[seen_lines:]:
                    for marker in MARKERS.values():
                        if marker in line and marker not in lines:
                            lines[marker] = now
                seen_lines = len(proc.stdout)
                health = proc.health()
                if health is not None and health["ready"] and health["pid"] == proc.pid:
                    break
                if proc.returncode is not None:
                    raise RuntimeError(f"qotd exited with {proc.returncode}:\n{proc.output()}")
                if now - spawned > 180:
                    raise TimeoutError(f"not ready within 180 s:\n{proc.output()}")
                await asyncio.sleep(SAMPLE_S)
            ready = time.monotonic()
            at_ready = rss_kib(proc.pid)
            log(
                f"  ready after {ready - spawned:.1f}s, RSS {mib(at_ready.get('VmRSS'))} MiB; settling {settle:g}s ..."
            )
            await asyncio.sleep(settle)
            settled = rss_kib(proc.pid)
            status = await proc.stop()
        finally:
            if proc.returncode is None:
                await proc.kill()
        first_rest = emu.requests[0].at if emu.requests else None

        def since(at: float | None) -> float | None:
            return None if at is None else round(at - spawned, 2)

        return {
            "servers": servers,
            "shards": health["shards"] if health else None,
            "guilds_seen": health["guilds"] if health else None,
            "ready_after_s": since(ready),
            "timeline_s": {
                **{name: since(lines.get(marker)) for name, marker in MARKERS.items()},
                "first_rest_request": since(first_rest),
                "identify": [since(at) for at in identifies],
                "health_file_ready": since(ready),
            },
            "explained_s": {
                "identify_gaps": round(IDENTIFY_GAP_S * max(0, len(identifies) - 1), 1),
                "guild_ready_timeout": GUILD_READY_TIMEOUT_S,
            },
            "rss_mib": {
                "at_ready": mib(at_ready.get("VmRSS")),
                "after_settle": mib(settled.get("VmRSS")),
                "peak": mib(settled.get("VmHWM") or at_ready.get("VmHWM")),
            },
            "bot_exit_status": status,
            "gateway": dict(emu.gateway.counts),
            "emulator_problems": emulator_problems(emu),
        }
    finally:
        await emu.stop()


async def measure(url: str, args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": await machine_facts(url)}
    async with open_services(url):
        pass  # the bank synced once before: each start is a restart, as most are
    runs = []
    if args.baseline:
        log(f"baseline: {args.baseline:,} servers ...")
        runs.append(await start_once(url, args.baseline, args.settle, args.out, "startup-baseline"))
    log(f"{args.servers:,} servers ...")
    runs.append(await start_once(url, args.servers, args.settle, args.out, "startup"))
    results["runs"] = runs
    if args.baseline:
        base, full = runs
        extra = (full["rss_mib"]["after_settle"] - base["rss_mib"]["after_settle"]) * 1024
        results["kib_per_server"] = round(extra / (full["servers"] - base["servers"]), 2)
    return results


def parser() -> argparse.ArgumentParser:
    p = new_parser("wire_startup", __doc__)
    p.add_argument("--servers", type=int, help="guilds the bot is in (default 10,000; 100 with --quick)")
    p.add_argument("--settle", type=float, default=10.0, help="seconds after ready before the second sample")
    p.add_argument("--baseline", type=int, default=1, help="first a start with this many servers (0: none)")
    return p


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = parser().parse_args(argv)
    args.servers = args.servers or (100 if args.quick else 10_000)
    return run_benchmark("wire_startup", args, measure)


if __name__ == "__main__":
    main()
