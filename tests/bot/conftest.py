"""The real qotd bot in simcord's simulated Discord, on a real SQLite file.

``make_qotd()`` builds a world (a guild with #general and #qotd, an admin with
Manage Server and three members), the services on a fresh migrated SQLite
file with the committed question bank (or a subset), and starts the real bot
from ``bot.app.create_bot`` with an alarm that follows simcord's virtual clock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord
from discord import app_commands
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import QotdBot, create_bot
from bot.db.engine import create_engine
from bot.db.uow import make_uow_factory
from bot.domain.errors import DomainError
from bot.domain.questions import Kind, Question
from bot.exts.shared.replies import NotAdmin
from bot.questionbank.bank import Bank, load_bank
from bot.scheduler import LoopAlarm
from bot.services.container import Services, build_services
from bot.settings import Settings
from tests.sim.harness import (
    World,
    assert_no_pings,
    assert_within_discord_limits,
    bot_messages,
    build_world,
    new_env,
    restart_bot,
    start_bot,
    stop_bot,
)

CONTENT = Path(__file__).resolve().parents[2] / "content"
SELECTION_SECRET = "simulated-installation"
ALARM_TICK = timedelta(minutes=10)  # the services announce exact due instants; the tick is a safety net


@pytest.fixture(scope="session")
def full_bank() -> Bank:
    return load_bank(CONTENT / "bank")


def subset(bank: Bank, keep: Callable[[Question], bool]) -> Bank:
    """A bank with only some questions (e.g. only multiple choice), same topics."""
    return Bank(questions=tuple(q for q in bank.questions if keep(q)), topics=bank.topics, groups={})


def only_kind(bank: Bank, kind: Kind) -> Bank:
    return subset(bank, lambda q: q.kind is kind)


@dataclass
class Qotd:
    """A running qotd bot in a simulated guild."""

    world: World[QotdBot]
    services: Services
    engine: AsyncEngine
    factory: Callable[[], QotdBot]

    @property
    def bot(self) -> QotdBot:
        assert self.world.bot is not None
        return self.world.bot

    @property
    def qotd_channel(self) -> simcord.ChannelHandle:
        return self.world.channels["qotd"]

    @property
    def general(self) -> simcord.ChannelHandle:
        return self.world.channels["general"]

    async def restart(self) -> QotdBot:
        return await restart_bot(self.world, self.factory)

    def posts(self) -> list[discord.Message]:
        return bot_messages(self.world, self.qotd_channel)

    def check_every_message(self) -> None:
        """Every message the bot left in the channels fits Discord's limits and pings nobody unasked."""
        for channel in self.world.channels.values():
            for message in bot_messages(self.world, channel):
                assert_within_discord_limits(message)
                roles = [r.id for r in message.role_mentions]
                assert_no_pings(
                    self.world, message, allowed_roles=roles if message.content.startswith("<@&") else ()
                )


MakeQotd = Callable[..., Awaitable[Qotd]]


@pytest.fixture
def sim_env() -> simcord.Env:
    return new_env()


@pytest.fixture
async def make_qotd(sim_env: simcord.Env, sqlite_url: str, full_bank: Bank) -> AsyncIterator[MakeQotd]:
    made: list[Qotd] = []

    async def make(
        *,
        bank: Bank | None = None,
        members: tuple[str, ...] = ("alice", "bob", "carol"),
        bot_overwrites: dict[str, discord.PermissionOverwrite] | None = None,
        **world_options: Any,
    ) -> Qotd:
        bank = bank or full_bank
        world: World[QotdBot] = await build_world(
            env=sim_env, members=members, bot_overwrites=bot_overwrites, **world_options
        )
        engine = create_engine(sqlite_url)
        services = build_services(
            make_uow_factory(engine),
            world.clock,
            bank,
            content_dir=CONTENT,
            read_uow_factory=make_uow_factory(engine, read_only=True),
        )
        await services.bank_sync.sync(bank)
        # A fixed selection secret: the same questions come up on every run, as in production on one
        # installation (a generated one would differ per test database).
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            discord_token="simulated-token",
            shard_count=1,
            selection_secret=SELECTION_SECRET,
        )

        def factory() -> QotdBot:
            return create_bot(
                settings, services, make_alarm=lambda wake: LoopAlarm(wake, world.clock, tick=ALARM_TICK)
            )

        await start_bot(world, factory)
        qotd = Qotd(world=world, services=services, engine=engine, factory=factory)
        made.append(qotd)
        return qotd

    yield make
    for qotd in made:
        await stop_bot(qotd.world, check_errors=False)
        await qotd.engine.dispose()
        unexpected = [e for e in qotd.world.env.errors if not _answered_refusal(e)]
        if unexpected:
            raise BaseExceptionGroup(f"the bot raised {len(unexpected)} unexpected error(s)", unexpected)


def _answered_refusal(error: BaseException) -> bool:
    """A rule's refusal or a failed check: the bot answered it privately (tests assert the reply).

    simcord records every error that reaches the command tree's error handler,
    including the domain errors, failed checks and cooldowns the handler turns
    into friendly replies; only anything else is a bug.
    """
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DomainError | NotAdmin | app_commands.CommandOnCooldown):
            return True
        seen = seen.__cause__ or getattr(seen, "original", None)
    return False
