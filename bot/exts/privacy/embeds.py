"""What /forget-me shows: the warning before, and what was deleted after."""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.exts.shared.formatting import plural

WARNING_COLOUR = discord.Colour.orange()
DONE_COLOUR = discord.Colour.green()
WARNING = (
    "This deletes your answers, scores, streak, review cards, recorded roles and question suggestions in "
    "this server, and takes your name out of any schedule pause you made and off questions you suggested "
    "that were added (the questions stay). Other members' boards are not affected."
)
DELETE_LABEL = "Delete my data"


def _yours(count: int, thing: str) -> str:
    """``your answer``, ``your 3 answers``."""
    return f"your {thing}" if count == 1 else f"your {plural(count, thing)}"


def _deleted_lines(counts: Mapping[str, int]) -> list[str]:
    """What went, as the member knows it: their answers, points, streak..., not the rows that held them."""
    n = counts.get
    lines = []
    if n("answers"):
        lines.append(f"{_yours(n('answers', 0), 'answer')} to the question of the day")
    if n("quiz_answers"):
        lines.append(_yours(n("quiz_answers", 0), "quiz answer"))
    if n("score_events") or n("score_totals"):
        lines.append(
            "your points, and your place on every leaderboard (today, this week, this month, all time)"
        )
    if n("streaks"):
        lines.append("your streak")
    if n("review_cards"):
        lines.append(f"{_yours(n('review_cards', 0), 'review card')} (what /review would ask you again)")
    if n("roles"):
        lines.append("the roles you had when answering (they put you on role leaderboards)")
    if n("prefs"):
        lines.append("your review reminder settings")
    if n("quiz_sessions"):
        quizzes = plural(n("quiz_sessions", 0), "quiz", "quizzes")
        lines.append(f"your results in {quizzes} you took part in (the quiz stays for the others)")
    if n("suggestions"):
        lines.append(_yours(n("suggestions", 0), "question suggestion"))
    if n("suggestion_credits"):
        questions = plural(n("suggestion_credits", 0), "question")
        lines.append(f"your name on {questions} you suggested (the questions stay, credited to no one)")
    if n("pause_reasons"):
        lines.append(
            f"your name in {plural(n('pause_reasons', 0), 'schedule pause')} you made (it now says "
            "“paused by an admin”)"
        )
    return lines


def confirmation_embed() -> discord.Embed:
    return discord.Embed(
        title="Delete your data in this server?",
        description=f"{WARNING}\n\nThis can't be undone. Press **{DELETE_LABEL}** to go ahead.",
        colour=WARNING_COLOUR,
    )


def summary_embed(counts: Mapping[str, int]) -> discord.Embed:
    """What ``Privacy.forget`` deleted, in the member's words (nothing listed that was not there)."""
    lines = _deleted_lines(counts)
    description = (
        "Deleted:\n" + "\n".join(f"• {line}" for line in lines)
        if lines
        else "There was nothing stored about you in this server."
    )
    return discord.Embed(
        title="Your data in this server is gone", description=description, colour=DONE_COLOUR
    )
