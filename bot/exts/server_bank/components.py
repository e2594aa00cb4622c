"""The buttons of /bank list (its pages; they survive restarts), and the admin check every /bank button makes.

Each is a ``DynamicItem`` whose state lives in its ``custom_id`` (the page),
registered by the cog; the import preview's buttons are in ``preview``.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.exts.server_bank import embeds
from bot.exts.shared.buttons import CustomId, Direction, DynamicItems, paging
from bot.exts.shared.checks import is_admin
from bot.exts.shared.context import services_of
from bot.exts.shared.paging import PageButton, add_page_buttons
from bot.exts.shared.replies import NotAdmin, member_ref, replies_errors
from bot.services.server_questions import QuestionSummary

LIST_PAGE_ID = CustomId("bank:list", page=int, direction=paging())


def require_admin(interaction: discord.Interaction) -> int:
    """The server's id, once the clicking member is known to have Manage Server."""
    guild_id = member_ref(interaction).guild_id
    if not is_admin(interaction):
        raise NotAdmin()
    return guild_id


def list_page(
    interaction: discord.Interaction, questions: Sequence[QuestionSummary], page: int
) -> tuple[discord.Embed, discord.ui.View]:
    """One page of /bank list (clamped to the pages there are) and its Previous/Next buttons."""
    pages = embeds.page_count(len(questions))
    page = min(max(page, 0), pages - 1)
    embed = embeds.list_embed(questions, page, services_of(interaction).bank.topic_title)
    view = discord.ui.View(timeout=None)
    add_page_buttons(view, page, pages, ListPageButton)
    return embed, view


class ListPageButton(PageButton, custom_id=LIST_PAGE_ID):
    """Flips /bank list in place."""

    page: int
    direction: Direction

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        guild_id = require_admin(interaction)
        questions = await services_of(interaction).server_questions.summaries(guild_id)
        embed, view = list_page(interaction, questions, self.page)
        await interaction.response.edit_message(embed=embed, view=view)


DYNAMIC_ITEMS: DynamicItems = (ListPageButton,)
