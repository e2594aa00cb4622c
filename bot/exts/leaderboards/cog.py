"""/leaderboard, /rank, /streak, /stats and /topics: how members and the server are doing.

/leaderboard posts one public board (under a per-member cooldown) whose
period buttons, topic and role menus and page buttons redraw it in place for
whoever asked, free of that cooldown; anyone else pressing gets a private copy.
/stats, which draws two charts, has a cooldown too. /rank, /streak, /stats and
/topics answer privately, also when asked about someone else: nobody is put on
display in the channel without choosing to, and the channel is not flooded with
look-ups. Each callback
validates, calls one service and renders.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import DomainError
from bot.domain.periods import Period
from bot.domain.topics import find_topic
from bot.exts.leaderboards import embeds
from bot.exts.leaderboards.chart import TopicBar, render_points_chart, render_topics_chart
from bot.exts.leaderboards.components import (
    DYNAMIC_ITEMS,
    PRESS_SECONDS,
    PRESSES_PER_MEMBER,
    board_message,
    guild_of,
)
from bot.exts.leaderboards.query import BoardQuery
from bot.exts.shared.cooldowns import MemberCooldown
from bot.exts.shared.replies import NO_PINGS, send_private
from bot.exts.shared.topics import topic_choices

if TYPE_CHECKING:
    from bot.app import QotdBot

PERIOD_CHOICES = [app_commands.Choice(name=embeds.PERIOD_NAMES[p], value=p.value) for p in Period]
STATS_DAYS = 30
BOARD_COOLDOWN_SECONDS = 30
STATS_PER_MEMBER = 2  # /stats draws a chart: at most this many ...
STATS_COOLDOWN_SECONDS = 60  # ... per member in this many seconds


def _draw(points_by_day: Sequence[tuple[date, int]], bars: Sequence[TopicBar]) -> tuple[bytes, bytes]:
    """Both /stats charts, in one worker-thread hop."""
    return render_points_chart(points_by_day), render_topics_chart(bars)


def _subject(interaction: discord.Interaction, member: discord.Member | None) -> tuple[int, bool]:
    """Whose numbers to show (the caller by default), and whether that is the caller."""
    if member is None or member.id == interaction.user.id:
        return interaction.user.id, True
    if member.bot:
        raise DomainError("Bots don't answer questions, so they have no points or streaks.")
    return member.id, False


class LeaderboardsCog(commands.Cog):
    """Boards, ranks, streaks, personal stats and topic areas."""

    def __init__(self, bot: QotdBot) -> None:
        self.bot = bot
        self._board_cooldown = MemberCooldown(1, BOARD_COOLDOWN_SECONDS)
        self._stats_cooldown = MemberCooldown(STATS_PER_MEMBER, STATS_COOLDOWN_SECONDS)
        self.press_guard = MemberCooldown(PRESSES_PER_MEMBER, PRESS_SECONDS)  # the controls' flood guard

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    @app_commands.command(
        name="leaderboard", description="Who has the most points today, this week, this month or all time"
    )
    @app_commands.describe(
        period="Which period (default: this week)",
        topic="Only points from one topic area",
        role="Only members who answered while having this role",
    )
    @app_commands.choices(period=PERIOD_CHOICES)
    @app_commands.guild_only()
    async def leaderboard(
        self,
        interaction: discord.Interaction,
        period: app_commands.Choice[str] | None = None,
        topic: str | None = None,
        role: discord.Role | None = None,
    ) -> None:
        """Post the server's leaderboard in the channel with its controls; your own place is always on it."""
        self._board_cooldown.hit(interaction)
        found = find_topic(topic, self.bot.services.bank.topics) if topic else None
        query = BoardQuery(
            period=Period(period.value) if period else Period.WEEK,
            caller_id=interaction.user.id,
            # @everyone is on nobody's recorded roles: it means the whole server.
            role_id=role.id if role is not None and not role.is_default() else None,
            topic=BoardQuery.topic_token(found),
        )
        embed, view = await board_message(interaction, query)
        await interaction.response.send_message(embed=embed, view=view, allowed_mentions=NO_PINGS)

    @leaderboard.autocomplete("topic")
    async def _topics(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot, current)

    @app_commands.command(
        name="rank", description="Your place on the all-time board, with who is just ahead and behind"
    )
    @app_commands.describe(member="Someone else's rank (default: yours); only you see the answer")
    @app_commands.guild_only()
    async def rank(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        """Show a member's all-time rank and their neighbours, privately."""
        member_id, is_self = _subject(interaction, member)
        view = await self.bot.services.leaderboards.rank(
            guild_of(interaction), member_id, Period.ALL, neighbours=2
        )
        await send_private(interaction, embed=embeds.rank_embed(view, member_id=member_id, is_self=is_self))

    @app_commands.command(name="streak", description="Your current and best daily-answer streak")
    @app_commands.describe(member="Someone else's streak (default: yours); only you see the answer")
    @app_commands.guild_only()
    async def streak(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        """Show a member's current and best streak, privately."""
        member_id, is_self = _subject(interaction, member)
        view = await self.bot.services.leaderboards.streak(guild_of(interaction), member_id)
        await send_private(interaction, embed=embeds.streak_embed(view, member_id=member_id, is_self=is_self))

    @app_commands.command(
        name="stats", description="A chart of your points per day and your accuracy per topic"
    )
    @app_commands.describe(member="Someone else's stats (default: yours); only you see the answer")
    @app_commands.guild_only()
    async def stats(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        """Show a member's points over the last 30 days and accuracy per topic, privately, with a chart."""
        member_id, is_self = _subject(interaction, member)
        guild_id = guild_of(interaction)
        self._stats_cooldown.hit(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)  # drawing takes a moment
        stats = await self.bot.services.leaderboards.stats(guild_id, member_id, days=STATS_DAYS)
        has_data = bool(stats.totals.answers or stats.accuracy_by_topic)
        shown = embeds.stats_embeds(
            stats, member_id=member_id, is_self=is_self, topic_title=self.bot.services.bank.topic_title, charts=has_data
        )
        if not has_data:
            await send_private(interaction, embeds=shown)
            return
        bars = [
            TopicBar(self.bot.services.bank.topic_title(r.topic), r.answered, r.correct + r.coverage)
            for r in stats.accuracy_by_topic
        ]
        points, topics = await asyncio.to_thread(_draw, stats.points_by_day, bars)
        await send_private(
            interaction,
            embeds=shown,
            files=[
                discord.File(io.BytesIO(points), filename=embeds.POINTS_CHART),
                discord.File(io.BytesIO(topics), filename=embeds.TOPICS_CHART),
            ],
        )

    @app_commands.command(
        name="topics", description="The topic areas, how many questions each has, and your progress in each"
    )
    @app_commands.guild_only()
    async def topics(self, interaction: discord.Interaction) -> None:
        """List the topic areas with this server's question counts and your review cards, privately."""
        progress = await self.bot.services.reviews.progress(guild_of(interaction), interaction.user.id)
        await send_private(interaction, embed=embeds.topics_embed(self.bot.services.bank.topics, progress))
