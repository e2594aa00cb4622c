"""Run the emulator as a process: prints one JSON line with its URLs, serves until SIGTERM/SIGINT.

python -m tests.wire.emulator --port 0 --guilds 2000 --message-limit 5/5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal

from .ratelimits import MESSAGE_CREATE, RateLimitConfig, Rule
from .server import DEFAULT_TOKEN, Emulator


def _rule(text: str) -> Rule:
    limit, per = text.split("/")
    return Rule(int(limit), float(per))


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.wire.emulator", description="Local Discord API emulator"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--guilds", type=int, default=1)
    parser.add_argument("--channels-per-guild", type=int, default=2)
    parser.add_argument("--members-per-guild", type=int, default=3)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--global-limit", type=int, default=50, help="requests per second per token")
    parser.add_argument("--message-limit", type=_rule, default=Rule(5, 5.0), help="LIMIT/SECONDS per channel")
    parser.add_argument("--interaction-deadline", type=float, default=3.0)
    parser.add_argument("--heartbeat-interval", type=float, default=41.25)
    parser.add_argument(
        "--nonce-window", type=float, default=300.0, help="seconds a nonce is remembered (0: never)"
    )
    parser.add_argument(
        "--max-guilds-per-shard", type=int, default=2500, help="more on one connection: close 4011"
    )
    parser.add_argument("--no-validate", action="store_true")
    return parser.parse_args(argv)


async def serve(options: argparse.Namespace) -> None:
    limits = RateLimitConfig(
        global_per_second=options.global_limit, routes={MESSAGE_CREATE: options.message_limit}
    )
    emulator = Emulator(
        guilds=options.guilds,
        channels_per_guild=options.channels_per_guild,
        members_per_guild=options.members_per_guild,
        token=options.token,
        host=options.host,
        port=options.port,
        rate_limits=limits,
        interaction_deadline=options.interaction_deadline,
        heartbeat_interval=options.heartbeat_interval,
        nonce_window=options.nonce_window,
        max_guilds_per_shard=options.max_guilds_per_shard,
        seed=options.seed,
        validate=not options.no_validate,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with emulator:
        ready = {
            "base_url": emulator.base_url,
            "gateway_url": emulator.gateway_url,
            "control_url": emulator.control_url,
            "token": emulator.token,
            "pid": os.getpid(),
        }
        print(json.dumps(ready), flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    asyncio.run(serve(parse(argv)))


if __name__ == "__main__":
    main()
