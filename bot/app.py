"""The bot: ``create_bot`` wires discord.py to the services (tests build it the same way).

Resources (database engine, services, the alarm's clock) are created by the
caller (``bot.runner`` in production, the test harness in tests) and passed in;
nothing here connects at import.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.shared.forms import FormRouter
from bot.exts.shared.replies import NO_PINGS, reply_error
from bot.health import RoundHealth
from bot.scheduler import Alarm, ApschedulerAlarm, Wake, Wakeup, at_most_every
from bot.services.container import Services
from bot.settings import Settings

log = logging.getLogger(__name__)

EXTENSIONS: tuple[str, ...] = (
    "bot.exts.admin",
    "bot.exts.daily",
    "bot.exts.help",
    "bot.exts.leaderboards",
    "bot.exts.quiz",
    "bot.exts.practice",
    "bot.exts.server_bank",
    "bot.exts.privacy",
    "bot.exts.suggestions",
)
"""Every feature, loaded at start-up (a test loads each one)."""

AlarmFactory = Callable[[Wake], Alarm]


class QotdTree(app_commands.CommandTree):
    """Every slash command's error becomes one private, friendly reply."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await reply_error(interaction, error)


class QotdBot(commands.AutoShardedBot):
    """discord.py's auto-sharded Bot plus the services, settings and alarm it runs with.

    One process runs every shard Discord recommends, or, with ``SHARD_COUNT`` and
    ``SHARD_IDS``, only its share of a fleet (see ``shard_filters``).
    """

    def __init__(
        self,
        settings: Settings,
        services: Services,
        *,
        make_alarm: AlarmFactory,
        extensions: Sequence[str] = EXTENSIONS,
        **options: object,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # channels, roles and our own permissions; no privileged intents
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=NO_PINGS,
            tree_cls=QotdTree,
            help_command=None,
            **options,  # type: ignore[arg-type]
        )
        self.settings = settings
        self.services = services
        self.make_alarm = make_alarm
        self._extensions = tuple(extensions)
        # Handles for the cogs: the daily cog connects its alarm to ``wakeup`` and notes each
        # finished round in ``round_health`` (read by the health file); others ask for a wake.
        self.wakeup = Wakeup(services.clock)
        self.round_health = RoundHealth()
        self.forms = FormRouter()
        self._housekeeping: Alarm | None = None

    def shard_filters(self) -> list[tuple[int, int]] | None:
        """Which servers this process schedules: those on its shards (None: all)."""
        ids = self.settings.shard_id_list
        if ids is None or self.settings.shard_count is None:
            return None
        return [(i, self.settings.shard_count) for i in ids]

    async def setup_hook(self) -> None:
        # Before any cog can choose a question: the seed's secret is stored, so all processes agree.
        secret = self.settings.selection_secret
        await self.services.installation.prepare(secret.get_secret_value() if secret else None)
        for name in self._extensions:
            await self.load_extension(name)
        await self.sync_commands()
        self._housekeeping = self.make_alarm(at_most_every(self.purge_departed_servers, self.services.clock))
        self._housekeeping.start()

    async def close(self) -> None:
        if self._housekeeping is not None:
            await self._housekeeping.stop()
            self._housekeeping = None
        self.services.server_questions.stop_reading()  # no upload reader outlives the bot
        await super().close()

    async def purge_departed_servers(self) -> None:
        """The daily job: delete the data of servers that removed the bot longer ago than the grace period."""
        grace = timedelta(days=self.settings.removed_server_grace_days)
        deleted = await self.services.departed.purge(grace)
        if deleted:
            log.info("deleted the data of %d server(s) that removed the bot", len(deleted))

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        # Marked, not deleted: the data goes after the grace period unless the bot is added back.
        await self.services.departed.left(guild.id)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.services.departed.joined(guild.id)

    async def sync_commands(self) -> None:
        """Register the slash commands: in the dev guild (instant) when set, else globally."""
        if self.settings.dev_guild_id:
            guild = discord.Object(self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("synced %d slash commands", len(synced))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await self.forms.dispatch(interaction)

    async def on_ready(self) -> None:
        log.info("ready as %s in %d servers", self.user, len(self.guilds))
        # Servers that removed the bot while it was down get their mark now (and returned ones lose it).
        report = await self.services.departed.reconcile((g.id for g in self.guilds), self.shard_filters())
        if report.marked or report.returned:
            log.info(
                "servers that removed the bot: %d newly marked, %d back again", report.marked, report.returned
            )


def create_bot(
    settings: Settings,
    services: Services,
    *,
    make_alarm: AlarmFactory | None = None,
    extensions: Sequence[str] = EXTENSIONS,
) -> QotdBot:
    """The bot, wired to ``services``; ``make_alarm`` defaults to APScheduler on the wall clock."""
    shard_ids = settings.shard_id_list
    options: dict[str, object] = {}
    if settings.shard_count is not None:
        options["shard_count"] = settings.shard_count
    if shard_ids is not None:
        options["shard_ids"] = shard_ids
    return QotdBot(
        settings,
        services,
        make_alarm=make_alarm or (lambda wake: ApschedulerAlarm(wake)),
        extensions=extensions,
        **options,
    )
