"""Kill sweep: SIGKILL ``qotd run`` at random points of a fan-out and of the reveals, many times over.

Run by hand (not part of the test suite; ``test_bot_crash.py`` is the one-kill version)::

    .venv/bin/python -m tests.wire.crash_sweep --servers 200 --rounds 10 --kills 15

Each round: a fresh SQLite file and an emulator with ``--servers`` servers whose nonce window
is 0 (a re-send with the same nonce posts again, as on Discord after a few minutes); every
server posts now. ``--kills`` times a process is started and SIGKILLed at a random point
while a message is on the wire (during the posts, then during the reveals), and the dead
process's leases are run out by moving the database's clock; a last process finishes.
Printed per round and in total (one JSON line each): messages that reached Discord
unrecorded at a kill, duplicate posts and reveals, posts whose stored message is not the
one in the channel, and history reads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.db.migrate import upgrade_async
from bot.db.records import PostStatus
from bot.services.daily import DEFAULT_LEASE

from . import botrun
from .emulator import Emulator

HISTORY = "GET /channels/{channel_id}/messages"


async def unrecorded(emu: Emulator, db: botrun.Database) -> int:
    """Messages in the channels whose post the database does not point at (yet)."""
    posts = {p.channel_id: p for p in await db.posts()}
    count = 0
    for channel_id, day in botrun.day_messages(emu, posts).items():
        post = posts[channel_id]
        count += sum(1 for m in day.posts if m.id != post.message_id)
        count += sum(1 for m in day.reveals if m.id != post.reveal_message_id)
    return count


async def one_round(
    index: int, servers: int, kills: int, rate: float, rng: random.Random, folder: Path
) -> dict[str, Any]:
    started = time.monotonic()
    emu = await Emulator(guilds=servers, nonce_window=0, seed=index).start()
    url = f"sqlite+aiosqlite:///{folder / 'qotd.sqlite3'}"
    await upgrade_async(url)
    channels = botrun.first_channels(emu)
    lost = 0
    try:
        async with botrun.open_services(url) as db:
            # Reveals far off: each kill moves the clock on by a lease (2 min).
            await botrun.schedule_posts_now(db.services, channels, reveal_after_minutes=12 * 60)
            emu.faults.configure(latency=0.05)
            reveal_soon = False
            for kill in range(kills):
                if not reveal_soon and botrun.count_posts(emu) >= servers:
                    # Every post is out: bring the reveals to a few seconds from now.
                    reveal_at = min(p.reveal_at for p in await db.posts())
                    await botrun.travel(db.engine, reveal_at - (datetime.now(UTC) + timedelta(seconds=3)))
                    reveal_soon = True
                counter = botrun.count_reveals if reveal_soon else botrun.count_posts
                base = counter(emu)
                step = rng.randint(1, max(1, 4 * servers // kills))  # kills spread over posts and reveals
                print(
                    f"round {index} kill {kill}: {'reveals' if reveal_soon else 'posts'} at {base}, "
                    f"kill after {step} more",
                    file=sys.stderr,
                    flush=True,
                )
                async with botrun.qotd_process(
                    emu, url, folder / f"run{kill}", name=f"run{kill}", post_rate_per_second=rate
                ) as proc:
                    await botrun.kill_mid_send(
                        proc,
                        emu,
                        lambda c=counter, b=base, s=step: c(emu) >= b + s,
                        "a send",
                        done=lambda c=counter: c(emu) >= servers,
                    )
                lost += await unrecorded(emu, db)
                await botrun.travel(db.engine, DEFAULT_LEASE)
                if botrun.count_reveals(emu) >= servers:
                    break
            if not reveal_soon:
                reveal_at = min(p.reveal_at for p in await db.posts())
                await botrun.travel(db.engine, reveal_at - (datetime.now(UTC) + timedelta(seconds=3)))
            emu.faults.clear()
            async with botrun.qotd_process(emu, url, folder / "last", name="last") as last:
                await last.wait_ready()  # a SIGTERM before its handlers are set would kill it

                async def done() -> bool:
                    return last.returncode is not None or all(
                        p.status == PostStatus.REVEALED for p in await db.posts()
                    )

                await botrun.wait_until(done, within=180, what="every post to be revealed", every=0.2)
                assert await last.stop() == 0, last.output()
            days = botrun.day_messages(emu, [c for _, c in channels])
            posts = {p.channel_id: p for p in await db.posts()}
            return {
                "round": index,
                "servers": servers,
                "kills": kill + 1,
                "unrecorded_at_kills": lost,
                "duplicate_posts": sum(max(0, len(d.posts) - 1) for d in days.values()),
                "duplicate_reveals": sum(max(0, len(d.reveals) - 1) for d in days.values()),
                "missing": sum(1 for d in days.values() if len(d.posts) != 1 or len(d.reveals) != 1),
                "db_not_in_channel": sum(
                    1
                    for c, d in days.items()
                    if [m.id for m in d.posts] != [posts[c].message_id]
                    or [m.id for m in d.reveals] != [posts[c].reveal_message_id]
                ),
                "history_reads": sum(1 for r in emu.requests if r.route == HISTORY),
                "nonce_hits": emu.nonce_hits,
                "reveal_nonces": sum(1 for m in emu.messages() if botrun.is_reveal(m)),
                "seconds": round(time.monotonic() - started, 1),
            }
    finally:
        await emu.stop()


async def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--kills", type=int, default=15)
    parser.add_argument("--rate", type=float, default=20.0, help="posts per second (slows the fan-out)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    results = []
    for index in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="qotd-sweep-") as folder:
            result = await one_round(index, args.servers, args.kills, args.rate, rng, Path(folder))
        print(json.dumps(result), flush=True)
        results.append(result)
    totals = {
        key: sum(r[key] for r in results)
        for key in (
            "kills",
            "unrecorded_at_kills",
            "duplicate_posts",
            "duplicate_reveals",
            "missing",
            "db_not_in_channel",
        )
    }
    print(json.dumps({"rounds": len(results), **totals}), flush=True)
    return 0 if totals["duplicate_posts"] + totals["duplicate_reveals"] + totals["missing"] == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
