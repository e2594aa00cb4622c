"""The /forget-me confirmation buttons; they carry the member's id and survive restarts."""

from __future__ import annotations

import discord

from bot.domain.errors import DomainError
from bot.exts.privacy import embeds
from bot.exts.shared.buttons import Button, CustomId, DynamicItems, StatefulButton, flag
from bot.exts.shared.context import services_of
from bot.exts.shared.replies import member_ref, replies_errors

FORGET_ID = CustomId("privacy:forget", member=int, delete=flag("delete", "keep"))
NOT_YOURS = "These buttons belong to the member who asked; run /forget-me to delete your own data."


def confirm_view(member_id: int, *, closed: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for delete in (True, False):
        item = ForgetButton(member_id, delete=delete)
        item.item.disabled = closed
        view.add_item(item)
    return view


class ForgetButton(StatefulButton, custom_id=FORGET_ID):
    """The confirmation (``delete``) or cancel (``keep``) button for the member whose id it carries."""

    member: int
    delete: bool

    def make(self, custom_id: str) -> Button:
        return discord.ui.Button(
            label=embeds.DELETE_LABEL if self.delete else "Cancel",
            style=discord.ButtonStyle.danger if self.delete else discord.ButtonStyle.secondary,
            custom_id=custom_id,
        )

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        member = member_ref(interaction)
        if member.member_id != self.member:
            raise DomainError(NOT_YOURS)
        if not self.delete:
            await interaction.response.edit_message(
                content="Cancelled: nothing was deleted.", view=confirm_view(self.member, closed=True)
            )
            return
        # Deleting is one transaction over several tables: acknowledge first.
        await interaction.response.defer()
        report = await services_of(interaction).privacy.forget(member.member_id, member.guild_id)
        await interaction.edit_original_response(
            embed=embeds.summary_embed(report.counts), view=confirm_view(self.member, closed=True)
        )


DYNAMIC_ITEMS: DynamicItems = (ForgetButton,)
