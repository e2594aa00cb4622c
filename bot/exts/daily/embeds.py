"""What the daily post, the reveal and a member's result look like."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import discord

from bot.domain import limits
from bot.domain.pages import split_markdown, truncate
from bot.domain.questions import Kind, Question
from bot.domain.scoring import split_points
from bot.exts.shared.formatting import member_text_block, plural, ts
from bot.exts.shared.questions import (
    DIFFICULTY_LABEL,
    add_editor_note,
    editor_note_section,
    question_body,
    right_choice,
    walkthrough,
    why_not,
)
from bot.exts.shared.replies import fit_embed
from bot.services.answers import DailyResult
from bot.services.moderation_results import ReviewInfo

POST_COLOUR = discord.Colour.blurple()
REVEAL_COLOUR = discord.Colour.green()
# Footers show no Markdown: plain words only.
KIND_HINT = {
    Kind.OPEN: "Press Answer to reply privately; you can edit your answer until the reveal.",
    Kind.SCENARIO: "A walk-through: press Answer and explain how you'd handle it, step by step.",
    Kind.MCQ: "Pick a letter below; only you see your choice, and you can change it until the reveal.",
}
CLOSED_HINT = "The answer is out: press My result under it to see how you did."
REVEAL_PROMPT = 1200  # the question restated at the reveal; the post has all of it
REVEAL_ANSWER = 2000


def _bullets(items: Sequence[str], limit: int) -> str:
    text = "\n".join(f"• {item}" for item in items)
    return truncate(text, limit)


def post_embed(
    *,
    day_number: int,
    question: Question,
    topic_title: str,
    reveal_at: datetime,
    reveal_link: str | None = None,
) -> discord.Embed:
    """The question of the day; with ``reveal_link`` (the reveal's jump URL), as it reads once closed."""
    embed = discord.Embed(
        title=f"Question of the day #{day_number}",
        description=question_body(question),
        colour=POST_COLOUR,
    )
    embed.add_field(name="Topic", value=truncate(topic_title, limits.EMBED_FIELD_VALUE))
    embed.add_field(
        name="Difficulty", value=DIFFICULTY_LABEL.get(question.difficulty.value, question.difficulty.value)
    )
    if reveal_link is None:
        embed.add_field(
            name="Answer revealed", value=f"{ts(reveal_at, 'f')} ({ts(reveal_at, 'R')})", inline=False
        )
        embed.set_footer(text=truncate(KIND_HINT[question.kind], limits.EMBED_FOOTER))
    else:
        embed.add_field(
            name="Answers are closed",
            value=f"The answer was revealed {ts(reveal_at, 'f')}: [see the answer]({reveal_link}).",
            inline=False,
        )
        embed.set_footer(text=CLOSED_HINT)
    return embed


@dataclass(frozen=True, slots=True)
class RevealLinks:
    """Where the reveal points: the question's post and its discussion thread (None: there is none)."""

    post: str | None
    thread_id: int | None


def _links_line(links: RevealLinks) -> str:
    parts = []
    if links.post:
        parts.append(f"[Go to the question]({links.post})")
    if links.thread_id:
        parts.append(f"Talk it over in <#{links.thread_id}>")
    return " · ".join(parts)


def reveal_embed(
    *,
    day_number: int,
    question: Question,
    topic_title: str,
    answer_count: int,
    correct_count: int | None,
    links: RevealLinks,
) -> discord.Embed:
    """The answer, under the question it answers (restated), with links to the post and its thread."""
    mcq = question.kind is Kind.MCQ and question.correct_choice
    answer = right_choice(question) if mcq else question.short_answer
    parts = [
        f"**The question** · {topic_title}",
        truncate(question.prompt, REVEAL_PROMPT),
        "",
        f"**{'Correct answer' if mcq else 'The answer'}**",
        truncate(answer or "—", REVEAL_ANSWER),
    ]
    embed = discord.Embed(
        title=truncate(f"Answer to question #{day_number}", limits.EMBED_TITLE),
        description="\n".join(parts),
        colour=REVEAL_COLOUR,
    )
    add_editor_note(embed, question)  # right after the answer it corrects
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
    where = _links_line(links)
    if where:
        embed.add_field(name="Links", value=where, inline=False)
    embed.set_footer(text="Full answer and your own result: the buttons below (only you will see them).")
    return fit_embed(embed)


def full_answer_pages(question: Question) -> list[str]:
    """The model answer split into embed-sized pages, never inside a code block."""
    parts = (question.full_answer, *walkthrough(question), editor_note_section(question))
    text = "\n\n".join(part for part in parts if part)
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


def result_embed(result: DailyResult) -> discord.Embed:
    """How a member did on a revealed daily question ("My result")."""
    question = result.question
    embed = discord.Embed(title=truncate(question.prompt, limits.EMBED_TITLE), colour=REVEAL_COLOUR)
    if not result.answered:
        embed.description = "You didn't answer this one. The model answer is under **Full answer**."
        return embed
    if question.kind is Kind.MCQ:
        mark = "✅ right" if result.correct else "❌ not this time"
        right = f" (the answer was **{question.correct_choice}**)" if not result.correct else ""
        embed.description = f"You chose **{result.choice}**: {mark}{right}."
        why = why_not(question, result.choice)
        if why:
            embed.add_field(
                name=f"Why not {result.choice}", value=truncate(why, limits.EMBED_FIELD_VALUE), inline=False
            )
    else:
        embed.description = "Your answer:\n" + member_text_block(result.text or "", 1500)
        if result.hits:
            embed.add_field(
                name="Key points you covered",
                value=_bullets([f"✅ {h}" for h in result.hits], 1024),
                inline=False,
            )
        if result.misses:
            embed.add_field(
                name="Key points you missed",
                value=_bullets([f"❌ {m}" for m in result.misses], 1024),
                inline=False,
            )
        if not result.hits and not result.misses:
            embed.add_field(
                name="Key points",
                value="This question has no key points to check, so only taking part scored; "
                "compare with the model answer, and ask for a review if you think it deserves more.",
                inline=False,
            )
    covered = len(result.hits)
    embed.add_field(
        name=f"Points: {result.points}",
        value=points_breakdown(
            question,
            result.correct,
            covered,
            covered + len(result.misses),
            result.points,
            result.streak,
            result.review,
        ),
        inline=False,
    )
    embed.add_field(name="Streak", value=plural(result.streak, "day"))
    if result.review is not None:
        embed.add_field(name="Review", value=review_line(result.review), inline=False)
    return embed


def points_breakdown(
    question: Question,
    correct: bool | None,
    covered: int,
    of: int,
    points: int,
    streak: int,
    review: ReviewInfo | None,
) -> str:
    """How the points were made: the grade → base, + taking part, + streak, ± review."""
    parts = split_points(points, streak)
    reviewed = review is not None and review.auto_base is not None and review.new_base != review.auto_base
    automatic = review.auto_base if reviewed and review and review.auto_base is not None else parts.base
    if question.kind is Kind.MCQ:
        lines = [f"{'Right letter' if correct else 'Wrong letter'} → {parts.base}"]
    elif of:
        lines = [f"Key points covered {covered} of {of} → {automatic}"]
    else:
        lines = [f"No key points to check → {automatic}"]
    lines.append(f"+ {parts.participation} for taking part")
    if parts.streak_bonus:
        lines.append(f"+ {parts.streak_bonus} streak bonus")
    if reviewed and review is not None:
        change = parts.base - automatic
        lines.append(f"{'+' if change >= 0 else '−'} {abs(change)} after a moderator's review")
    return "\n".join(lines)


def review_line(review: ReviewInfo) -> str:
    """Where the member's review stands, with who decided, when and why."""
    if review.status == "open" or review.decided_at is None:
        return "You asked for a review; a moderator will look at it."
    who = f"<@{review.moderator_id}>" if review.moderator_id else "a moderator"
    when = ts(review.decided_at, "R")
    reason = truncate(review.reason or "", 600)
    if review.status == "changed":
        return (
            f"Reviewed by a moderator ({who}, {when}): {review.auto_base} → {review.new_base}. "
            f"Reason: {reason}"
        )
    return f"Reviewed by a moderator ({who}, {when}): the score stays {review.new_base}. Reason: {reason}"
