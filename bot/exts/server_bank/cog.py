"""/bank: a server's own questions and its sources. Admins import documents (after a private preview), list,
remove, export, and turn the bank's documents and packs on or off for this server (/bank sources);
moderators review the questions members suggest (/bank suggestions).

Discord's default permissions apply to the whole /bank group, shown to Manage
Server only, so members never see it in their command list or in /help; every
command but /bank suggestions needs Manage Server, checked in code too (the
export carries the model answers). /bank suggestions is checked by the service
(Manage Messages or the server's reviewer role, as /moderate reviews); the same
queue is /moderate suggestions for moderators without Manage Server.
"""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING

import discord
import yaml
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import echo
from bot.domain.short_ids import short_id
from bot.exts.server_bank import components, embeds, preview
from bot.exts.server_bank import sources as source_views
from bot.exts.shared.checks import admin_only, is_admin
from bot.exts.shared.cooldowns import MemberCooldown
from bot.exts.shared.replies import member_ref, send_private
from bot.exts.suggestions import review as suggestion_review
from bot.services.server_questions import ServerQuestions, check_upload_size
from bot.services.sources import Sources

if TYPE_CHECKING:
    from bot.app import QotdBot

# Reading and parsing a document is real work; three tries a minute leave room to fix a file and retry.
IMPORTS_PER_MINUTE = 3


def _question_count(bank_file: str) -> int:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(bank_file, Loader=loader) or {}  # a safe loader: plain data only
    return len(data.get("questions") or [])


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ServerBank(
    commands.GroupCog,
    group_name="bank",
    group_description="This server's questions: import, list, export, sources, members' suggestions",
):
    def __init__(self, bot: QotdBot) -> None:
        self.bot = bot
        self._import_cooldown = MemberCooldown(IMPORTS_PER_MINUTE, 60)
        super().__init__()

    @property
    def _bank(self) -> ServerQuestions:
        return self.bot.services.server_questions

    @property
    def _sources(self) -> Sources:
        return self.bot.services.sources

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*components.DYNAMIC_ITEMS, *preview.PREVIEW_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*components.DYNAMIC_ITEMS, *preview.PREVIEW_ITEMS)

    @app_commands.command(
        name="import", description="Add questions from a .md, .txt or .yaml file (preview first)"
    )
    @app_commands.describe(
        file="A .md or .txt document of questions and answers, or a .yaml bank file (at most 1 MiB)"
    )
    @admin_only()
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        """Preview the questions in a file privately, then add them to this server's pool (or cancel)."""
        self._import_cooldown.hit(interaction)
        guild_id = member_ref(interaction).guild_id
        check_upload_size(file.filename, file.size)  # refused before downloading it
        await interaction.response.defer(ephemeral=True, thinking=True)
        read = await self._bank.preview_import(guild_id, file.filename, await file.read())
        await send_private(
            interaction,
            embed=preview.preview_embed(read, 0, self.bot.services.bank.topic_title),
            view=preview.preview_view(read, 0),
        )

    @app_commands.command(name="list", description="This server's own questions (only you see the list)")
    @app_commands.describe(page="Which page to open (10 questions per page)")
    @admin_only()
    async def list_(
        self, interaction: discord.Interaction, page: app_commands.Range[int, 1, 1000] = 1
    ) -> None:
        """List the questions this server added itself, with their ids."""
        questions = await self._bank.summaries(member_ref(interaction).guild_id)
        embed, view = components.list_page(interaction, questions, page - 1)
        await send_private(interaction, embed=embed, view=view)

    @app_commands.command(
        name="remove", description="Take one of this server's own questions out of its pool"
    )
    @app_commands.describe(question_id="The question (start typing its text, or its id from /bank list)")
    @app_commands.rename(question_id="id")
    @admin_only()
    async def remove(self, interaction: discord.Interaction, question_id: str) -> None:
        """Remove a question this server added; answers and points it already earned stay."""
        await self._bank.remove(member_ref(interaction).guild_id, question_id)
        await send_private(
            interaction,
            f"Removed {echo(short_id(question_id.strip().lower()))}: it won't be asked here again. "
            "Answers and points it already earned stay.",
        )

    @remove.autocomplete("question_id")
    async def _own_questions(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not is_admin(interaction):
            return []  # the prompts are the admins' to see
        return embeds.question_choices(await self._bank.summaries(interaction.guild_id), current)

    @app_commands.command(
        name="sources", description="The documents and packs questions come from; turn any off or on"
    )
    @app_commands.describe(
        off="A source to keep out of this server's question of the day and quizzes",
        on="A source to bring back",
    )
    @admin_only()
    async def sources(
        self, interaction: discord.Interaction, off: str | None = None, on: str | None = None
    ) -> None:
        """List the sources with their question counts; turn one off or on for this server."""
        guild_id = member_ref(interaction).guild_id
        changed = None
        if off:
            changed = await self._sources.turn(guild_id, off, on=False)
        if on:
            changed = await self._sources.turn(guild_id, on, on=True)
        listed = await self._sources.list(guild_id)
        await send_private(interaction, embed=source_views.sources_embed(listed, changed))

    @sources.autocomplete("off")
    async def _sources_on(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._source_choices(interaction, current, on=True)

    @sources.autocomplete("on")
    async def _sources_off(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._source_choices(interaction, current, on=False)

    async def _source_choices(
        self, interaction: discord.Interaction, current: str, *, on: bool
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not is_admin(interaction):
            return []
        return source_views.source_choices(await self._sources.list(interaction.guild_id), current, on=on)

    @app_commands.command(
        name="export", description="Download this server's own questions as an editable file"
    )
    @admin_only()
    async def export(self, interaction: discord.Interaction) -> None:
        """Send this server's own questions as a YAML bank file that /bank import reads back."""
        guild_id = member_ref(interaction).guild_id
        await interaction.response.defer(ephemeral=True, thinking=True)
        text = await self._bank.export(guild_id)
        count = await asyncio.to_thread(_question_count, text)
        if not count:
            await send_private(
                interaction, "This server has no questions of its own yet; add some with `/bank import`."
            )
            return
        file = discord.File(io.BytesIO(text.encode()), filename=f"qotd-questions-{guild_id}.yaml")
        await send_private(interaction, embeds.export_note(count), file=file)

    @app_commands.command(
        name="suggestions", description="Questions members suggested: approve, edit or reject (moderators)"
    )
    async def suggestions(self, interaction: discord.Interaction) -> None:
        """The pending suggestions, oldest first, one per page (Manage Messages or the reviewer role)."""
        await suggestion_review.show_queue(interaction, 0)
