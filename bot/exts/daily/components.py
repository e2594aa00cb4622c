"""The buttons and the answer form of a daily question; they survive restarts.

Every button is a ``DynamicItem``: its state (post id, choice, page) lives in
its ``custom_id``, so a button on yesterday's post still works after the bot
restarts. Callbacks validate, call one service and render; a rule's error
becomes a private reply.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import discord

from bot.domain import limits
from bot.domain.errors import DomainError
from bot.domain.questions import Kind, Question
from bot.exts.daily import embeds
from bot.exts.daily.result_actions import RESULT_ITEMS, result_view
from bot.exts.shared.context import services_of
from bot.exts.shared.formatting import plural, ts
from bot.exts.shared.forms import Field, open_form
from bot.exts.shared.replies import member_ref, replies_errors, send_private

ANSWER_LABEL = "Answer"

# Custom ids that carry a post id: the buttons work after a restart, and a message the bot
# sent but never recorded (it died mid-send) is recognised in the channel by them.
ANSWER_ID = r"qotd:answer:(?P<post>[0-9]+)"
CHOICE_ID = r"qotd:choice:(?P<post>[0-9]+):(?P<key>[A-J])"
RESULT_ID = r"qotd:result:(?P<post>[0-9]+)"
QUESTION_BUTTONS = (ANSWER_ID, CHOICE_ID)  # every daily post has one of these
REVEAL_BUTTONS = (RESULT_ID,)  # every reveal has this one


def carries_buttons(message: discord.Message, post_id: int, templates: tuple[str, ...]) -> bool:
    """Whether ``message`` has a button of ``templates`` for ``post_id`` (e.g. it is that day's post)."""
    pending: list[Any] = list(message.components)
    while pending:
        item = pending.pop()
        pending.extend(getattr(item, "children", ()))
        custom_id = getattr(item, "custom_id", None)
        if not isinstance(custom_id, str):
            continue
        for template in templates:
            found = re.fullmatch(template, custom_id)
            if found is not None and int(found["post"]) == post_id:
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
    view.add_item(FullAnswerButton(post_id, 0, label="Full answer"))
    view.add_item(ResultButton(post_id))
    return view


FORM_ID = r"qotd:form:(?P<post>[0-9]+)"


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
    interaction: discord.Interaction, match: re.Match[str], values: Mapping[str, str]
) -> None:
    """A member sent the answer form of a daily question (routed by ``FormRouter``)."""
    ack = await services_of(interaction).answers.submit(
        int(match["post"]), member_ref(interaction), text=values.get("answer", "")
    )
    verb = "Updated" if ack.edited else "Saved"
    await send_private(
        interaction,
        f"{verb} your answer. The model answer is revealed {ts(ack.reveal_at, 'R')}; "
        f"you can edit yours until then. Streak: {plural(ack.streak, 'day')}.",
    )


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ANSWER_ID):
    def __init__(self, post_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=ANSWER_LABEL,
                style=discord.ButtonStyle.primary,
                emoji="✍️",
                custom_id=f"qotd:answer:{post_id}",
            )
        )
        self.post_id = post_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> AnswerButton:
        return cls(int(match["post"]))

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        # A modal must be the first response: read the earlier answer first (one quick query).
        current = await services_of(interaction).answers.current_answer(self.post_id, member_ref(interaction))
        await open_form(
            interaction,
            custom_id=f"qotd:form:{self.post_id}",
            title="Your answer to the question of the day",
            fields=answer_fields(current),
        )


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=CHOICE_ID):
    def __init__(self, post_id: int, key: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=key, style=discord.ButtonStyle.secondary, custom_id=f"qotd:choice:{post_id}:{key}"
            )
        )
        self.post_id = post_id
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> ChoiceButton:
        return cls(int(match["post"]), match["key"])

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        ack = await services_of(interaction).answers.submit(
            self.post_id, member_ref(interaction), choice=self.key
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


class FullAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qotd:full:(?P<post>[0-9]+):(?P<page>[0-9]+)"
):
    """Shows one page of the model answer privately; Previous/Next flip pages in place."""

    def __init__(self, post_id: int, page: int, *, label: str = "Full answer", nav: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary if nav else discord.ButtonStyle.success,
                emoji=None if nav else "📖",
                custom_id=f"qotd:full:{post_id}:{page}{':n' if nav else ''}"[: limits.CUSTOM_ID],
            )
        )
        self.post_id = post_id
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> FullAnswerButton:
        nav = isinstance(item, discord.ui.Button) and (item.custom_id or "").endswith(":n")
        return cls(int(match["post"]), int(match["page"]), label=item.label or "", nav=nav)  # type: ignore[union-attr]

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        question = (
            await services_of(interaction).answers.result(self.post_id, member_ref(interaction))
        ).question
        pages = embeds.full_answer_pages(question)
        page = min(self.page, len(pages) - 1)
        embed = embeds.full_answer_embed(question, pages, page)
        view = page_view(self.post_id, page, len(pages))
        if isinstance(self.item, discord.ui.Button) and (self.item.custom_id or "").endswith(":n"):
            await interaction.response.edit_message(embed=embed, view=view)
        else:
            await send_private(interaction, embed=embed, view=view)


def page_view(post_id: int, page: int, pages: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if pages > 1:
        prev_ = FullAnswerButton(post_id, max(page - 1, 0), label="◀ Previous", nav=True)
        next_ = FullAnswerButton(post_id, min(page + 1, pages - 1), label="Next ▶", nav=True)
        prev_.item.disabled = page == 0
        next_.item.disabled = page >= pages - 1
        # Distinct custom ids even when both point at the same page.
        prev_.item.custom_id = f"qotd:full:{post_id}:{max(page - 1, 0)}:p:n"
        view.add_item(prev_)
        view.add_item(next_)
    return view


class ResultButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=RESULT_ID):
    def __init__(self, post_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="My result",
                style=discord.ButtonStyle.primary,
                emoji="🎯",
                custom_id=f"qotd:result:{post_id}",
            )
        )
        self.post_id = post_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> ResultButton:
        return cls(int(match["post"]))

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        result = await services_of(interaction).answers.result(self.post_id, member_ref(interaction))
        await send_private(interaction, embed=embeds.result_embed(result), view=result_view(self.post_id, result))


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    AnswerButton,
    ChoiceButton,
    FullAnswerButton,
    ResultButton,
    *RESULT_ITEMS,
)

__all__ = ["DYNAMIC_ITEMS", "DomainError", "post_view", "reveal_view"]
