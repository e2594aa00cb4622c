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

# How each kind of row the service reports reads to the member: (one, many).
KIND_WORDS: dict[str, tuple[str, str]] = {
    "answers": ("daily answer", "daily answers"),
    "quiz_answers": ("quiz answer", "quiz answers"),
    "score_events": ("score record", "score records"),
    "score_totals": ("leaderboard total", "leaderboard totals"),
    "streaks": ("streak", "streaks"),
    "roles": ("recorded role", "recorded roles"),
    "review_cards": ("review card", "review cards"),
    "prefs": ("preference", "preferences"),
    "quiz_sessions": ("quiz now kept without your results", "quizzes now kept without your results"),
    "pause_reasons": ("schedule pause no longer naming you", "schedule pauses no longer naming you"),
    "suggestions": ("question suggestion", "question suggestions"),
    "suggestion_credits": (
        "added question you suggested, no longer naming you",
        "added questions you suggested, no longer naming you",
    ),
}


def confirmation_embed() -> discord.Embed:
    return discord.Embed(
        title="Delete your data in this server?",
        description=f"{WARNING}\n\nThis can't be undone. Press **{DELETE_LABEL}** to go ahead.",
        colour=WARNING_COLOUR,
    )


def summary_embed(counts: Mapping[str, int]) -> discord.Embed:
    """What ``Privacy.forget`` deleted, kind by kind (kinds with nothing left out)."""
    lines = []
    for kind, n in counts.items():
        if n:
            one, many = KIND_WORDS.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
            lines.append(f"• {plural(n, one, many)}")
    description = (
        "Deleted:\n" + "\n".join(lines) if lines else "There was nothing stored about you in this server."
    )
    return discord.Embed(
        title="Your data in this server is gone", description=description, colour=DONE_COLOUR
    )
