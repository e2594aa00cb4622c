"""The buttons and the answer form of a quiz question; they survive restarts.

Every button is a ``DynamicItem`` whose ``custom_id`` names the quiz, the
question's number and (multiple choice) the letter, so a question posted
before a restart still takes answers after it. The number goes to the service
with the answer: a button or form of an earlier question never answers a later one.
"""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.domain import limits
from bot.domain.errors import NoActiveQuiz, QuestionClosed
from bot.domain.questions import Kind, Question
from bot.exts.shared.buttons import Button, CustomId, DynamicItems, FormFields, StatefulButton
from bot.exts.shared.context import services_of
from bot.exts.shared.formatting import ts
from bot.exts.shared.forms import Field, open_form
from bot.exts.shared.replies import member_ref, replies_errors, send_private

CHOICE_ID = CustomId("quiz:choice", quiz=int, number=int, key=r"[A-J]")
ANSWER_ID = CustomId("quiz:answer", quiz=int, number=int)
FORM_ID = CustomId("quiz:form", quiz=int, number=int)


def question_view(quiz_id: int, number: int, question: Question, *, closed: bool = False) -> discord.ui.View:
    """One button per letter of a multiple-choice question, else one Answer button; disabled once closed."""
    view = discord.ui.View(timeout=None)
    items: list[StatefulButton]
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
    for row in message.components:
        for child in getattr(row, "children", ()):
            custom_id = getattr(child, "custom_id", None) or ""
            for spec in (CHOICE_ID, ANSWER_ID):
                fields = spec.read(custom_id)
                if fields is not None and (fields["quiz"], fields["number"]) == (quiz_id, number):
                    return True
    return False


class QuizChoiceButton(StatefulButton, custom_id=CHOICE_ID):
    quiz: int
    number: int
    key: str

    def make(self, custom_id: str) -> Button:
        return discord.ui.Button(label=self.key, style=discord.ButtonStyle.secondary, custom_id=custom_id)

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        ack = await services_of(interaction).quizzes.answer(
            self.quiz, member_ref(interaction), choice=self.key, number=self.number
        )
        await send_private(
            interaction,
            f"You answered **{self.key}** to question {ack.number}. Only you can see this; "
            f"the right answer is shown when the question closes {ts(ack.closes_at, 'R')}.",
        )


class QuizAnswerButton(StatefulButton, custom_id=ANSWER_ID):
    quiz: int
    number: int

    label = "Answer"
    style = discord.ButtonStyle.primary
    emoji = "✍️"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        # Say "closed" now rather than after the member has typed a whole answer.
        services = services_of(interaction)
        try:
            asked = await services.quizzes.current(self.quiz)
        except NoActiveQuiz:
            raise QuestionClosed() from None
        if asked.number != self.number or asked.closes_at is None or services.clock.now() >= asked.closes_at:
            raise QuestionClosed()
        await open_form(
            interaction,
            custom_id=FORM_ID.format(quiz=self.quiz, number=self.number),
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
    interaction: discord.Interaction, form: FormFields, values: Mapping[str, str]
) -> None:
    """A member sent the answer form of a quiz question (routed by ``FormRouter``)."""
    ack = await services_of(interaction).quizzes.answer(
        form["quiz"], member_ref(interaction), text=values.get("answer", ""), number=form["number"]
    )
    await send_private(
        interaction,
        f"Got your answer to question {ack.number}. Only you and the bot see it; the key points are "
        f"shown when the question closes {ts(ack.closes_at, 'R')}.",
    )


DYNAMIC_ITEMS: DynamicItems = (QuizChoiceButton, QuizAnswerButton)
