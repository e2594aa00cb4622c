"""The buttons of a private practice or review run; they survive restarts.

A run lives in one ephemeral message edited in place: question → "Show
answer" → answer (paged) with Again / Hard / Good / Easy → the next question.
Every button is a ``DynamicItem`` whose custom_id holds the question id and the
run's ``Session``, so nothing is kept in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.domain.errors import EmptyPool
from bot.domain.questions import Question
from bot.domain.review import Recall
from bot.exts.practice import embeds
from bot.exts.practice.state import QUESTION_ID, SESSION, Mode, Session
from bot.exts.shared.buttons import Button, CustomId, DynamicItems, StatefulButton, number, one_of
from bot.exts.shared.context import services_of
from bot.exts.shared.replies import member_ref, replies_errors
from bot.services.reviews import MAX_DUE

SHOW_ANSWER = "Show answer"
PAGE_ID = CustomId("srs:page", question_id=QUESTION_ID, page=number(r"[0-9]{1,3}"), session=SESSION)
RATE_ID = CustomId("srs:rate", question_id=QUESTION_ID, recall=one_of(Recall), session=SESSION)
RECALL_STYLES = {
    Recall.AGAIN: discord.ButtonStyle.danger,
    Recall.HARD: discord.ButtonStyle.secondary,
    Recall.GOOD: discord.ButtonStyle.success,
    Recall.EASY: discord.ButtonStyle.primary,
}


@dataclass(frozen=True, slots=True)
class Screen:
    """One state of the run's private message."""

    embed: discord.Embed
    view: discord.ui.View | None = None
    content: str | None = None

    async def show(self, interaction: discord.Interaction) -> None:
        """Edit the message the button was on (``content=None`` clears the last rating's line)."""
        await interaction.response.edit_message(content=self.content, embed=self.embed, view=self.view)


async def question_named(interaction: discord.Interaction, question_id: str) -> Question:
    """The question a button names, if this server may see it (``UnknownQuestion`` otherwise)."""
    return await services_of(interaction).practice.question(member_ref(interaction).guild_id, question_id)


def question_screen(
    interaction: discord.Interaction,
    question: Question,
    session: Session,
    *,
    note: str | None = None,
    due_left: int | None = None,
) -> Screen:
    embed = embeds.question_embed(
        question,
        title=embeds.heading(session, due_left),
        topic_title=services_of(interaction).bank.topic_title(question.topic),
        hint=embeds.THINK_HINT,
    )
    view = discord.ui.View(timeout=None)
    view.add_item(AnswerPageButton(question.id, 0, session))
    return Screen(embed, view, note)


def answer_screen(question: Question, session: Session, page: int = 0) -> Screen:
    """A page of the answer, with the recall buttons unless the question was only looked up."""
    pages = embeds.answer_pages(question)
    page = max(0, min(page, len(pages) - 1))
    rating = session.mode is not Mode.LOOKUP
    view = discord.ui.View(timeout=None)
    if rating:
        for recall in Recall:
            view.add_item(RecallButton(question.id, recall, session))
    if len(pages) > 1:
        # Previous and Next never point at the same page, so their custom_ids differ.
        back = AnswerPageButton(question.id, max(page - 1, 0), session, caption="◀ Previous")
        forth = AnswerPageButton(question.id, min(page + 1, len(pages) - 1), session, caption="Next ▶")
        back.item.disabled, forth.item.disabled = page == 0, page == len(pages) - 1
        for item in (back, forth):
            item.item.row = 1
            view.add_item(item)
    embed = embeds.answer_embed(question, pages, page, rating=rating)
    return Screen(embed, view if view.children else None)


async def next_screen(
    interaction: discord.Interaction, session: Session, *, after: str | None = None, note: str | None = None
) -> Screen:
    """The run's next question (``after`` is the one just rated), or the end of a review run."""
    services = services_of(interaction)
    member = member_ref(interaction)
    if session.mode is Mode.REVIEW:
        due = await services.reviews.due(member, limit=MAX_DUE)
        if not due:
            return Screen(embeds.nothing_due_embed(await services.reviews.next_due(member)), content=note)
        return question_screen(interaction, due[0], session, note=note, due_left=len(due))
    topic, difficulty = session.topic_id(services.bank.topics), session.difficulty
    try:
        question = await services.practice.next(
            member, topic=topic, difficulty=difficulty, exclude=(after,) if after else ()
        )
    except EmptyPool:
        if after is None:
            raise
        # The question just rated is the only one matching the filters: ask it again.
        question = await services.practice.next(member, topic=topic, difficulty=difficulty)
    return question_screen(interaction, question, session, note=note)


class AnswerPageButton(StatefulButton, custom_id=PAGE_ID):
    """Shows a page of the answer in place: "Show answer" (page 0 under the question), Previous, Next."""

    question_id: str
    page: int
    session: Session
    caption: str = SHOW_ANSWER

    def make(self, custom_id: str) -> Button:
        first = self.caption == SHOW_ANSWER
        return discord.ui.Button(
            label=self.caption,
            style=discord.ButtonStyle.primary if first else discord.ButtonStyle.secondary,
            emoji="👀" if first else None,
            custom_id=custom_id,
        )

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        question = await question_named(interaction, self.question_id)
        await answer_screen(question, self.session, self.page).show(interaction)


class RecallButton(StatefulButton, custom_id=RATE_ID):
    question_id: str
    recall: Recall
    session: Session

    def make(self, custom_id: str) -> Button:
        return discord.ui.Button(
            label=embeds.RECALL_LABELS[self.recall], style=RECALL_STYLES[self.recall], custom_id=custom_id
        )

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        services = services_of(interaction)
        outcome = await services.reviews.record(member_ref(interaction), self.question_id, self.recall)
        note = embeds.outcome_note(self.recall, outcome.due, services.clock.now())
        screen = await next_screen(interaction, self.session.advanced(), after=self.question_id, note=note)
        await screen.show(interaction)


SESSION_ITEMS: DynamicItems = (AnswerPageButton, RecallButton)
