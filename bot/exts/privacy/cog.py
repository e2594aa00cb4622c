"""/forget-me: a member deletes what the bot stores about them in this server, after confirming."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.privacy import components, embeds
from bot.exts.shared.replies import member_ref, send_private

if TYPE_CHECKING:
    from bot.app import QotdBot


class PrivacyCog(commands.Cog):
    def __init__(self, bot: QotdBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*components.DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*components.DYNAMIC_ITEMS)

    @app_commands.command(
        name="forget-me", description="Delete your answers, scores and streak in this server (asks first)"
    )
    @app_commands.guild_only()
    async def forget_me(self, interaction: discord.Interaction) -> None:
        """Ask privately before deleting everything the bot stores about you in this server."""
        member = member_ref(interaction)
        await send_private(
            interaction, embed=embeds.confirmation_embed(), view=components.confirm_view(member.member_id)
        )
