"""/qotd: an admin sets the question of the day up once, then checks on it.

Every command here needs Manage Server, checked in code (the command's default
permissions only hide it). Each callback validates, calls one service and renders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain import schedule as sched
from bot.domain.durations import describe, parse_duration
from bot.domain.errors import DomainError
from bot.domain.topics import resolve_topics
from bot.exts.admin import embeds
from bot.exts.shared.checks import admin_only, missing_permissions
from bot.exts.shared.choices import DIFFICULTIES
from bot.exts.shared.formatting import ts
from bot.exts.shared.replies import send_private
from bot.exts.shared.topics import topic_choices
from bot.services.schedules import Schedules

if TYPE_CHECKING:
    from bot.app import QotdBot


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class QotdAdmin(
    commands.GroupCog, group_name="qotd", group_description="Set up and manage the question of the day"
):
    def __init__(self, bot: QotdBot) -> None:
        self.bot = bot
        super().__init__()

    @property
    def _schedules(self) -> Schedules:
        return self.bot.services.schedules

    @app_commands.command(name="setup", description="Choose where and when the daily question is posted")
    @app_commands.describe(
        channel="Where the question is posted",
        time="Local time of day, e.g. 09:30 or 9pm",
        timezone="Your server's time zone, e.g. Europe/Berlin (start typing a city)",
        reveal_after="How long answers stay open, e.g. 6h or 90m (default: until shortly before the next question)",
        topics="Only these topic areas (comma-separated; default: all)",
        difficulty="Only questions of this difficulty (default: any)",
        ping_role="A role to mention in each post (default: no pings)",
        thread="Open a discussion thread under each question",
        reviewer_role="A role whose members may review answers, besides Manage Messages (default: unchanged)",
    )
    @app_commands.choices(difficulty=DIFFICULTIES)
    @admin_only()
    async def setup_(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: str,
        timezone: str,
        reveal_after: str | None = None,
        topics: str | None = None,
        difficulty: app_commands.Choice[str] | None = None,
        ping_role: discord.Role | None = None,
        thread: bool = False,
        reviewer_role: discord.Role | None = None,
    ) -> None:
        """Set up (or change) the daily question for this server."""
        me = channel.guild.me
        missing = missing_permissions(channel, me, threads=thread) if me is not None else []
        if missing:
            raise DomainError(
                f"I can't post in {channel.mention} yet: I'm missing **{', '.join(missing)}** there. "
                "Grant them in the channel's settings, then run /qotd setup again."
            )
        delay = parse_duration(reveal_after) if reveal_after else None
        if ping_role is not None and ping_role.is_default():
            raise DomainError("Pinging @everyone is not allowed; pick a role members can opt into.")
        schedule = await self._schedules.setup(
            channel.guild.id,
            channel_id=channel.id,
            post_time=time,
            timezone=timezone,
            reveal_after_minutes=int(delay.total_seconds() // 60) if delay else None,
            topics=resolve_topics(topics, self.bot.services.bank.topics),
            difficulty=difficulty.value if difficulty else None,
            ping_role_id=ping_role.id if ping_role else None,
            open_thread=thread,
        )
        self.bot.wakeup.now()  # the first post may be due sooner than the alarm's next tick
        note = f" Answers stay open for {describe(delay)}." if delay else ""
        if reviewer_role is not None:
            await self.bot.services.moderation.set_reviewer_role(channel.guild.id, reviewer_role.id)
            note += f" Members with {reviewer_role.mention} can review answers (/moderate reviews)."
        await send_private(
            interaction,
            f"All set: questions go to {channel.mention} at {schedule.post_time} ({schedule.timezone}).{note}",
            embed=embeds.status_embed(schedule, self.bot.services.bank.topic_title),
        )

    @setup_.autocomplete("timezone")
    async def _timezones(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=z, value=z) for z in sched.search_zones(current, limit=25)]

    @setup_.autocomplete("topics")
    async def _topics(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot, current, many=True)

    @app_commands.command(name="status", description="Show the schedule, the next post and any problem")
    @admin_only()
    async def status(self, interaction: discord.Interaction) -> None:
        """Show this server's schedule."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        status = await self._schedules.status(interaction.guild_id)
        await send_private(
            interaction,
            embed=embeds.status_embed(status.schedule, self.bot.services.bank.topic_title, status),
        )

    @app_commands.command(name="pause", description="Stop posting until you resume")
    @admin_only()
    async def pause(self, interaction: discord.Interaction) -> None:
        """Pause the daily question."""
        await self._schedules.pause(
            interaction.guild_id, f"paused by {interaction.user.display_name}", paused_by=interaction.user.id
        )
        await send_private(interaction, "Paused. No questions are posted until someone runs /qotd resume.")

    @app_commands.command(name="resume", description="Start posting again")
    @admin_only()
    async def resume(self, interaction: discord.Interaction) -> None:
        """Resume the daily question."""
        schedule = await self._schedules.resume(interaction.guild_id)
        self.bot.wakeup.now()
        await send_private(
            interaction, "Resumed.", embed=embeds.status_embed(schedule, self.bot.services.bank.topic_title)
        )

    @app_commands.command(name="skip", description="Skip the next question (that day gets none)")
    @admin_only()
    async def skip(self, interaction: discord.Interaction) -> None:
        """Skip the next day's question."""
        slot = await self._schedules.skip(interaction.guild_id)
        await send_private(
            interaction,
            f"Skipped: no question on {ts(slot.at, 'D')} (it would have been posted {ts(slot.at, 'R')}). "
            "The next one comes the day after, as usual.",
        )

    @app_commands.command(
        name="post-now", description="Post today's question now instead of at the usual time"
    )
    @admin_only()
    async def post_now(self, interaction: discord.Interaction) -> None:
        """Post today's question right away."""
        await self.bot.services.daily.post_now(interaction.guild_id)
        self.bot.wakeup.now()
        await send_private(
            interaction,
            "Posting today's question now: it will be in the question channel in a moment. "
            "Tomorrow's comes at the usual time.",
        )

    @app_commands.command(name="preview", description="See the next questions (only you see them)")
    @app_commands.describe(count="How many upcoming questions to show (1-5)")
    @admin_only()
    async def preview(
        self, interaction: discord.Interaction, count: app_commands.Range[int, 1, 5] = 3
    ) -> None:
        """Preview the upcoming questions privately."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        upcoming = await self._schedules.upcoming(interaction.guild_id, count)
        await send_private(
            interaction, embeds=embeds.preview_embeds(upcoming, self.bot.services.bank.topic_title)
        )

    @app_commands.command(name="history", description="Past questions with links to their posts")
    @app_commands.describe(page="Page of the history (10 per page)")
    @admin_only()
    async def history(
        self, interaction: discord.Interaction, page: app_commands.Range[int, 1, 1000] = 1
    ) -> None:
        """List past questions."""
        history = await self._schedules.history_page(interaction.guild_id, page - 1)
        await send_private(interaction, embed=embeds.history_embed(interaction.guild_id, history))
