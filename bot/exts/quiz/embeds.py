"""What a channel quiz looks like: the start, each question, each result, the standings.

Members are shown as mentions inside embeds, which render as names and never
ping. Every list is cut to Discord's limits with an "… and N more" line.
"""

from __future__ import annotations

import discord

from bot.domain import limits
from bot.domain.pages import truncate
from bot.domain.questions import Kind
from bot.domain.scoring import QUIZ_CORRECT, QUIZ_FASTEST_BONUS
from bot.exts.shared.formatting import lines_within, plural, ts
from bot.exts.shared.questions import (
    DIFFICULTY_LABEL,
    add_editor_note,
    question_body,
    right_choice,
    why_not_lines,
)
from bot.services.quiz_snapshots import QuizQuestion, QuizQuestionResult, QuizSnapshot, QuizStandings

QUIZ_COLOUR = discord.Colour.gold()
RESULT_COLOUR = discord.Colour.green()
STANDINGS_COLOUR = discord.Colour.purple()
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
RESULT_PROMPT = 1000  # the result replies to the question's post: a reminder of the prompt is enough
KIND_HINT = {
    Kind.MCQ: f"One answer each: pick a letter below. {QUIZ_CORRECT} points if right, "
    f"{QUIZ_FASTEST_BONUS} more for the fastest right answer.",
    Kind.OPEN: f"One answer each: press Answer and reply privately. Up to {QUIZ_CORRECT} points "
    "for the key points you cover.",
    Kind.SCENARIO: f"One answer each: press Answer and walk through it privately. Up to {QUIZ_CORRECT} "
    "points for the key points you cover.",
}


# Under each result: how its points were made (True: multiple choice).
POINTS_RULE = {
    True: f"Points: {QUIZ_CORRECT} for the right letter, {QUIZ_FASTEST_BONUS} more for the fastest.",
    False: f"Points: up to {QUIZ_CORRECT}, by the share of the key points covered.",
}


def mention(member_id: int) -> str:
    return f"<@{member_id}>"


def start_embed(quiz: QuizSnapshot) -> discord.Embed:
    filters = f" ({quiz.filters})" if quiz.filters else ""
    return discord.Embed(
        title="Quiz time!",
        description=(
            f"{mention(quiz.started_by)} started a quiz of {plural(quiz.question_count, 'question')}"
            f"{truncate(filters, 500)}. The questions appear here one at a time; answer with the buttons "
            "under each before the time runs out. Quiz points count on the server leaderboard."
        ),
        colour=QUIZ_COLOUR,
    )


def question_embed(asked: QuizQuestion, topic_title: str) -> discord.Embed:
    question = asked.question
    embed = discord.Embed(
        title=f"Quiz question {asked.number} of {asked.of}",
        description=question_body(question),
        colour=QUIZ_COLOUR,
    )
    embed.add_field(name="Topic", value=truncate(topic_title, limits.EMBED_FIELD_VALUE))
    embed.add_field(
        name="Difficulty", value=DIFFICULTY_LABEL.get(question.difficulty.value, question.difficulty.value)
    )
    if asked.closes_at is not None:
        embed.add_field(name="Closes", value=ts(asked.closes_at, "R"))
    embed.set_footer(text=KIND_HINT[question.kind])
    return embed


def _answer_lines(result: QuizQuestionResult) -> list[str]:
    lines = []
    for r in result.results:
        if r.coverage is not None:
            lines.append(
                f"{mention(r.member_id)}: {round(r.coverage * 100)}% of the key points covered, +{r.points}"
            )
        elif r.correct:
            fastest = " ⚡ fastest" if r.member_id == result.fastest_member_id else ""
            lines.append(f"✅ {mention(r.member_id)} +{r.points}{fastest}")
        else:
            lines.append(f"❌ {mention(r.member_id)}")
    return lines


def result_embed(result: QuizQuestionResult) -> discord.Embed:
    question = result.question
    embed = discord.Embed(
        title=f"Question {result.number} of {result.of}: time's up",
        description=truncate(question.prompt, RESULT_PROMPT),
        colour=RESULT_COLOUR,
    )
    if result.correct_choice is not None:
        embed.add_field(
            name="Right answer",
            value=truncate(right_choice(question), limits.EMBED_FIELD_VALUE),
            inline=False,
        )
        if wrong := why_not_lines(question):
            embed.add_field(
                name="Why not the others",
                value=lines_within(wrong, limits.EMBED_FIELD_VALUE),
                inline=False,
            )
    elif question.key_points:
        points = [f"• {point.point}" for point in question.key_points]
        embed.add_field(name="Key points", value=lines_within(points, limits.EMBED_FIELD_VALUE), inline=False)
    add_editor_note(embed, question)
    if result.results:
        embed.add_field(
            name=_answers_summary(result),
            value=lines_within(_answer_lines(result), limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    else:
        embed.add_field(name="Answers", value="Nobody answered this one.", inline=False)
    if result.fastest_member_id is not None:
        embed.add_field(
            name="Fastest right answer",
            value=f"⚡ {mention(result.fastest_member_id)} earns the {QUIZ_FASTEST_BONUS}-point bonus",
            inline=False,
        )
    nxt = "That was the last question." if result.finished else f"Next: question {result.number + 1}."
    embed.set_footer(text=f"{POINTS_RULE[result.correct_choice is not None]} {nxt}")
    return embed


def _answers_summary(result: QuizQuestionResult) -> str:
    """``3 answers, 1 right``; an open question's answers are counted by key points, never "right"."""
    answers = plural(len(result.results), "answer")
    shares = [r.coverage for r in result.results if r.coverage is not None]
    if shares:
        return f"{answers}, {round(100 * sum(shares) / len(shares))}% of the key points covered on average"
    return f"{answers}, {sum(r.correct for r in result.results)} right"


def standings_embed(standings: QuizStandings, *, stopped_by: int | None = None) -> discord.Embed:
    if stopped_by is None:
        title, intro = "Quiz over: final standings", ""
    else:
        title = "Quiz stopped: standings so far"
        intro = f"{mention(stopped_by)} stopped the quiz; the open question was not scored.\n\n"
    rows = [
        f"{MEDALS.get(row.rank, f'**{row.rank}.**')} {mention(row.member_id)}: {plural(row.points, 'point')}"
        for row in standings.rows
    ]
    body = lines_within(rows, limits.EMBED_DESCRIPTION - len(intro)) if rows else "Nobody scored this time."
    embed = discord.Embed(title=title, description=intro + body, colour=STANDINGS_COLOUR)
    embed.set_footer(
        text=f"{standings.questions_done} of {plural(standings.of, 'question')} played. "
        "Quiz points count on the server leaderboard."
    )
    return embed
