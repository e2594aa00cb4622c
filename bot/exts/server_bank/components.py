"""The buttons of /bank: an import preview's Add/Cancel and the list's pages; they survive restarts.

Each is a ``DynamicItem`` whose state lives in its ``custom_id`` (the import
token, or the page), registered by the cog. A preview itself lives in the
service's memory for 15 minutes: after a restart or that time, Add says it
expired (the service's refusal) and the admin uploads the file again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from bot.exts.server_bank import embeds
from bot.exts.shared.checks import is_admin
from bot.exts.shared.context import bot_of, services_of
from bot.exts.shared.replies import NotAdmin, member_ref, replies_errors
from bot.services.server_questions import QuestionSummary

TOKEN = r"(?P<token>[A-Za-z0-9_-]{1,64})"


def require_admin(interaction: discord.Interaction) -> int:
    """The server's id, once the clicking member is known to have Manage Server."""
    guild_id = member_ref(interaction).guild_id
    if not is_admin(interaction):
        raise NotAdmin()
    return guild_id


def preview_view(token: str, *, closed: bool = False) -> discord.ui.View:
    """Add/Cancel under a preview; both disabled once the admin chose."""
    view = discord.ui.View(timeout=None)
    for add in (True, False):
        item = ImportChoiceButton(token, add=add)
        item.item.disabled = closed
        view.add_item(item)
    return view


class ImportChoiceButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"bank:(?P<action>add|cancel):{TOKEN}"
):
    """Add a previewed upload to the server's pool (all of it), or drop it."""

    def __init__(self, token: str, *, add: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label=embeds.ADD_LABEL if add else "Cancel",
                style=discord.ButtonStyle.success if add else discord.ButtonStyle.secondary,
                custom_id=f"bank:{'add' if add else 'cancel'}:{token}",
            )
        )
        self.token = token
        self.add = add

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> ImportChoiceButton:
        return cls(match["token"], add=match["action"] == "add")

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        guild_id = require_admin(interaction)
        uploads = services_of(interaction).server_questions
        closed = preview_view(self.token, closed=True)
        if not self.add:
            # An expired preview is gone anyway: either way nothing was added.
            await uploads.cancel_import(self.token)
            await interaction.response.edit_message(content="Cancelled: nothing was added.", view=closed)
            return
        # Storing a large upload is one transaction that may take a moment: acknowledge first.
        await interaction.response.defer()
        result = await uploads.confirm_import(guild_id, self.token)
        await interaction.edit_original_response(content=embeds.import_outcome(result), view=closed)


def list_page(
    interaction: discord.Interaction, questions: Sequence[QuestionSummary], page: int
) -> tuple[discord.Embed, discord.ui.View]:
    """One page of /bank list (clamped to the pages there are) and its Previous/Next buttons."""
    pages = embeds.page_count(len(questions))
    page = min(max(page, 0), pages - 1)
    embed = embeds.list_embed(questions, page, bot_of(interaction).topic_title)
    view = discord.ui.View(timeout=None)
    if pages > 1:
        for target, direction in ((page - 1, "prev"), (page + 1, "next")):
            button = ListPageButton(max(0, min(target, pages - 1)), direction)
            button.item.disabled = not 0 <= target < pages
            view.add_item(button)
    return embed, view


class ListPageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"bank:list:(?P<page>[0-9]+):(?P<direction>prev|next)",
):
    """Flips /bank list in place; the direction keeps the two buttons' ids distinct at the ends."""

    def __init__(self, page: int, direction: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="◀ Previous" if direction == "prev" else "Next ▶",
                style=discord.ButtonStyle.secondary,
                custom_id=f"bank:list:{page}:{direction}",
            )
        )
        self.page = page
        self.direction = direction

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> ListPageButton:
        return cls(int(match["page"]), match["direction"])

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        guild_id = require_admin(interaction)
        questions = await services_of(interaction).server_questions.summaries(guild_id)
        embed, view = list_page(interaction, questions, self.page)
        await interaction.response.edit_message(embed=embed, view=view)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (ImportChoiceButton, ListPageButton)
