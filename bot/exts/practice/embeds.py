"""What a private practice or review run, a looked-up question and a review reminder look like."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import discord

from bot.domain import limits
from bot.domain.pages import split_markdown, truncate
from bot.domain.questions import Kind, Question
from bot.domain.review import Recall
from bot.exts.practice.state import Mode, Session
from bot.exts.shared.formatting import plural, ts
from bot.exts.shared.questions import (
    DIFFICULTY_LABEL,
    editor_note_section,
    question_body,
    walkthrough,
    why_not_lines,
)
from bot.services.reviews import MAX_DUE

QUESTION_COLOUR = discord.Colour.teal()
ANSWER_COLOUR = discord.Colour.green()
DONE_COLOUR = discord.Colour.light_grey()

RECALL_LABELS = {Recall.AGAIN: "Again", Recall.HARD: "Hard", Recall.GOOD: "Good", Recall.EASY: "Easy"}
THINK_HINT = "Think of your answer (say it out loud!), then press Show answer. Only you see this."
RATE_HINT = "How well did you remember it? Your rating decides when this question comes back for review."
ANSWER_PAGE = limits.EMBED_DESCRIPTION - 196  # room for the title, footer and outcome line in one message


def heading(session: Session, due_left: int | None = None) -> str:
    if session.mode is Mode.REVIEW:
        # ``due`` hands out at most MAX_DUE cards at a time: more than that shows as "25+".
        count = (
            f"{MAX_DUE}+ cards"
            if due_left is not None and due_left >= MAX_DUE
            else plural(due_left or 0, "card")
        )
        left = f" · {count} due" if due_left is not None else ""
        return f"Review · card {session.step}{left}"
    if session.mode is Mode.PRACTICE:
        return f"Practice · question {session.step}"
    return "Question"


def question_embed(question: Question, *, title: str, topic_title: str, hint: str | None) -> discord.Embed:
    """The question without its answer: prompt (and choices), topic and difficulty."""
    embed = discord.Embed(
        title=truncate(title, limits.EMBED_TITLE), description=question_body(question), colour=QUESTION_COLOUR
    )
    embed.add_field(name="Topic", value=truncate(topic_title, limits.EMBED_FIELD_VALUE))
    embed.add_field(
        name="Difficulty", value=DIFFICULTY_LABEL.get(question.difficulty.value, question.difficulty.value)
    )
    if hint:
        embed.set_footer(text=truncate(hint, limits.EMBED_FOOTER))
    return embed


def answer_text(question: Question) -> str:
    """Everything a member checks their answer against, as one Markdown text."""
    parts = []
    if question.kind is Kind.MCQ and question.correct_choice:
        choice = question.choice(question.correct_choice)
        right = f"**Answer: {question.correct_choice})** {choice.text if choice else ''}".rstrip()
        parts.append(f"{right}\n{question.explanation}".rstrip())
        if wrong := why_not_lines(question):
            parts.append("**Why not the others**\n" + "\n".join(wrong))
    parts.append(question.full_answer or question.short_answer)
    parts += walkthrough(question)
    if question.key_points:
        parts.append("**Key points**\n" + "\n".join(f"• {point.point}" for point in question.key_points))
    parts.append(editor_note_section(question))
    return "\n\n".join(part for part in parts if part.strip())


def answer_pages(question: Question) -> list[str]:
    """The answer in embed-sized pages, never split inside a code block."""
    return split_markdown(answer_text(question), ANSWER_PAGE) or ["—"]


def answer_embed(question: Question, pages: Sequence[str], page: int, *, rating: bool) -> discord.Embed:
    embed = discord.Embed(
        title=truncate(question.prompt, limits.EMBED_TITLE), description=pages[page], colour=ANSWER_COLOUR
    )
    footer = [f"Page {page + 1} of {len(pages)}"] if len(pages) > 1 else []
    if rating:
        footer.append(RATE_HINT)
    if footer:
        embed.set_footer(text=" · ".join(footer))
    return embed


def in_words(delta: timedelta) -> str:
    """A wait as people say it: "in 10 minutes", "in 5 hours", "in 3 days"."""
    minutes = max(round(delta.total_seconds() / 60), 1)
    if minutes < 60:
        return "in " + plural(minutes, "minute")
    if minutes < 24 * 60:
        return "in " + plural(round(minutes / 60), "hour")
    return "in " + plural(round(minutes / (24 * 60)), "day")


def outcome_note(recall: Recall, due: datetime, now: datetime) -> str:
    """The line above the next question: what the rating did to the card just reviewed."""
    return f"Rated **{RECALL_LABELS[recall]}**: next review of that question {in_words(due - now)} ({ts(due, 'f')})."


def nothing_due_embed(next_due: datetime | None) -> discord.Embed:
    if next_due is None:
        text = (
            "You have no review cards yet. Rate your recall in `/practice` (or answer the daily question) "
            "and the questions come back here when they are due."
        )
    else:
        text = f"Nothing due — next review {ts(next_due, 'R')} ({ts(next_due, 'f')})."
    return discord.Embed(title="Reviews", description=text, colour=DONE_COLOUR)


def reminder_text(guild_name: str, due_count: int, first_due: datetime, now: datetime) -> str:
    """The daily review DM; the server name is escaped so it cannot restyle the message."""
    name = discord.utils.escape_markdown(guild_name)
    later = f" The first comes up {ts(first_due, 't')}." if first_due > now else ""
    return truncate(
        f"📚 You have {plural(due_count, 'review')} due today in **{name}**.{later} "
        "Run `/review` there to go through them; it only takes a few minutes.",
        limits.MESSAGE_CONTENT,
    )
