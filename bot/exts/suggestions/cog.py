"""/suggest: members propose questions for their server's bank; moderators review them (/bank suggestions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import DomainError
from bot.domain.suggestions import PENDING_MAX
from bot.exts.shared.buttons import CustomId, FormFields
from bot.exts.shared.context import services_of
from bot.exts.shared.replies import member_ref, send_private
from bot.exts.suggestions import review
from bot.exts.suggestions.form import given_back, open_suggestion_form, read_form

if TYPE_CHECKING:
    from bot.app import QotdBot

SUGGEST_FORM_ID = CustomId("qotd:suggest")


async def submit_suggestion(
    interaction: discord.Interaction, form: FormFields, values: Mapping[str, str]
) -> None:
    draft = await read_form(interaction, values)
    if draft is None:
        return
    try:
        submitted = await services_of(interaction).suggestions.suggest(
            member_ref(interaction), interaction.user.display_name, draft
        )
    except DomainError as refused:  # e.g. another suggestion of theirs was sent meanwhile
        await send_private(interaction, given_back(values, str(refused)))
        return
    await send_private(
        interaction,
        "Thanks! Your question is waiting for a moderator; you'll get a DM when it has been reviewed. "
        f"You have {submitted.pending} of {PENDING_MAX} suggestions waiting in this server.",
    )


class Suggest(commands.Cog):
    def __init__(self, bot: QotdBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*review.QUEUE_ITEMS)
        for form, handler in ((SUGGEST_FORM_ID, submit_suggestion), *review.QUEUE_FORMS):
            self.bot.forms.register(form, handler)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*review.QUEUE_ITEMS)
        for handler in (submit_suggestion, *(h for _, h in review.QUEUE_FORMS)):
            self.bot.forms.unregister(handler)

    @app_commands.command(
        name="suggest", description="Suggest a question for this server (a moderator reviews it)"
    )
    @app_commands.guild_only()
    async def suggest(self, interaction: discord.Interaction) -> None:
        """Open the suggestion form, unless the member already has the most suggestions waiting."""
        await self.bot.services.suggestions.check_room(member_ref(interaction))
        await open_suggestion_form(
            interaction,
            custom_id=SUGGEST_FORM_ID.format(),
            title="Suggest a question",
            topics=self.bot.services.bank.topics,
        )
