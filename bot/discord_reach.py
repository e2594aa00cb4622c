"""Waiting at start-up until Discord's API answers: no route yet is a wait, not a crash.

A container or unit started before the network is up, a DNS failure or Discord being down
would otherwise end ``qotd run`` at once with a raw connection traceback. Before logging in,
the bot asks the API who it is (``GET /users/@me``, the request login makes); until an answer
comes, each failure is one log line saying what failed, and the next try follows after a
capped, jittered exponential backoff (1 s, 2 s, 4 s ... 60 s). Any HTTP answer but a 5xx
means Discord is reachable; a 401 (the token is refused) ends the start-up as login would.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import socket
from collections.abc import Awaitable, Callable

import aiohttp
import discord

log = logging.getLogger("bot")

FIRST_DELAY_S = 1.0
MAX_DELAY_S = 60.0
PROBE_TIMEOUT_S = 10.0


def backoff(attempt: int, rng: random.Random | None = None) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1, 2, ...).

    Doubles from ``FIRST_DELAY_S`` up to ``MAX_DELAY_S``, then a random share of 50-100 % of
    it, so a fleet restarted together does not knock on Discord in step.
    """
    ceiling = min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** min(attempt - 1, 16))
    return ceiling * (rng or random).uniform(0.5, 1.0)


def describe(exc: BaseException) -> str:
    """What failed, in words for the log (no traceback)."""
    if isinstance(exc, aiohttp.ClientConnectorError):
        where = f"{exc.host}:{exc.port}"
        cause = exc.os_error.strerror or str(exc.os_error) or type(exc.os_error).__name__
        if isinstance(exc.os_error, socket.gaierror):
            return f"cannot resolve {exc.host} ({cause})"
        return f"cannot connect to {where} ({cause})"
    if isinstance(exc, discord.HTTPException):
        return f"Discord answered {exc.status} ({exc.text or 'no details'})"
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


async def probe(token: str, base_url: str | None = None) -> str | None:
    """Ask the API who the bot is; None when Discord answered, else what failed.

    Raises ``discord.LoginFailure`` when Discord refuses the token (401), as login would.
    """
    url = (base_url or discord.http.Route.BASE) + "/users/@me"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=PROBE_TIMEOUT_S)) as http,
            http.get(url, headers={"Authorization": f"Bot {token}"}) as response,
        ):
            if response.status == 401:
                raise discord.LoginFailure("Improper token has been passed.")
            if response.status >= 500:
                return f"Discord answered {response.status} ({response.reason or 'server error'})"
            return None
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return describe(exc)


async def wait_for_discord(
    token: str,
    stopping: Callable[[], Awaitable[None]],
    *,
    on_problem: Callable[[str | None], None] = lambda _: None,
    rng: random.Random | None = None,
) -> bool:
    """Retry ``probe`` until Discord answers (True) or ``stopping`` completes first (False).

    ``on_problem`` hears each failure's description, and None once Discord answered. A stop
    ends the wait at once, a try in flight included.
    """
    stop = asyncio.ensure_future(stopping())
    try:
        attempt = 0
        while True:
            attempt += 1
            trying = asyncio.ensure_future(probe(token))
            await asyncio.wait({trying, stop}, return_when=asyncio.FIRST_COMPLETED)
            if stop.done():
                await _cancelled(trying)
                return False
            problem = trying.result()
            if problem is None:
                if attempt > 1:
                    log.info("reached Discord after %d attempts", attempt)
                on_problem(None)
                return True
            delay = backoff(attempt, rng)
            log.warning(
                "cannot reach Discord: %s (attempt %d); trying again in %.1f s", problem, attempt, delay
            )
            on_problem(problem)
            await asyncio.wait({stop}, timeout=delay)
            if stop.done():
                return False
    finally:
        await _cancelled(stop)


async def _cancelled(task: asyncio.Future[object]) -> None:
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
