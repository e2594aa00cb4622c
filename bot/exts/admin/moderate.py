"""/moderate: the moderators' commands (review queue, best answer of the day, members' suggestions).

A group of its own, shown by default to members with Manage Messages: /qotd is
hidden from everyone without Manage Server, so moderators would never see it.
The service checks Manage Messages or the server's reviewer role on every use;
a reviewer role without Manage Messages needs /moderate allowed for it in the
server's Integrations settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.admin import reviews
from bot.exts.suggestions import review as suggestion_review

if TYPE_CHECKING:
    from bot.app import QotdBot


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class Moderate(
    commands.GroupCog,
    group_name="moderate",
    group_description="Review answers and suggested questions (moderators)",
):
    def __init__(self, bot: QotdBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*reviews.QUEUE_ITEMS)
        for form, handler in reviews.QUEUE_FORMS:
            self.bot.forms.register(form, handler)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*reviews.QUEUE_ITEMS)
        for _, handler in reviews.QUEUE_FORMS:
            self.bot.forms.unregister(handler)

    @app_commands.command(name="reviews", description="Answers members asked to have reviewed")
    async def reviews_(self, interaction: discord.Interaction) -> None:
        """Show the review queue privately, one request per page."""
        await reviews.show_queue(interaction, 0)

    @app_commands.command(
        name="best-answer", description="Post a member's answer to the latest question as a best answer"
    )
    @app_commands.describe(member="Whose answer to the latest revealed question")
    async def best_answer(self, interaction: discord.Interaction, member: discord.Member) -> None:
        """Mark a best answer of the day."""
        await reviews.best_answer(interaction, member.id)

    @app_commands.command(
        name="suggestions", description="Questions members suggested: approve, edit or reject"
    )
    async def suggestions(self, interaction: discord.Interaction) -> None:
        """The pending suggestions, oldest first, one per page (also /bank suggestions for admins)."""
        await suggestion_review.show_queue(interaction, 0)
