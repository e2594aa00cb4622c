"""``main()`` for the bot process: owns every resource's lifetime.

The engine, the loaded bank, the services, the Discord client and the health
file are created here, once, in this order, and closed in reverse, whatever
happens. SIGTERM or SIGINT stops the process gracefully (the bot disconnects,
which stops the alarm; the health file says "not ready"; the engine is disposed;
exit status 0); a second signal ends it at once. While Discord cannot be reached
(no network yet, DNS, an outage) it waits and tries again (``bot.discord_reach``), and
a stop signal ends the wait at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import sys
from collections.abc import Iterator

import aiohttp
import discord
import discord.gateway
import yarl
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import QotdBot, create_bot
from bot.db.engine import create_engine
from bot.db.migrate import current_async, head_revision, upgrade_async
from bot.db.uow import make_uow_factory
from bot.discord_reach import describe, wait_for_discord
from bot.domain.clock import SystemClock
from bot.health import HealthReporter
from bot.questionbank.bank import load_bank
from bot.questionbank.errors import BankError
from bot.services.container import build_services
from bot.settings import Settings

log = logging.getLogger("bot")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

# A member's write that waits for the database must still be answered within Discord's
# 3-second interaction deadline, "busy, try again" included: wait at most 2 s for a lock.
BUSY_TIMEOUT_MS = 2000
# How long a stopping bot may take to close its connections before the process goes anyway.
CLOSE_TIMEOUT_S = 10.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT, stream=sys.stdout, force=True)
    logging.getLogger("discord.http").setLevel(logging.WARNING)  # 429s are still logged at WARNING


class StartupError(Exception):
    """Something a person must fix before the bot can start; the message says what."""


class DiscordLost(Exception):
    """Discord stopped answering after it first answered and before the bot was connected.

    Rare: the wait before login covers a Discord that cannot be reached. The process exits 1
    with one line saying why, and its service manager starts it again.
    """


# Failures of the network or of Discord itself, as opposed to something a person must fix.
_UNREACHABLE = (
    aiohttp.ClientError,
    OSError,
    TimeoutError,
    discord.DiscordServerError,
    discord.GatewayNotFound,
)


def open_engine(settings: Settings) -> AsyncEngine:
    """The process's one engine, as the bot runs with it (tests that run the bot in-process use it too)."""
    return create_engine(settings.database_url, busy_timeout_ms=BUSY_TIMEOUT_MS)


class StopRequest:
    """Set by the first SIGTERM/SIGINT; the second one exits the process at once."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.signal: int | None = None

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    async def wait(self) -> None:
        await self._event.wait()

    def request(self) -> None:
        """Ask the bot to stop (what the first signal does)."""
        self._event.set()

    def _received(self, signum: int) -> None:
        if self.requested:
            sys.stderr.write(f"qotd-bot: {signal.Signals(signum).name} again: exiting now\n")
            sys.stderr.flush()
            sys.stdout.flush()
            os._exit(128 + signum)  # the conventional status for "killed by this signal"
        self.signal = signum
        log.info("%s received: stopping (send it again to exit at once)", signal.Signals(signum).name)
        self.request()

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopRequest]:
        """Handle the stop signals in the running loop for the ``with`` block."""
        loop = asyncio.get_running_loop()
        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, self._received, signum)
        try:
            yield self
        finally:
            for signum in STOP_SIGNALS:
                loop.remove_signal_handler(signum)


async def run(settings: Settings, *, prepare: bool) -> None:
    """Prepare (optionally), then run the bot until it is stopped (by a signal or a fatal error)."""
    if settings.discord_token is None:
        raise StartupError("DISCORD_TOKEN is not set")
    if settings.discord_api_base:
        discord.http.Route.BASE = (
            settings.discord_api_base
        )  # the local emulator in tests; never in production
    with StopRequest().installed() as stop:
        engine = open_engine(settings)
        try:
            await _run(settings, engine, stop, prepare=prepare)
        finally:
            await engine.dispose()
    if stop.requested:
        log.info("stopped")


async def _run(settings: Settings, engine: AsyncEngine, stop: StopRequest, *, prepare: bool) -> None:
    # A signal during the preparation lets it finish (never half a migration), then stops.
    if prepare:
        await upgrade_async(settings.database_url)
        log.info("database schema is up to date")
    elif await current_async(settings.database_url) != head_revision():
        raise StartupError(
            "the database schema is not up to date: run `qotd db upgrade` (or `qotd run --prepare`)"
        )
    try:
        bank = load_bank(settings.bank_dir)
    except BankError as exc:
        raise StartupError(f"the question bank cannot be loaded: {exc}") from exc
    services = build_services(
        make_uow_factory(engine),
        SystemClock(),
        bank,
        content_dir=settings.content_dir,
        read_uow_factory=make_uow_factory(engine, read_only=True),
    )
    report = await services.bank_sync.sync(bank)
    log.info("question bank synced: %s", report)
    if stop.requested:
        return
    bot = create_bot(settings, services)
    # What start-up built (modules, the bank, the engine) lives as long as the process: frozen,
    # full garbage collections stop traversing it, which keeps their pauses (and with them the
    # tail latency of every interaction in flight) short. Measured in bench/RESULTS.md.
    gc.collect()
    gc.freeze()
    try:
        async with bot, HealthReporter(bot, settings.health_file) as health:
            await serve(bot, settings, stop, health=health)
    finally:
        # Answers already accepted are written before the engine is disposed.
        await services.answers.aclose()


async def serve(
    bot: QotdBot, settings: Settings, stop: StopRequest, *, health: HealthReporter | None = None
) -> None:
    """Log in and stay connected until ``stop`` is requested or the connection ends for good.

    While Discord cannot be reached it waits and tries again (``wait_for_discord``); ``health``
    then says "connecting" and why.
    """
    assert settings.discord_token is not None
    session = asyncio.create_task(
        _connect(bot, settings.discord_token.get_secret_value(), settings, stop, health),
        name="qotd-session",
    )
    stopping = asyncio.create_task(stop.wait(), name="qotd-stop")
    try:
        await asyncio.wait({session, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not session.done():
            # close() unloads the cogs (stopping the alarm) and ends the gateway connections.
            await bot.close()
            await asyncio.wait({session}, timeout=CLOSE_TIMEOUT_S)
            if not session.done():
                log.warning("the Discord connection did not close within %.0f s", CLOSE_TIMEOUT_S)
    finally:
        stopping.cancel()
        if not session.done():
            session.cancel()
    if stop.requested:
        # Closing mid-login can fail the request in flight; that is the stop, not an error.
        with contextlib.suppress(Exception, asyncio.CancelledError):
            session.result()
        return
    try:
        session.result()
    except discord.LoginFailure as exc:
        raise StartupError(
            "Discord rejected the token: copy it again from the Developer Portal (Bot > Reset Token)"
        ) from exc
    except discord.PrivilegedIntentsRequired as exc:  # we ask for none; kept for a clear message
        raise StartupError("Discord says a privileged intent is required but not enabled") from exc
    except _UNREACHABLE as exc:
        raise DiscordLost(describe(exc)) from exc


async def _connect(
    bot: QotdBot, token: str, settings: Settings, stop: StopRequest, health: HealthReporter | None
) -> None:
    on_problem = health.connecting if health is not None else lambda _: None
    if not await wait_for_discord(token, stop.wait, on_problem=on_problem) or stop.requested:
        return  # stopped while waiting
    await bot.login(token)
    if settings.discord_api_base:
        # discord.py asks an API for its gateway only when it picks the shard count itself;
        # with SHARD_COUNT set it would dial Discord's own gateway, not the emulator's.
        _, url, _ = await bot.http.get_bot_gateway()
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
    await bot.connect()
