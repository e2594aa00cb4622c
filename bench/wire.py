"""Shared pieces of the wire-level benchmarks (``bench.wire_fanout``, ``bench.wire_answers``, ``bench.wire_startup``).

Each benchmark runs the real bot (``qotd run --prepare`` in its own process, as in production)
against the local Discord emulator (``tests/wire/emulator``) in the benchmark's process, on a
SQLite file or a PostgreSQL database on 127.0.0.1. Here is the plumbing they share: arguments,
databases, the machine's facts, progress lines and reading /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench.leaderboard import Timings, fresh_database, machine
from bot.db.engine import create_engine
from tests.fixtures.databases import DEFAULT_POSTGRES_URL
from tests.wire.emulator import Emulator

OUT = Path(__file__).resolve().parent / "out"

__all__ = [
    "OUT",
    "Timings",
    "add_common_arguments",
    "emulator_problems",
    "in_window",
    "log",
    "machine_facts",
    "monotonic_at",
    "new_parser",
    "prepare_database",
    "progress",
    "report",
    "rss_kib",
    "run_benchmark",
    "run_folder",
]


def new_parser(name: str, doc: str | None) -> argparse.ArgumentParser:
    """The parser of ``bench.<name>``, described by its docstring's first line, with the common options."""
    parser = argparse.ArgumentParser(
        prog=f"python -m bench.{name}", description=(doc or "").split("\n", 1)[0]
    )
    add_common_arguments(parser)
    return parser


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """``--db``, ``--out``, ``--json`` and ``--quick``, the same in every wire benchmark."""
    parser.add_argument(
        "--db",
        default="sqlite",
        help="'sqlite' (a file in --out), 'postgres' (a fresh database on 127.0.0.1) or a database URL",
    )
    parser.add_argument(
        "--out", type=Path, default=OUT, help="folder for the SQLite file and the bot's files"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--quick", action="store_true", help="a small scale, for a first look (seconds)")


def database_url(db: str, name: str, out: Path) -> str:
    """The URL for ``--db``: a SQLite file or PostgreSQL database named after the benchmark, or ``db`` itself."""
    if db == "sqlite":
        return f"sqlite+aiosqlite:///{out / name}.sqlite3"
    if db == "postgres":
        return make_url(DEFAULT_POSTGRES_URL).set(database=f"qotd_bench_{name}").render_as_string(False)
    return db


def prepare_database(args: argparse.Namespace, name: str) -> str:
    """An empty, migrated database for ``--db`` (whatever was there is gone); its URL.

    Call it before ``asyncio.run``: the migration runs its own event loop.
    """
    url = database_url(args.db, name, args.out)
    fresh_database(url)
    return url


def arguments_of(args: argparse.Namespace) -> dict[str, Any]:
    """The parsed command line, as the results record it."""
    return {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}


async def machine_facts(url: str) -> dict[str, Any]:
    """The machine, its load, Python and the database (kind and server version) the figures come from."""
    facts: dict[str, Any] = dict(machine())
    facts["load_average_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                version = (await connection.execute(text("SHOW server_version"))).scalar_one()
                facts["database"] = f"PostgreSQL {version} on 127.0.0.1"
            else:
                facts["database"] = f"SQLite {facts['sqlite']} file (WAL)"
    finally:
        await engine.dispose()
    return facts


def run_folder(out: Path, name: str) -> Path:
    """Where a run's bot keeps its health file (replaced on every run)."""
    folder = out / f"wire-{name}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "health.json").unlink(missing_ok=True)
    return folder


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.asynccontextmanager
async def progress(line: Callable[[], str], *, every: float = 1.0) -> AsyncIterator[None]:
    """Print ``line()`` to stderr every ``every`` seconds while the block runs."""
    started = time.monotonic()

    async def tick() -> None:
        while True:
            await asyncio.sleep(every)
            log(f"  [{time.monotonic() - started:6.1f}s] {line()}")

    task = asyncio.create_task(tick())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def monotonic_at(instant: datetime) -> float:
    """A wall-clock instant on ``time.monotonic()``'s scale (the emulator's request times)."""
    return instant.timestamp() - (time.time() - time.monotonic())


def in_window(records: Iterable[Any], start: float, end: float) -> list[Any]:
    return [r for r in records if start <= r.at <= end]


def rss_kib(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (the peak) of ``pid`` in KiB, from /proc; empty once it has exited."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except (FileNotFoundError, ProcessLookupError):
        return {}
    found = {}
    for row in status.splitlines():
        key, _, value = row.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def emulator_problems(emu: Emulator) -> list[str]:
    """Requests that broke the API contract (what the wire tests' fixture fails on): none expected."""
    problems = [f"invalid body: {f.describe()}" for f in emu.validation_failures]
    problems += [f"unknown route: {r.method} {r.path}" for r in emu.unknown_requests]
    return problems


def report(results: dict[str, Any], destination: Path | None) -> None:
    """Print the results as JSON on stdout (and write them to ``destination`` when given)."""
    rendered = json.dumps(results, indent=2, default=str)
    print(rendered)
    if destination is not None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(rendered + "\n", encoding="utf-8")


def run_benchmark(
    name: str,
    args: argparse.Namespace,
    measure: Callable[[str, argparse.Namespace], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    """A fresh database, ``measure`` on it, the results printed (and written to ``--json``); the results."""
    url = prepare_database(args, name)
    results = {"command": arguments_of(args)}
    results |= asyncio.run(measure(url, args))
    report(results, args.json)
    return results
