"""The /forget-me confirmation buttons; they carry the member's id and survive restarts."""

from __future__ import annotations

from typing import Any

import discord

from bot.domain.errors import DomainError
from bot.exts.privacy import embeds
from bot.exts.shared.context import services_of
from bot.exts.shared.replies import member_ref, replies_errors

NOT_YOURS = "These buttons belong to the member who asked; run /forget-me to delete your own data."


def confirm_view(member_id: int, *, closed: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for delete in (True, False):
        item = ForgetButton(member_id, delete=delete)
        item.item.disabled = closed
        view.add_item(item)
    return view


class ForgetButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"privacy:forget:(?P<member>[0-9]+):(?P<choice>delete|keep)",
):
    """The confirmation (``delete``) or cancel (``keep``) button for the member whose id it carries."""

    def __init__(self, member_id: int, *, delete: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label=embeds.DELETE_LABEL if delete else "Cancel",
                style=discord.ButtonStyle.danger if delete else discord.ButtonStyle.secondary,
                custom_id=f"privacy:forget:{member_id}:{'delete' if delete else 'keep'}",
            )
        )
        self.member_id = member_id
        self.delete = delete

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> ForgetButton:
        return cls(int(match["member"]), delete=match["choice"] == "delete")

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        member = member_ref(interaction)
        if member.member_id != self.member_id:
            raise DomainError(NOT_YOURS)
        if not self.delete:
            await interaction.response.edit_message(
                content="Cancelled: nothing was deleted.", view=confirm_view(self.member_id, closed=True)
            )
            return
        # Deleting is one transaction over several tables: acknowledge first.
        await interaction.response.defer()
        report = await services_of(interaction).privacy.forget(member.member_id, member.guild_id)
        await interaction.edit_original_response(
            embed=embeds.summary_embed(report.counts), view=confirm_view(self.member_id, closed=True)
        )


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (ForgetButton,)
