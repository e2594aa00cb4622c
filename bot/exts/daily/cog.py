"""The daily question's moving parts: the alarm that runs the daily round, and Discord events that pause a server."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.exts.daily.components import DYNAMIC_ITEMS, FORM_ID, submit_answer_form
from bot.exts.daily.poster import DiscordPostSender
from bot.exts.daily.result_actions import REVIEW_FORM_ID, submit_review_request
from bot.services.daily_round import DailyRound

if TYPE_CHECKING:
    from bot.app import QotdBot

log = logging.getLogger(__name__)


class DailyCog(commands.Cog):
    """Posts, reveals and the buttons under them."""

    def __init__(self, bot: QotdBot) -> None:
        self.bot = bot
        sender = DiscordPostSender(
            bot, rate=bot.settings.post_rate_per_second, topic_title=bot.services.bank.topic_title
        )
        self.round = DailyRound(bot.services.daily, sender, bot.services.clock, shards=bot.shard_filters())
        self.alarm = bot.make_alarm(self._run_round)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.forms.register(FORM_ID, submit_answer_form)
        self.bot.forms.register(REVIEW_FORM_ID, submit_review_request)
        self.bot.wakeup.connect(self.alarm)
        self.alarm.start()

    async def cog_unload(self) -> None:
        self.bot.wakeup.connect(None)
        await self.alarm.stop()
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.forms.unregister(submit_answer_form)
        self.bot.forms.unregister(submit_review_request)

    async def _run_round(self) -> datetime | None:
        """One daily round (the alarm's wake); when something is next due."""
        upcoming = await self.round.run()
        self.bot.round_health.reconciled(self.bot.services.clock.now())
        return upcoming

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        paused = await self.bot.services.schedules.channel_deleted(channel.guild.id, channel.id)
        if paused:
            log.info("guild %s: question channel deleted; schedule paused", channel.guild.id)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.bot.services.schedules.bot_removed(guild.id, "the bot was removed from the server")
        log.info("guild %s: bot removed; schedule paused", guild.id)
