"""Leaderboard and answer benchmark: load a large score history, then time boards, ranks and answers.

Run by hand (not part of the test suite); results and exact commands are in
``bench/RESULTS.md``::

    .venv/bin/python -m bench.leaderboard                        # SQLite, full scale
    .venv/bin/python -m bench.leaderboard --events 50000 --members 5000 --servers 50   # seconds
    .venv/bin/python -m bench.leaderboard --url postgresql+asyncpg://postgres@127.0.0.1:5432/qotd_bench

Steps:

1. ``load``: a fresh, migrated database (the SQLite file is replaced; the
   PostgreSQL database is dropped and created again), one schedule per server
   (time zones cycle through five, so periods follow local calendars), and
   ``--events`` score events written through the same code the bot uses
   (``bot.services.leaderboards.add_score_events`` -> ``ScoreRepository.add_many``),
   running totals included, committed in chunks with progress on stderr.
2. ``boards``: ``--queries`` random weekly top-10 boards and ``--queries``
   random all-time ranks (with two neighbours each side), through the
   ``Leaderboards`` service on a read-only unit-of-work factory, as the bot
   wires it; plus the bare repository top-10 query for reference.
3. ``answers``: ``--answers`` daily-question submissions through the real
   ``Answers.submit`` (one post per server), started open-loop at ``--rate``
   per second; latency counts from each submission's scheduled start, so
   queueing behind a busy database shows. Full garbage collections during the
   run are counted and timed (``full_gc_during_run``): they pause the loop.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from bisect import insort
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import TimeoutError as SATimeoutError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine, sqlite_file
from bot.db.migrate import upgrade
from bot.db.models import PostModel, ScoreEventModel, ScoreTotalModel
from bot.db.records import PostStatus, ScheduleRecord, ScoreEventIn, ScoreSource
from bot.db.uow import UnitOfWorkFactory, make_uow_factory
from bot.domain.clock import ManualClock
from bot.domain.periods import EPOCH_DAY, Period
from bot.domain.questions import Choice, Difficulty, Kind, Question
from bot.domain.schedule import local_date, zone_or_utc
from bot.services.answers import Answers
from bot.services.errors import TryAgain
from bot.services.leaderboards import Leaderboards, add_score_events, period_keys
from bot.services.members import MemberRef
from tests.fixtures.databases import run_admin_sql

ROOT = Path(__file__).resolve().parent
DEFAULT_URL = f"sqlite+aiosqlite:///{ROOT / 'out' / 'leaderboard.sqlite3'}"
NOW = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)  # a Thursday: the week so far has four days
ZONES = ("UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "America/New_York")
TOPICS = (
    "node-core-runtime",
    "async-patterns",
    "express-apis",
    "databases",
    "security",
    "testing",
    "performance",
    "architecture",
    "devops",
)
POINTS = (0, 0, 1, 2, 3, 5, 6, 8, 10, 11, 12, 15)
GUILD_BASE = 900_000_000_000_000_000
MEMBER_BASE = 100_000_000_000_000_000
CHUNK = 20_000  # events per unit of work while loading
QUESTION_ID = "bench-000001"


@dataclass(frozen=True, slots=True)
class Scale:
    events: int
    members: int
    servers: int
    days: int
    seed: int

    def guild(self, index: int) -> int:
        return GUILD_BASE + index

    def member(self, index: int) -> int:
        return MEMBER_BASE + index

    def servers_of(self, member_index: int) -> tuple[int, ...]:
        """Every member has a home server; one in ten is in a second one too."""
        home = member_index % self.servers
        if member_index % 10 == 0 and self.servers > 1:
            return (home, (home + 1 + member_index // 10) % self.servers)
        return (home,)


@dataclass
class Timings:
    """Latencies of one kind of call, in milliseconds."""

    name: str
    samples: list[float] = field(default_factory=list)

    def add(self, ms: float) -> None:
        insort(self.samples, ms)

    def pct(self, p: float) -> float:
        if not self.samples:
            return float("nan")
        index = min(len(self.samples) - 1, max(0, round(p / 100 * len(self.samples)) - 1))
        return self.samples[index]

    def summary(self) -> dict[str, float]:
        return {
            "count": len(self.samples),
            "p50_ms": round(self.pct(50), 2),
            "p95_ms": round(self.pct(95), 2),
            "p99_ms": round(self.pct(99), 2),
            "max_ms": round(self.samples[-1], 2) if self.samples else float("nan"),
            "mean_ms": round(statistics.fmean(self.samples), 2) if self.samples else float("nan"),
        }


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Preparing the database


def fresh_database(url: str) -> None:
    """An empty, migrated database at ``url`` (whatever was there is gone)."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    elif make_url(url).get_backend_name() == "postgresql":
        name = make_url(url).database
        server = make_url(url).set(database="postgres").render_as_string(hide_password=False)
        drop, create = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
        asyncio.run(run_admin_sql(server, drop, create))
    upgrade(url)


def _question() -> Question:
    return Question(
        id=QUESTION_ID,
        kind=Kind.MCQ,
        prompt="Which phase runs setImmediate callbacks?",
        short_answer="The check phase.",
        full_answer="The check phase runs setImmediate callbacks.",
        topic=TOPICS[0],
        difficulty=Difficulty.MEDIUM,
        choices=(Choice("A", "timers"), Choice("B", "check"), Choice("C", "poll")),
        correct_choice="B",
    )


def _events(scale: Scale, start: datetime, rng: random.Random) -> list[tuple[float, int, int]]:
    """(seconds after ``start``, member index, server index) for every event, in time order."""
    span = scale.days * 86_400
    rows = []
    for _ in range(scale.events):
        member = rng.randrange(scale.members)
        rows.append((rng.random() * span, member, rng.choice(scale.servers_of(member))))
    rows.sort()
    return rows


async def load(uow_factory: UnitOfWorkFactory, scale: Scale) -> dict[str, Any]:
    """Schedules, the answer question and ``scale.events`` score events with their running totals."""
    rng = random.Random(scale.seed)
    start = NOW - timedelta(days=scale.days)
    async with uow_factory() as uow:
        for index in range(scale.servers):
            await uow.schedules.save(
                ScheduleRecord(
                    guild_id=scale.guild(index),
                    channel_id=scale.guild(index) + 1,
                    post_time="09:00",
                    timezone=ZONES[index % len(ZONES)],
                ),
                now=start,
            )
        await uow.questions.upsert_many([_question()], guild_id=None, now=start)
        await uow.commit()

    events = _events(scale, start, rng)
    zones = [zone_or_utc(ZONES[index % len(ZONES)]) for index in range(scale.servers)]
    began = time.perf_counter()
    for first in range(0, len(events), CHUNK):
        chunk = events[first : first + CHUNK]
        by_zone: dict[int, list[ScoreEventIn]] = {}
        for offset, member, server in chunk:
            points = rng.choice(POINTS)
            by_zone.setdefault(server % len(ZONES), []).append(
                ScoreEventIn(
                    guild_id=scale.guild(server),
                    member_id=scale.member(member),
                    occurred_at=start + timedelta(seconds=offset),
                    points=points,
                    source=ScoreSource.DAILY,
                    topic=rng.choice(TOPICS),
                    correct=points >= 5,
                )
            )
        async with uow_factory() as uow:
            for zone_index, zone_events in by_zone.items():
                await add_score_events(uow, zones[zone_index], zone_events)
            await uow.commit()
        done = first + len(chunk)
        elapsed = time.perf_counter() - began
        rate = done / elapsed
        log(
            f"  loaded {done:>9,} / {len(events):,} events  {rate:8,.0f}/s  eta {(len(events) - done) / rate:6.0f} s"
        )
    return {
        "seconds": round(time.perf_counter() - began, 1),
        "events_per_second": round(len(events) / (time.perf_counter() - began)),
    }


# Measuring


async def _timed(timings: Timings, call: Callable[[], Awaitable[object]]) -> None:
    began = time.perf_counter()
    await call()
    timings.add((time.perf_counter() - began) * 1000)


async def boards(engine: AsyncEngine, scale: Scale, queries: int) -> dict[str, dict[str, float]]:
    """Weekly top 10, all-time rank with neighbours, and the bare top-10 query, on random servers."""
    rng = random.Random(scale.seed + 1)
    reader = make_uow_factory(engine, read_only=True)
    service = Leaderboards(reader, ManualClock(NOW))
    board, rank, bare = Timings("board"), Timings("rank"), Timings("top10")

    async def top10(guild: int) -> None:
        async with reader() as uow:
            week = period_keys(NOW, zone_or_utc(ZONES[(guild - GUILD_BASE) % len(ZONES)]))["week"]
            await uow.scores.top(guild, "week", week, limit=10)

    # The same top-10 statement through the stdlib driver, no SQLAlchemy, no thread hop:
    # how much of a call is SQLite's own work.
    path = sqlite_file(engine.url)
    direct = sqlite3.connect(path) if path is not None else None
    raw = Timings("top10_sqlite3")
    sql = (
        "SELECT member_id, points, answers, correct, reached_at FROM score_totals WHERE guild_id = ? "
        "AND period = 'week' AND period_start = ? AND topic = '' "
        "ORDER BY points DESC, reached_at, member_id LIMIT 10"
    )
    for _ in range(queries):
        member = rng.randrange(scale.members)
        guild = scale.guild(rng.choice(scale.servers_of(member)))
        viewer = scale.member(member)
        await _timed(board, partial(service.board, guild, Period.WEEK, viewer_id=viewer))
        await _timed(rank, partial(service.rank, guild, viewer, Period.ALL, neighbours=2))
        await _timed(bare, partial(top10, guild))
        if direct is not None:
            week = period_keys(NOW, zone_or_utc(ZONES[(guild - GUILD_BASE) % len(ZONES)]))["week"]
            began = time.perf_counter()
            direct.execute(sql, (guild, week.isoformat())).fetchall()
            raw.add((time.perf_counter() - began) * 1000)
    if direct is not None:
        direct.close()
    return {t.name: t.summary() for t in (board, rank, bare, raw) if t.samples}


class SerializedWriters:
    """EXPERIMENT (not the shipped code): units of work queue on an asyncio lock before BEGIN.

    Measures the change proposed for ``bot/db/uow.py`` on SQLite: writers of one
    process wait their turn in the event loop instead of in SQLite's busy
    handler, which sleeps in growing steps (up to 100 ms) while the lock may
    already be free.
    """

    def __init__(self, factory: UnitOfWorkFactory) -> None:
        self._factory = factory
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[Any]:
        async with self._lock, self._factory() as uow:
            yield uow


class FullCollections:
    """Counts the garbage collector's full (generation 2) collections in a ``with`` block, and times them.

    Each stops the event loop: a latency tail the size of the longest one comes from the
    process's heap, not from the code measured.
    """

    def __init__(self) -> None:
        self._pauses: list[float] = []
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self._pauses.append((time.perf_counter() - self._started) * 1000)

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def summary(self) -> dict[str, float]:
        return {"count": len(self._pauses), "max_ms": round(max(self._pauses, default=0.0), 1)}


async def _open_posts(uow_factory: UnitOfWorkFactory, scale: Scale) -> dict[int, int]:
    """One sent, unrevealed daily post per server (for today's local date); guild -> post id."""
    posts: dict[int, int] = {}
    async with uow_factory() as uow:
        for index in range(scale.servers):
            guild = scale.guild(index)
            day = local_date(NOW, zone_or_utc(ZONES[index % len(ZONES)]))
            post = await uow.posts.create_pending(
                guild_id=guild,
                local_date=day,
                day_number=1,
                question_id=QUESTION_ID,
                channel_id=guild + 1,
                scheduled_for=NOW - timedelta(hours=1),
                reveal_at=NOW + timedelta(days=1),
                nonce=f"bench-{guild}",
                now=NOW - timedelta(hours=1),
            ) or await uow.posts.get_for_date(guild, day)
            assert post is not None
            posts[guild] = post.id
        # Sent: the lease dance of the posting loop is not what is measured here.
        await uow._session.execute(  # type: ignore[attr-defined]
            update(PostModel.__table__).values(status=PostStatus.SENT, message_id=PostModel.__table__.c.id)
        )
        await uow.commit()
    return posts


async def answers(
    engine: AsyncEngine, scale: Scale, count: int, rate: float, *, serialize_writers: bool = False
) -> dict[str, Any]:
    """``count`` submissions through ``Answers.submit`` started at ``rate`` per second (open loop).

    Then ``count // 10`` more one at a time: the service time, which bounds the
    rate one process can sustain on a database that takes one writer at once.
    """
    writer: Any = make_uow_factory(engine)
    if serialize_writers:
        writer = SerializedWriters(writer)
    posts = await _open_posts(writer, scale)
    service = Answers(writer, ManualClock(NOW))
    rng = random.Random(scale.seed + 2)
    latency, alone = Timings("answer"), Timings("serial")
    failures: Counter[str] = Counter()

    async def submit(member_index: int) -> None:
        guild = scale.guild(rng.choice(scale.servers_of(member_index)))
        member = MemberRef(guild, scale.member(member_index), (guild + 7,))
        try:
            await service.submit(posts[guild], member, choice=rng.choice("ABC"))
        except (TryAgain, SATimeoutError) as exc:  # busy database / no pooled connection within 30 s
            failures[type(exc).__name__] += 1

    async def scheduled(member_index: int, at: float) -> None:
        await submit(member_index)
        latency.add((time.perf_counter() - at) * 1000)

    # Only submissions still running are kept, as a bot keeps only interactions in progress:
    # holding all ``count`` finished tasks grew the long-lived heap and set off full
    # collections (60-100 ms each on the 2-vCPU box) inside the measured window.
    running: set[asyncio.Task[None]] = set()
    began = time.perf_counter()
    with FullCollections() as collections:
        for i in range(count):
            at = began + i / rate
            delay = at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(scheduled(rng.randrange(scale.members), at))
            running.add(task)
            task.add_done_callback(running.discard)
        await asyncio.gather(*running)
    elapsed = time.perf_counter() - began
    cpu = time.process_time()
    for _ in range(max(1, count // 10)):
        await _timed(alone, partial(submit, rng.randrange(scale.members)))
    # This process's CPU time per submission (the event loop and the driver's thread together):
    # what one process can sustain at most, whatever the database does.
    cpu_ms = (time.process_time() - cpu) * 1000 / len(alone.samples)
    return {
        "writers": "serialized in-process (experiment)" if serialize_writers else "as shipped",
        "target_per_second": rate,
        "achieved_per_second": round(count / elapsed, 1),
        "failures": dict(failures),
        **latency.summary(),
        "full_gc_during_run": collections.summary(),
        "serial_service_time": alone.summary() | {"cpu_ms_per_call": round(cpu_ms, 2)},
    }


async def check(engine: AsyncEngine, scale: Scale) -> dict[str, int]:
    """What was stored: events, and the all-time totals agree with the ledger."""
    async with engine.connect() as connection:
        events = (
            await connection.execute(select(func.count()).select_from(ScoreEventModel.__table__))
        ).scalar_one()
        ledger = (
            await connection.execute(select(func.coalesce(func.sum(ScoreEventModel.points), 0)))
        ).scalar_one()
        t = ScoreTotalModel.__table__
        totals = (
            await connection.execute(
                select(func.coalesce(func.sum(t.c.points), 0)).where(
                    t.c.period == "all", t.c.period_start == EPOCH_DAY, t.c.topic == ""
                )
            )
        ).scalar_one()
        rows = (await connection.execute(select(func.count()).select_from(t))).scalar_one()
    return {
        "events": int(events),
        "ledger_points": int(ledger),
        "all_time_points": int(totals),
        "total_rows": int(rows),
    }


def machine() -> dict[str, str]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


async def measure(url: str, scale: Scale, args: argparse.Namespace) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        results: dict[str, Any] = {}
        if not args.skip_load:
            log(
                f"loading {scale.events:,} events for {scale.members:,} members in {scale.servers:,} servers ..."
            )
            results["load"] = await load(make_uow_factory(engine), scale)
        results["stored"] = await check(engine, scale)
        if engine.dialect.name == "postgresql":
            async with engine.connect() as connection:
                await connection.execute(text("ANALYZE"))
                results["postgres"] = (await connection.execute(text("SHOW server_version"))).scalar_one()
        log(f"timing {args.queries:,} boards and ranks ...")
        results["boards"] = await boards(engine, scale, args.queries)
        log(json.dumps(results["boards"]))
        if args.answers:
            log(f"submitting {args.answers:,} answers at {args.rate:g}/s ...")
            results["answers"] = await answers(
                engine, scale, args.answers, args.rate, serialize_writers=args.serialize_writers
            )
        return results
    finally:
        await engine.dispose()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.leaderboard", description=__doc__.split("\n", 1)[0])
    p.add_argument(
        "--url", default=DEFAULT_URL, help="database URL (default: a SQLite file under bench/out/)"
    )
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--members", type=int, default=100_000)
    p.add_argument("--servers", type=int, default=1_000)
    p.add_argument("--days", type=int, default=56, help="the events spread over this many days up to 'now'")
    p.add_argument("--queries", type=int, default=1_000, help="boards and ranks timed (each)")
    p.add_argument("--answers", type=int, default=5_000, help="answer submissions (0: skip)")
    p.add_argument("--rate", type=float, default=500.0, help="answer submissions started per second")
    p.add_argument(
        "--serialize-writers",
        action="store_true",
        help="experiment: queue answer units of work on an in-process lock (a proposed bot/db change)",
    )
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--skip-load", action="store_true", help="measure an already loaded database")
    p.add_argument("--json", type=Path, help="also write the results here")
    return p


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = parser().parse_args(argv)
    scale = Scale(args.events, args.members, args.servers, args.days, args.seed)
    if not args.skip_load:
        fresh_database(args.url)
    results = {"machine": machine(), "scale": vars(args) | {"url": make_url(args.url).render_as_string()}}
    results["scale"].pop("json", None)
    results |= asyncio.run(measure(args.url, scale, args))
    report = json.dumps(results, indent=2, default=str)
    print(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(report + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
