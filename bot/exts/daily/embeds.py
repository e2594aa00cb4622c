"""What the daily post, the reveal and a member's result look like."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.domain import limits
from bot.domain.pages import split_markdown, truncate
from bot.domain.questions import Kind, Question
from bot.exts.shared.formatting import member_text_block, plural, ts
from bot.exts.shared.questions import DIFFICULTY_LABEL, question_body

POST_COLOUR = discord.Colour.blurple()
REVEAL_COLOUR = discord.Colour.green()
# Footers show no Markdown: plain words only.
KIND_HINT = {
    Kind.OPEN: "Press Answer to reply privately; you can edit your answer until the reveal.",
    Kind.SCENARIO: "A walk-through: press Answer and explain how you'd handle it, step by step.",
    Kind.MCQ: "Pick a letter below; only you see your choice, and you can change it until the reveal.",
}


def _bullets(items: Sequence[str], limit: int) -> str:
    text = "\n".join(f"• {item}" for item in items)
    return truncate(text, limit)


def post_embed(
    *, day_number: int, question: Question, topic_title: str, reveal_at: datetime
) -> discord.Embed:
    embed = discord.Embed(
        title=f"Question of the day #{day_number}",
        description=question_body(question),
        colour=POST_COLOUR,
    )
    embed.add_field(name="Topic", value=truncate(topic_title, limits.EMBED_FIELD_VALUE))
    embed.add_field(
        name="Difficulty", value=DIFFICULTY_LABEL.get(question.difficulty.value, question.difficulty.value)
    )
    embed.add_field(
        name="Answer revealed", value=f"{ts(reveal_at, 'f')} ({ts(reveal_at, 'R')})", inline=False
    )
    embed.set_footer(text=truncate(KIND_HINT[question.kind], limits.EMBED_FOOTER))
    return embed


def reveal_embed(
    *, day_number: int, question: Question, answer_count: int, correct_count: int | None
) -> discord.Embed:
    embed = discord.Embed(
        title=truncate(f"Answer to question #{day_number}", limits.EMBED_TITLE),
        description=truncate(question.short_answer or question.prompt, limits.EMBED_DESCRIPTION),
        colour=REVEAL_COLOUR,
    )
    if question.kind is Kind.MCQ and question.correct_choice:
        choice = question.choice(question.correct_choice)
        right = f"**{question.correct_choice})** {choice.text if choice else ''}"
        if question.explanation:
            right += "\n" + question.explanation
        embed.add_field(name="Correct answer", value=truncate(right, limits.EMBED_FIELD_VALUE), inline=False)
    if question.key_points:
        embed.add_field(
            name="Key points",
            value=_bullets([p.point for p in question.key_points], limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    answered = plural(answer_count, "member") + " answered"
    if correct_count is not None and answer_count:
        answered += f"; {correct_count} got it right"
    embed.add_field(name="Answers", value=answered, inline=False)
    if question.follow_ups:
        embed.add_field(
            name="Follow-up questions to think about",
            value=_bullets(question.follow_ups, limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    embed.set_footer(text="Full answer and your own result: the buttons below (only you will see them).")
    return embed


def full_answer_pages(question: Question) -> list[str]:
    """The model answer split into embed-sized pages, never inside a code block."""
    text = question.full_answer
    if question.steps:
        walk = "\n\n".join(
            f"**Step {i}.** {step.prompt}\n> {step.expected}" for i, step in enumerate(question.steps, 1)
        )
        text = f"{text}\n\n{walk}"
    return split_markdown(text, limits.EMBED_DESCRIPTION - 100) or [question.short_answer or "—"]


def full_answer_embed(question: Question, pages: Sequence[str], page: int) -> discord.Embed:
    embed = discord.Embed(
        title=truncate(question.prompt, limits.EMBED_TITLE),
        description=pages[page],
        colour=REVEAL_COLOUR,
    )
    if len(pages) > 1:
        embed.set_footer(text=f"Page {page + 1} of {len(pages)}")
    return embed


def result_embed(
    *,
    question: Question,
    answered: bool,
    text: str | None,
    choice: str | None,
    correct: bool | None,
    hits: Sequence[str],
    misses: Sequence[str],
    points: int | None,
    streak: int,
    self_grade: str | None,
) -> discord.Embed:
    embed = discord.Embed(title=truncate(question.prompt, limits.EMBED_TITLE), colour=REVEAL_COLOUR)
    if not answered:
        embed.description = "You didn't answer this one. The model answer is under **Full answer**."
        return embed
    if question.kind is Kind.MCQ:
        mark = "✅ right" if correct else "❌ not this time"
        right = f" (the answer was **{question.correct_choice}**)" if not correct else ""
        embed.description = f"You chose **{choice}**: {mark}{right}."
    else:
        embed.description = "Your answer:\n" + member_text_block(text or "", 1500)
        if hits:
            embed.add_field(
                name="Key points you covered", value=_bullets([f"✅ {h}" for h in hits], 1024), inline=False
            )
        if misses:
            embed.add_field(
                name="Key points you missed", value=_bullets([f"❌ {m}" for m in misses], 1024), inline=False
            )
        if not hits and not misses:
            embed.add_field(
                name="Key points",
                value="This question has no key points to check; "
                "grade yourself against the model answer below.",
                inline=False,
            )
    if points is not None:
        embed.add_field(name="Points", value=str(points))
    embed.add_field(name="Streak", value=plural(streak, "day"))
    if self_grade:
        embed.add_field(name="Your own grade", value=self_grade.title())
    return embed
