"""``main()`` for the bot process: owns every resource's lifetime.

The engine, the loaded bank, the services and the Discord client are created
here, once, in this order, and closed in reverse, whatever happens.
"""

from __future__ import annotations

import logging
import sys

import discord

from bot.app import create_bot
from bot.db.engine import create_engine
from bot.db.migrate import current_async, head_revision, upgrade_async
from bot.db.uow import make_uow_factory
from bot.domain.clock import SystemClock
from bot.questionbank.bank import load_bank
from bot.questionbank.errors import BankError
from bot.services.container import build_services
from bot.settings import Settings

log = logging.getLogger("bot")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT, stream=sys.stdout, force=True)
    logging.getLogger("discord.http").setLevel(logging.WARNING)  # 429s are still logged at WARNING


class StartupError(Exception):
    """Something a person must fix before the bot can start; the message says what."""


async def run(settings: Settings, *, prepare: bool) -> None:
    """Prepare (optionally), then run the bot until it is stopped."""
    if settings.discord_token is None:
        raise StartupError("DISCORD_TOKEN is not set")
    if settings.discord_api_base:
        discord.http.Route.BASE = (
            settings.discord_api_base
        )  # the local emulator in tests; never in production
    engine = create_engine(settings.database_url)
    try:
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
            make_uow_factory(engine), SystemClock(), bank, content_dir=settings.content_dir
        )
        report = await services.bank_sync.sync(bank)
        log.info("question bank synced: %s", report)
        bot = create_bot(settings, services)
        async with bot:
            try:
                await bot.start(settings.discord_token.get_secret_value())
            except discord.LoginFailure as exc:
                raise StartupError(
                    "Discord rejected the token: copy it again from the Developer Portal (Bot > Reset Token)"
                ) from exc
            except discord.PrivilegedIntentsRequired as exc:  # we ask for none; kept for a clear message
                raise StartupError("Discord says a privileged intent is required but not enabled") from exc
    finally:
        await engine.dispose()
