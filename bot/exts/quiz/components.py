"""The buttons and the answer form of a quiz question; they survive restarts.

Every button is a ``DynamicItem`` whose ``custom_id`` names the quiz, the
question's number and (multiple choice) the letter, so a question posted
before a restart still takes answers after it. The number goes to the service
with the answer: a button or form of an earlier question never answers a later one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import discord

from bot.domain import limits
from bot.domain.errors import NoActiveQuiz, QuestionClosed
from bot.domain.questions import Kind, Question
from bot.exts.shared.context import services_of
from bot.exts.shared.formatting import ts
from bot.exts.shared.forms import Field, open_form
from bot.exts.shared.replies import member_ref, replies_errors, send_private

FORM_ID = r"quiz:form:(?P<quiz>[0-9]+):(?P<number>[0-9]+)"


def question_view(quiz_id: int, number: int, question: Question, *, closed: bool = False) -> discord.ui.View:
    """One button per letter of a multiple-choice question, else one Answer button; disabled once closed."""
    view = discord.ui.View(timeout=None)
    items: list[discord.ui.DynamicItem[discord.ui.Button[Any]]]
    if question.kind is Kind.MCQ:
        items = [QuizChoiceButton(quiz_id, number, choice.key) for choice in question.choices]
    else:
        items = [QuizAnswerButton(quiz_id, number)]
    for i, item in enumerate(items):
        item.item.row = i // limits.BUTTONS_PER_ROW
        item.item.disabled = closed
        view.add_item(item)
    return view


def is_question_post(message: discord.Message, quiz_id: int, number: int) -> bool:
    """Whether ``message`` carries the buttons of question ``number`` of the quiz (found after a restart)."""
    prefixes = (f"quiz:choice:{quiz_id}:{number}:", f"quiz:answer:{quiz_id}:{number}")
    for row in message.components:
        for child in getattr(row, "children", ()):
            custom_id = getattr(child, "custom_id", None) or ""
            if custom_id.startswith(prefixes[0]) or custom_id == prefixes[1]:
                return True
    return False


class QuizChoiceButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"quiz:choice:(?P<quiz>[0-9]+):(?P<number>[0-9]+):(?P<key>[A-J])",
):
    def __init__(self, quiz_id: int, number: int, key: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=key,
                style=discord.ButtonStyle.secondary,
                custom_id=f"quiz:choice:{quiz_id}:{number}:{key}",
            )
        )
        self.quiz_id = quiz_id
        self.number = number
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> QuizChoiceButton:
        return cls(int(match["quiz"]), int(match["number"]), match["key"])

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        ack = await services_of(interaction).quizzes.answer(
            self.quiz_id, member_ref(interaction), choice=self.key, number=self.number
        )
        await send_private(
            interaction,
            f"You answered **{self.key}** to question {ack.number}. Only you can see this; "
            f"the right answer is shown when the question closes {ts(ack.closes_at, 'R')}.",
        )


class QuizAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"quiz:answer:(?P<quiz>[0-9]+):(?P<number>[0-9]+)",
):
    def __init__(self, quiz_id: int, number: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Answer",
                style=discord.ButtonStyle.primary,
                emoji="✍️",
                custom_id=f"quiz:answer:{quiz_id}:{number}",
            )
        )
        self.quiz_id = quiz_id
        self.number = number

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> QuizAnswerButton:
        return cls(int(match["quiz"]), int(match["number"]))

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        # Say "closed" now rather than after the member has typed a whole answer.
        services = services_of(interaction)
        try:
            asked = await services.quizzes.current(self.quiz_id)
        except NoActiveQuiz:
            raise QuestionClosed() from None
        if asked.number != self.number or asked.closes_at is None or services.clock.now() >= asked.closes_at:
            raise QuestionClosed()
        await open_form(
            interaction,
            custom_id=f"quiz:form:{self.quiz_id}:{self.number}",
            title=f"Quiz question {self.number} of {asked.of}",
            fields=[
                Field(
                    custom_id="answer",
                    label="Your answer (one try; only the bot sees it)",
                    placeholder="Cover the key points: they earn the points.",
                )
            ],
        )


async def submit_quiz_form(
    interaction: discord.Interaction, match: re.Match[str], values: Mapping[str, str]
) -> None:
    """A member sent the answer form of a quiz question (routed by ``FormRouter``)."""
    ack = await services_of(interaction).quizzes.answer(
        int(match["quiz"]),
        member_ref(interaction),
        text=values.get("answer", ""),
        number=int(match["number"]),
    )
    await send_private(
        interaction,
        f"Got your answer to question {ack.number}. Only you and the bot see it; the key points are "
        f"shown when the question closes {ts(ack.closes_at, 'R')}.",
    )


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (QuizChoiceButton, QuizAnswerButton)
