"""The moderators' review queue: one request per page, with Set score, Keep score and Best answer.

Every button is a ``DynamicItem`` (its state lives in its custom id) and every
form is routed by ``FormRouter``, so the queue works after a restart. Who may
act is checked by the service on every press (Manage Messages, or the
server's reviewer role), not by who could see the message.
"""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.domain import limits
from bot.domain.errors import DomainError
from bot.domain.pages import truncate
from bot.domain.scoring import OPEN_MAX
from bot.exts.shared.answer_posts import BEST_HEADING, post_answer, tell_privately
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
from bot.exts.shared.formatting import bullets, member_text_block, plural
from bot.exts.shared.forms import Field, open_form
from bot.exts.shared.paging import PageButton, add_page_buttons
from bot.exts.shared.replies import member_ref, replies_errors, send_private
from bot.services.moderation import REASON_MAX, Moderator
from bot.services.moderation_results import Decision, QueuePage

QUEUE_COLOUR = discord.Colour.orange()
ACTION_LABELS = {"set": "Set score", "keep": "Keep score", "best": "Best answer"}
PAGE_ID = CustomId("qotd:rvpage", page=int, direction=paging("p", "n"))
ACTION_ID = CustomId("qotd:rv", action=text("|".join(ACTION_LABELS)), review=int)
SET_FORM_ID = CustomId("qotd:rvset", review=int)
KEEP_FORM_ID = CustomId("qotd:rvkeep", review=int)


def moderator_of(interaction: discord.Interaction) -> Moderator:
    permissions = interaction.permissions
    return Moderator(member_ref(interaction), bool(permissions.manage_messages or permissions.administrator))


def queue_embed(page: QueuePage) -> discord.Embed:
    if page.item is None:
        return discord.Embed(
            title="Review requests", description="No open review requests. 🎉", colour=QUEUE_COLOUR
        )
    item = page.item
    question = item.question
    embed = discord.Embed(
        title=truncate(f"Review {page.page + 1} of {page.total}: {question.prompt}", limits.EMBED_TITLE),
        description=f"<@{item.member_id}> answered (question #{item.day_number or '?'}):\n"
        + member_text_block(item.text, 1800),
        colour=QUEUE_COLOUR,
    )
    embed.add_field(
        name="Model answer's key points",
        value=bullets([p.point for p in question.key_points]),
        inline=False,
    )
    embed.add_field(name="Covered", value=bullets(item.hits, "✅"), inline=True)
    embed.add_field(name="Missed", value=bullets(item.misses, "❌"), inline=True)
    embed.add_field(
        name="Automatic score",
        value=f"{item.base} of {OPEN_MAX} (total {plural(item.points, 'point')})",
        inline=False,
    )
    embed.add_field(
        name="Member's note",
        value=member_text_block(item.note, 1000) if item.note else "(none)",
        inline=False,
    )
    embed.set_footer(text="Set score changes the key-point score (0-10); the member is told privately.")
    embed.timestamp = item.requested_at
    return embed


def queue_view(page: QueuePage) -> discord.ui.View | None:
    if page.item is None:
        return None
    view = discord.ui.View(timeout=None)
    review = page.item.review_id
    for action in ACTION_LABELS:
        view.add_item(ReviewActionButton(review, action))
    add_page_buttons(view, page.page, page.total, QueuePageButton)
    return view


async def show_queue(interaction: discord.Interaction, page: int, *, edit: bool = False) -> None:
    shown = await services_of(interaction).moderation.queue(moderator_of(interaction), page)
    embed, view = queue_embed(shown), queue_view(shown)
    if edit:
        await interaction.response.edit_message(embed=embed, view=view)
    else:
        await send_private(interaction, embed=embed, view=view)


class QueuePageButton(PageButton, custom_id=PAGE_ID):
    page: int
    direction: Direction

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await show_queue(interaction, self.page, edit=True)


class ReviewActionButton(StatefulButton, custom_id=ACTION_ID):
    review: int
    action: str

    def make(self, custom_id: str) -> Button:
        return discord.ui.Button(
            label=ACTION_LABELS[self.action],
            style=discord.ButtonStyle.primary if self.action == "set" else discord.ButtonStyle.secondary,
            emoji="🏅" if self.action == "best" else None,
            custom_id=custom_id,
        )

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        if self.action == "best":
            best = await services_of(interaction).moderation.best_of_review(
                self.review, moderator_of(interaction)
            )
            message = await post_answer(interaction.client, best, BEST_HEADING)
            await send_private(interaction, f"Posted as a best answer: {message.jump_url}")
            return
        reason = Field(
            custom_id="reason",
            label="Reason (the member will read it)",
            max_length=REASON_MAX,
            placeholder="e.g. The second paragraph explains parameterized queries correctly.",
        )
        if self.action == "set":
            score = Field(
                custom_id="score",
                label=f"Key-point score, 0 to {OPEN_MAX}",
                paragraph=False,
                max_length=2,
                placeholder="e.g. 7",
            )
            await open_form(
                interaction,
                custom_id=SET_FORM_ID.format(review=self.review),
                title="Set the score",
                fields=[score, reason],
            )
        else:
            await open_form(
                interaction,
                custom_id=KEEP_FORM_ID.format(review=self.review),
                title="Keep the score",
                fields=[reason],
            )


def _score(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise DomainError(f"The score is a whole number from 0 to {OPEN_MAX}, like 7.") from None


def decision_text(decision: Decision, guild: discord.Guild | None) -> str:
    where = f" in **{guild.name}**" if guild is not None else ""
    prompt = truncate(decision.question_prompt, 200)
    if decision.changed:
        head = (
            f"A moderator reviewed your answer to “{prompt}”{where}: key-point score "
            f"{decision.old_base} → {decision.new_base} of {OPEN_MAX}, so the answer now earns "
            f"{plural(decision.new_points, 'point')} instead of {decision.old_points} (taking part and any "
            "streak bonus stay as they were)."
        )
    else:
        head = (
            f"A moderator reviewed your answer to “{prompt}”{where}: the score stays {decision.new_base} "
            f"of {OPEN_MAX}, and the answer keeps its {plural(decision.new_points, 'point')}."
        )
    return f"{head}\nReason: {truncate(decision.reason, 600)}"


async def _decided(interaction: discord.Interaction, decision: Decision) -> None:
    delivered = await tell_privately(
        interaction.client, decision.member_id, decision_text(decision, interaction.guild)
    )
    told = (
        "The member was told by DM."
        if delivered
        else "The member's DMs are closed; they'll see it in My result."
    )
    done = (
        f"Done: {decision.old_base} → {decision.new_base} for <@{decision.member_id}>."
        if decision.changed
        else f"Done: the score stays {decision.new_base} for <@{decision.member_id}>."
    )
    await send_private(interaction, f"{done} {told}")


async def submit_set_score(
    interaction: discord.Interaction, form: FormFields, values: Mapping[str, str]
) -> None:
    decision = await services_of(interaction).moderation.set_score(
        form["review"],
        moderator_of(interaction),
        _score(values.get("score", "")),
        values.get("reason", ""),
    )
    await _decided(interaction, decision)


async def submit_keep_score(
    interaction: discord.Interaction, form: FormFields, values: Mapping[str, str]
) -> None:
    decision = await services_of(interaction).moderation.keep_score(
        form["review"], moderator_of(interaction), values.get("reason", "")
    )
    await _decided(interaction, decision)


async def best_answer(interaction: discord.Interaction, member_id: int) -> None:
    """/qotd best-answer: mark a member's answer to the latest revealed question and post it."""
    best = await services_of(interaction).moderation.best_of_latest(moderator_of(interaction), member_id)
    message = await post_answer(interaction.client, best, BEST_HEADING)
    await send_private(interaction, f"Posted as a best answer: {message.jump_url}")


QUEUE_ITEMS: DynamicItems = (QueuePageButton, ReviewActionButton)
QUEUE_FORMS = ((SET_FORM_ID, submit_set_score), (KEEP_FORM_ID, submit_keep_score))
