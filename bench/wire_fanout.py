"""Fan-out benchmark: thousands of servers due in the same minute, against Discord's global limit.

Run by hand (not part of the test suite); results and exact commands are in ``bench/RESULTS.md``::

    .venv/bin/python -m bench.wire_fanout                      # 2,000 servers, SQLite file
    .venv/bin/python -m bench.wire_fanout --db postgres        # the same on PostgreSQL
    .venv/bin/python -m bench.wire_fanout --quick              # 40 servers, woken by /qotd post-now

The emulator holds ``--servers`` guilds and allows the bot's token ``--global-limit`` requests
per second. Every server gets a schedule through the services (as ``/qotd setup`` does) posting
at the same minute in UTC, ``--thread-share`` of them opening a discussion thread under each
post. Then ``qotd run --prepare`` starts in its own process, becomes ready, reconciles (learning
when the posts are due) and waits; at the due minute its alarm wakes it and it fans out. The
script watches the emulator until every post (and thread) is there.

Reported: the bot's requests from the due instant on, the floor (requests / global limit: no
client can be faster without 429s), the time from the due instant to the last post and to the
last request, the latter's ratio to the floor (target: at most 1.2), 429s by scope (target: no
``global`` one), the busiest second, and posts per server (must be exactly 1).

``--due now`` (the default with ``--quick``) does not wait for a minute boundary: the schedules
are made due at once through the services and one admin's ``/qotd post-now`` wakes the bot.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.wire import (
    emulator_problems,
    in_window,
    log,
    machine_facts,
    monotonic_at,
    new_parser,
    progress,
    run_benchmark,
    run_folder,
)
from bot.db.records import PostStatus
from tests.wire.botrun import (
    Database,
    day_messages,
    first_channels,
    open_services,
    qotd_process,
    wait_until,
    zone_away_from_midnight,
)
from tests.wire.emulator import MESSAGE_CREATE, Emulator, RateLimitConfig, RequestRecord

THREAD_CREATE = "POST /channels/{channel_id}/messages/{message_id}/threads"
TOKENLESS = ("/interactions/", "/webhooks/")  # interaction answers: outside the global limit


def thread_servers(count: int, share: float) -> set[int]:
    """Indexes of the servers that open a thread: ``share`` of them, spread evenly."""
    return {i for i in range(count) if math.floor((i + 1) * share) > math.floor(i * share)}


async def set_up(
    db: Database, channels: Sequence[tuple[int, int]], threads: set[int], post_time: str, zone: str = "UTC"
) -> None:
    """Each server's ``/qotd setup``, through the services: post at ``post_time`` in ``zone``."""
    for index, (guild_id, channel_id) in enumerate(channels):
        await db.services.schedules.setup(
            guild_id, channel_id=channel_id, post_time=post_time, timezone=zone, open_thread=index in threads
        )


def due_minute(servers: int, seconds_per_setup: float, lead: float | None) -> datetime:
    """The first whole minute the set-up and the bot's start-up will comfortably be done by."""
    if lead is None:
        # Set-up, a start-up of about 10 s plus 2 s per thousand servers, and a margin.
        lead = servers * seconds_per_setup * 1.3 + 10 + 2 * servers / 1000 + 10
    earliest = datetime.now(UTC) + timedelta(seconds=lead)
    return earliest.replace(second=0, microsecond=0) + timedelta(minutes=1)


def busiest_second(stamps: Sequence[float]) -> int:
    """The most requests in any one-second window (the bot's pace as Discord's limit sees it)."""
    best, start = 0, 0
    for end, at in enumerate(stamps):
        while at - stamps[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def per_second(records: Sequence[RequestRecord], due: float) -> dict[str, float]:
    """Requests in each whole second from the due instant on: the steady pace and the extremes."""
    counts = Counter(int(r.at - due) for r in records)
    seconds = [counts.get(i, 0) for i in range(max(counts) + 1)]
    steady = seconds[2:-2] or seconds  # leave out the start and the tail
    return {"median": statistics.median(steady), "min": min(steady), "max": max(seconds)}


def fan_out_figures(emu: Emulator, due: float, global_limit: int) -> dict[str, Any]:
    """What the emulator saw from the due instant on."""
    ours = [r for r in in_window(emu.requests, due, math.inf) if not r.path.startswith(TOKENLESS)]
    if not ours:
        return {"requests": 0}
    posts = [r for r in ours if r.route == MESSAGE_CREATE and r.status == 200]
    last_post = max((r.at for r in posts), default=math.nan)
    last_request = max(r.at for r in ours)
    floor = len(ours) / global_limit
    elapsed = last_request - due
    return {
        "requests": len(ours),
        "by_route": dict(Counter(r.route for r in ours).most_common()),
        "statuses": {str(k): v for k, v in sorted(Counter(r.status for r in ours).items())},
        "floor_s": round(floor, 2),
        "first_request_after_s": round(min(r.at for r in ours) - due, 3),
        "last_post_after_s": round(last_post - due, 2),
        "last_request_after_s": round(elapsed, 2),
        "ratio_to_floor": round(elapsed / floor, 3),
        "busiest_second": busiest_second(sorted(r.at for r in ours)),
        "requests_per_whole_second": per_second(ours, due),
        "rate_limited": dict(Counter(r.limited for r in ours if r.limited)),
    }


async def outcome(emu: Emulator, db: Database, channels: Sequence[tuple[int, int]]) -> dict[str, Any]:
    days = day_messages(emu, [c for _, c in channels])
    per_server = Counter(len(d.posts) for d in days.values())
    statuses = Counter(str(p.status) for p in await db.posts())
    return {
        "posts_per_server": {str(k): v for k, v in sorted(per_server.items())},
        "every_server_exactly_one": set(per_server) == {1},
        "database_posts": dict(statuses),
        "all_marked_sent": statuses == Counter({str(PostStatus.SENT): len(channels)}),
    }


class Tally:
    """Posts and threads the emulator created since the due instant, read incrementally.

    The emulator runs in this process: a scan of every message 20 times a second would take
    its event loop away from the requests and bunch their arrival times.
    """

    def __init__(self, emu: Emulator, since: float) -> None:
        self._emu = emu
        self._since = since
        self._read = 0
        self.posts = 0
        self.threads = 0

    def update(self) -> Tally:
        requests = self._emu.requests
        # Up to the first request still in flight (no status yet): it is read on a later call.
        while self._read < len(requests) and requests[self._read].status:
            record = requests[self._read]
            self._read += 1
            if record.at >= self._since and 200 <= record.status < 300:
                self.posts += record.route == MESSAGE_CREATE
                self.threads += record.route == THREAD_CREATE
        return self


async def measure(url: str, args: argparse.Namespace) -> dict[str, Any]:
    limits = RateLimitConfig(global_per_second=args.global_limit)
    emu = await Emulator(guilds=args.servers, rate_limits=limits).start()
    emu.faults.configure(latency=args.latency)
    try:
        channels = first_channels(emu)
        threads = thread_servers(len(channels), args.thread_share)
        results: dict[str, Any] = {"machine": await machine_facts(url)}
        async with open_services(url) as db:
            log(f"setting up {len(channels):,} schedules ...")
            started = time.monotonic()
            # Today's post still ahead (what /qotd post-now needs); the due minute replaces it.
            await set_up(db, channels, threads, "23:59", zone_away_from_midnight(datetime.now(UTC)))
            per_setup = (time.monotonic() - started) / len(channels)
            if args.due == "minute":
                due_at = due_minute(len(channels), per_setup, args.lead)
                log(f"  the posts are due at {due_at:%H:%M:%S} UTC")
                await set_up(db, channels, threads, f"{due_at:%H:%M}")
            results["setup_s"] = round(time.monotonic() - started, 1)

            folder = run_folder(args.out, "fanout")
            settings = {"log_level": "WARNING"}  # 2,000 "posted" lines would cost the bot CPU
            if args.rate is not None:
                settings["post_rate_per_second"] = args.rate
            async with qotd_process(emu, url, folder, name="qotd-fanout", **settings) as proc:
                log("starting qotd run ...")
                await proc.wait_ready(within=120)
                if args.due == "minute":
                    spare = (due_at - datetime.now(UTC)).total_seconds()
                    if spare < 2:
                        raise SystemExit(
                            f"the bot was ready only {-spare:.0f}s after the due minute: pass --lead"
                        )
                    log(f"  ready; {spare:.0f}s to the due minute")
                    await asyncio.sleep(max(0.0, spare - 0.5))
                    due = monotonic_at(due_at)
                else:
                    due = await wake_by_post_now(emu, db, channels)

                tally = Tally(emu, due)

                def line() -> str:
                    tally.update()
                    elapsed = max(time.monotonic() - due, 1e-9)
                    return (
                        f"{tally.posts:,}/{len(channels):,} posts, {tally.threads}/{len(threads)} threads, "
                        f"{tally.posts / elapsed:.1f} posts/s, 429s {dict(emu.limiter.refusals)}"
                    )

                deadline = max(120.0, 4 * len(channels) * (1 + args.thread_share) / args.global_limit)
                async with progress(line):
                    await wait_until(
                        lambda: tally.update().posts >= len(channels) and tally.threads >= len(threads),
                        within=deadline + max(0.0, due - time.monotonic()),
                        what="every post and thread",
                        every=0.1,
                    )
                    # The bot records each send after Discord answers it: give it a moment.
                    await asyncio.sleep(2)
                status = await proc.stop()
            results["bot_exit_status"] = status
            results["fan_out"] = fan_out_figures(emu, due, args.global_limit)
            results["outcome"] = await outcome(emu, db, channels)
        results["rate_limited_total"] = dict(emu.limiter.refusals)
        results["emulator_problems"] = emulator_problems(emu)
        return results
    finally:
        await emu.stop()


async def wake_by_post_now(emu: Emulator, db: Database, channels: Sequence[tuple[int, int]]) -> float:
    """Make every post due now (services), then one admin's ``/qotd post-now`` wakes the bot; that instant."""
    for guild_id, _ in channels[1:]:
        await db.services.daily.post_now(guild_id)
    guild_id, channel_id = channels[0]
    due = time.monotonic()
    ix = await emu.invoke_slash(guild_id, channel_id, emu.world.owner, "qotd", subcommand="post-now")
    await ix.acknowledged(within=10)
    return due


def parser() -> argparse.ArgumentParser:
    p = new_parser("wire_fanout", __doc__)
    p.add_argument("--servers", type=int, help="servers due at once (default 2,000; 40 with --quick)")
    p.add_argument(
        "--global-limit", type=int, default=50, help="the emulator's requests per second per token"
    )
    p.add_argument("--thread-share", type=float, default=0.25, help="share of servers that open a thread")
    p.add_argument("--rate", type=float, help="the bot's POST_RATE_PER_SECOND (default: the bot's own)")
    p.add_argument(
        "--due", choices=("minute", "now"), help="wait for a due minute (default) or /qotd post-now (--quick)"
    )
    p.add_argument("--latency", type=float, default=0.0, help="seconds the emulator adds to every answer")
    p.add_argument(
        "--lead", type=float, help="seconds from now the due minute must be after (default: estimated)"
    )
    return p


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = parser().parse_args(argv)
    args.servers = args.servers or (40 if args.quick else 2000)
    args.due = args.due or ("now" if args.quick else "minute")
    return run_benchmark("wire_fanout", args, measure)


if __name__ == "__main__":
    main()
