"""/bank suggestions: the moderators' queue of members' suggestions, one per page.

Approve, Edit (a prefilled form) and Reject (a form with an optional reason)
edit the queue message in place, which then shows the next suggestion and a
line saying what was done. The member is told by DM either way; closed DMs
only change that line. Every button is a ``DynamicItem`` and every form is
routed by ``FormRouter``, so the queue works after a restart; who may act is
checked by the service on every press (Manage Messages or the reviewer role).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import discord

from bot.domain import limits
from bot.domain.pages import truncate
from bot.domain.suggestions import REASON_MAX, Draft
from bot.exts.shared.answer_posts import tell_privately
from bot.exts.shared.buttons import (
    Button,
    CustomId,
    Direction,
    DynamicItems,
    FormFields,
    StatefulButton,
    paging,
    text,
)
from bot.exts.shared.context import services_of
from bot.exts.shared.formatting import bullets, ts
from bot.exts.shared.forms import Field, open_form
from bot.exts.shared.paging import PageButton, add_page_buttons
from bot.exts.shared.replies import member_ref, replies_errors, send_private
from bot.exts.suggestions.form import open_suggestion_form, read_form
from bot.services.moderation import Moderator
from bot.services.suggestions import SuggestionPage, Verdict

QUEUE_COLOUR = discord.Colour.teal()
ACTIONS = {"approve": "Approve", "edit": "Edit", "reject": "Reject"}
PAGE_ID = CustomId("qotd:sgpage", page=int, direction=paging())
ACTION_ID = CustomId("qotd:sg", action=text("|".join(ACTIONS)), suggestion=int)
EDIT_FORM_ID = CustomId("qotd:sgedit", suggestion=int)
REJECT_FORM_ID = CustomId("qotd:sgrej", suggestion=int)
STYLES = {
    "approve": discord.ButtonStyle.success,
    "edit": discord.ButtonStyle.primary,
    "reject": discord.ButtonStyle.danger,
}
QUOTED = 200  # characters of a prompt quoted in a line or a DM


def moderator_of(interaction: discord.Interaction) -> Moderator:
    """Who decides: Manage Messages (or the reviewer role, checked by the service), and admins too:
    members with Manage Server add questions to the bank themselves with /bank import."""
    permissions = interaction.permissions
    may = permissions.manage_messages or permissions.manage_guild or permissions.administrator
    return Moderator(member_ref(interaction), bool(may))


def queue_embed(page: SuggestionPage, topic_title: Callable[[str], str]) -> discord.Embed:
    item = page.item
    if item is None:
        return discord.Embed(
            title="Suggested questions",
            description="No suggestions are waiting. Members suggest questions with `/suggest`.",
            colour=QUEUE_COLOUR,
        )
    embed = discord.Embed(
        title=f"Suggestion {page.page + 1} of {page.total}",
        description=truncate(
            f"**Question**\n{item.prompt.strip()}\n\n**Answer**\n{item.answer.strip()}", 3000
        ),
        colour=QUEUE_COLOUR,
    )
    embed.add_field(
        name="Key points",
        value=bullets(list(item.key_points), limit=limits.EMBED_FIELD_VALUE)
        if item.key_points
        else "None given: they will be drawn from the answer.",
        inline=False,
    )
    embed.add_field(name="Topic", value=topic_title(item.topic), inline=True)
    embed.add_field(
        name="Suggested by",
        value=f"<@{item.member_id}> ({discord.utils.escape_markdown(item.author_name)}), {ts(item.created_at, 'R')}",
        inline=True,
    )
    footer = "Approve adds it to this server's questions, credited to the member; they are told either way."
    if item.edited_at is not None:
        footer = "Edited by a moderator. " + footer
    embed.set_footer(text=footer)
    return embed


def queue_view(page: SuggestionPage) -> discord.ui.View | None:
    if page.item is None:
        return None
    view = discord.ui.View(timeout=None)
    for action in ACTIONS:
        view.add_item(SuggestionActionButton(page.item.id, action))
    add_page_buttons(view, page.page, page.total, SuggestionPageButton)
    return view


async def show_queue(
    interaction: discord.Interaction, page: int, *, edit: bool = False, note: str = ""
) -> None:
    """The queue at ``page``, as a new private message or (``edit``) in place of the one clicked."""
    shown = await services_of(interaction).suggestions.queue(moderator_of(interaction), page)
    await _show(interaction, shown, edit=edit, note=note)


async def _show(interaction: discord.Interaction, shown: SuggestionPage, *, edit: bool, note: str) -> None:
    embed, view = queue_embed(shown, services_of(interaction).bank.topic_title), queue_view(shown)
    if edit and interaction.message is not None:
        await interaction.response.edit_message(content=note or None, embed=embed, view=view)
    else:
        await send_private(interaction, note or None, embed=embed, view=view)


class SuggestionPageButton(PageButton, custom_id=PAGE_ID):
    page: int
    direction: Direction

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await show_queue(interaction, self.page, edit=True)


class SuggestionActionButton(StatefulButton, custom_id=ACTION_ID):
    suggestion: int
    action: str

    def make(self, custom_id: str) -> Button:
        return discord.ui.Button(label=ACTIONS[self.action], style=STYLES[self.action], custom_id=custom_id)

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        suggestions = services_of(interaction).suggestions
        moderator = moderator_of(interaction)
        if self.action == "approve":
            verdict = await suggestions.approve(self.suggestion, moderator)
            await _decided(interaction, verdict)
        elif self.action == "edit":
            record = await suggestions.pending(self.suggestion, moderator)
            await open_suggestion_form(
                interaction,
                custom_id=EDIT_FORM_ID.format(suggestion=self.suggestion),
                title="Edit the suggestion",
                topics=services_of(interaction).bank.topics,
                draft=Draft(record.prompt, record.answer, record.key_points, record.topic),
            )
        else:
            await suggestions.pending(self.suggestion, moderator)  # refused now, not after typing a reason
            await open_form(
                interaction,
                custom_id=REJECT_FORM_ID.format(suggestion=self.suggestion),
                title="Reject the suggestion",
                fields=[
                    Field(
                        custom_id="reason",
                        label="Reason (optional; the member will read it)",
                        max_length=REASON_MAX,
                        required=False,
                        placeholder="e.g. We already ask this one; try a question about streams.",
                    )
                ],
            )


def verdict_dm(verdict: Verdict, guild: discord.Guild | None) -> str:
    """What the member reads: their question, where, and what became of it."""
    where = f" for **{discord.utils.escape_markdown(guild.name)}**" if guild is not None else ""
    prompt = truncate(" ".join(verdict.prompt.split()), QUOTED)
    if verdict.approved:
        return (
            f"Your suggested question “{prompt}”{where} was approved: it joins the server's questions, "
            "credited to you. Thank you!"
        )
    reason = f"\nReason: {truncate(verdict.reason, REASON_MAX)}" if verdict.reason else ""
    return f"Your suggested question “{prompt}”{where} was not added.{reason}"


async def _decided(interaction: discord.Interaction, verdict: Verdict) -> None:
    delivered = await tell_privately(
        interaction.client, verdict.member_id, verdict_dm(verdict, interaction.guild)
    )
    name = discord.utils.escape_markdown(verdict.author_name)
    told = f"{name} was told by DM." if delivered else f"{name}'s DMs are closed, so they were not told."
    prompt = discord.utils.escape_markdown(truncate(" ".join(verdict.prompt.split()), QUOTED))
    if verdict.approved:
        done = f"✅ Added “{prompt}” to this server's questions, credited to {name} (see `/bank list`)."
    else:
        done = f"Rejected “{prompt}”."
    page = _same_page(interaction)
    await show_queue(interaction, page, edit=True, note=f"{done} {told}")


def _same_page(interaction: discord.Interaction) -> int:
    """The page the moderator was on: the next suggestion moves up into it."""
    title = interaction.message.embeds[0].title if interaction.message and interaction.message.embeds else ""
    found = re.match(r"Suggestion (\d+) of", title or "")
    return int(found[1]) - 1 if found else 0


async def submit_edit(interaction: discord.Interaction, form: FormFields, values: Mapping[str, str]) -> None:
    draft = await read_form(interaction, values)  # a refused edit is given back to the moderator
    if draft is None:
        return
    shown = await services_of(interaction).suggestions.edit(
        form["suggestion"], moderator_of(interaction), draft
    )
    await _show(interaction, shown, edit=True, note="Saved your changes. Approve it when it reads right.")


async def submit_reject(
    interaction: discord.Interaction, form: FormFields, values: Mapping[str, str]
) -> None:
    verdict = await services_of(interaction).suggestions.reject(
        form["suggestion"], moderator_of(interaction), values.get("reason", "")
    )
    await _decided(interaction, verdict)


QUEUE_ITEMS: DynamicItems = (SuggestionPageButton, SuggestionActionButton)
QUEUE_FORMS = ((EDIT_FORM_ID, submit_edit), (REJECT_FORM_ID, submit_reject))
