"""The buttons and the answer form of a daily question; they survive restarts.

Every button is a ``StatefulButton``: its state (post id, choice, page) lives in
its ``custom_id`` (a ``CustomId``), so a button on yesterday's post still works after
the bot restarts. Callbacks validate, call one service and render; a rule's error
becomes a private reply.
"""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.domain import limits
from bot.domain.errors import DomainError
from bot.domain.questions import Kind, Question
from bot.exts.daily import embeds
from bot.exts.daily.result_actions import RESULT_ITEMS, result_view
from bot.exts.shared.buttons import (
    Button,
    CustomId,
    Direction,
    DynamicItems,
    FormFields,
    StatefulButton,
    paging,
)
from bot.exts.shared.context import services_of
from bot.exts.shared.formatting import plural, ts
from bot.exts.shared.forms import Field, open_form
from bot.exts.shared.paging import PageButton, add_page_buttons
from bot.exts.shared.replies import member_ref, replies_errors, send_private

ANSWER_LABEL = "Answer"

# Custom ids that carry a post id: the buttons work after a restart, and a message the bot
# sent but never recorded (it died mid-send) is recognised in the channel by them.
ANSWER_ID = CustomId("qotd:answer", post=int)
CHOICE_ID = CustomId("qotd:choice", post=int, key=r"[A-J]")
RESULT_ID = CustomId("qotd:result", post=int)
# The reveal's button opens the pages (no direction); ◀ and ▶ keep the spelling old messages carry.
FULL_ID = CustomId("qotd:full", post=int, page=int, direction=paging("p:n", "n", optional=True))
FORM_ID = CustomId("qotd:form", post=int)
QUESTION_BUTTONS = (ANSWER_ID, CHOICE_ID)  # every daily post has one of these
REVEAL_BUTTONS = (RESULT_ID,)  # every reveal has this one


def carries_buttons(message: discord.Message, post_id: int, buttons: tuple[CustomId, ...]) -> bool:
    """Whether ``message`` has a button of one of ``buttons`` for ``post_id`` (e.g. it is that day's post)."""
    pending: list[object] = list(message.components)
    while pending:
        item = pending.pop()
        pending.extend(getattr(item, "children", ()))
        custom_id = getattr(item, "custom_id", None)
        if not isinstance(custom_id, str):
            continue
        for spec in buttons:
            fields = spec.read(custom_id)
            if fields is not None and fields["post"] == post_id:
                return True
    return False


def post_view(post_id: int, question: Question, *, closed: bool = False) -> discord.ui.View:
    """The post's buttons: one Answer button, or one per MCQ choice; all disabled once revealed."""
    view = discord.ui.View(timeout=None)
    if question.kind is Kind.MCQ:
        for i, choice in enumerate(question.choices):
            item = ChoiceButton(post_id, choice.key)
            item.item.row = i // limits.BUTTONS_PER_ROW
            item.item.disabled = closed
            view.add_item(item)
    else:
        item = AnswerButton(post_id)
        item.item.disabled = closed
        view.add_item(item)
    return view


def reveal_view(post_id: int, question: Question) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FullAnswerButton(post_id, 0))
    view.add_item(ResultButton(post_id))
    return view


def answer_fields(current: str | None) -> list[Field]:
    return [
        Field(
            custom_id="answer",
            label="Your answer (only you and the bot see it)",
            default=current,
            placeholder="Explain it as you would in an interview.",
        )
    ]


async def submit_answer_form(
    interaction: discord.Interaction, form: FormFields, values: Mapping[str, str]
) -> None:
    """A member sent the answer form of a daily question (routed by ``FormRouter``)."""
    ack = await services_of(interaction).answers.submit(
        form["post"], member_ref(interaction), text=values.get("answer", "")
    )
    verb = "Updated" if ack.edited else "Saved"
    await send_private(
        interaction,
        f"{verb} your answer. The model answer is revealed {ts(ack.reveal_at, 'R')}; "
        f"you can edit yours until then. Streak: {plural(ack.streak, 'day')}.",
    )


class AnswerButton(StatefulButton, custom_id=ANSWER_ID):
    post: int

    label = ANSWER_LABEL
    style = discord.ButtonStyle.primary
    emoji = "✍️"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        # A modal must be the first response: read the earlier answer first (one quick query).
        current = await services_of(interaction).answers.current_answer(self.post, member_ref(interaction))
        await open_form(
            interaction,
            custom_id=FORM_ID.format(post=self.post),
            title="Your answer to the question of the day",
            fields=answer_fields(current),
        )


class ChoiceButton(StatefulButton, custom_id=CHOICE_ID):
    post: int
    key: str

    def make(self, custom_id: str) -> Button:
        return discord.ui.Button(label=self.key, style=discord.ButtonStyle.secondary, custom_id=custom_id)

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        ack = await services_of(interaction).answers.submit(
            self.post, member_ref(interaction), choice=self.key
        )
        if ack.unchanged:
            said = f"You already chose **{self.key}**; pick another letter to change it"
        else:
            said = (
                f"{'Changed your choice to' if ack.edited else 'You chose'} **{self.key}**. Only you can see "
            )
            said += "this; you can change it"
        await send_private(
            interaction,
            f"{said} until the reveal {ts(ack.reveal_at, 'R')}. Streak: {plural(ack.streak, 'day')}.",
        )


class FullAnswerButton(PageButton, custom_id=FULL_ID):
    """Shows one page of the model answer privately; Previous/Next flip pages in place.

    The button under the reveal has no direction: it opens the first page in a new message.
    """

    post: int
    page: int
    direction: Direction | None = None

    def make(self, custom_id: str) -> Button:
        if self.direction is None:
            return discord.ui.Button(
                label="Full answer", style=discord.ButtonStyle.success, emoji="📖", custom_id=custom_id
            )
        return super().make(custom_id)

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        question = (
            await services_of(interaction).answers.result(self.post, member_ref(interaction))
        ).question
        pages = embeds.full_answer_pages(question)
        page = min(self.page, len(pages) - 1)
        embed = embeds.full_answer_embed(question, pages, page)
        view = page_view(self.post, page, len(pages))
        if self.direction is None:
            await send_private(interaction, embed=embed, view=view)
        else:
            await interaction.response.edit_message(embed=embed, view=view)


def page_view(post_id: int, page: int, pages: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    add_page_buttons(
        view, page, pages, lambda target, direction: FullAnswerButton(post_id, target, direction)
    )
    return view


class ResultButton(StatefulButton, custom_id=RESULT_ID):
    post: int

    label = "My result"
    style = discord.ButtonStyle.primary
    emoji = "🎯"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        result = await services_of(interaction).answers.result(self.post, member_ref(interaction))
        await send_private(interaction, embed=embeds.result_embed(result), view=result_view(self.post, result))


DYNAMIC_ITEMS: DynamicItems = (
    AnswerButton,
    ChoiceButton,
    FullAnswerButton,
    ResultButton,
    *RESULT_ITEMS,
)

__all__ = ["DYNAMIC_ITEMS", "DomainError", "post_view", "reveal_view"]
