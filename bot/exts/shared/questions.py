"""How a question reads in any message: its prompt, its choices, its difficulty."""

from __future__ import annotations

from bot.domain import limits
from bot.domain.pages import truncate
from bot.domain.questions import Kind, Question
from bot.exts.shared.formatting import plural

DIFFICULTY_LABEL = {"easy": "🟢 Easy", "medium": "🟡 Medium", "hard": "🔴 Hard"}


def question_body(question: Question, limit: int = limits.EMBED_DESCRIPTION) -> str:
    """The question as members read it: prompt, then the choices of an MCQ."""
    parts = [question.prompt]
    if question.choices:
        parts.append("\n".join(f"**{c.key})** {c.text}" for c in question.choices))
    if question.kind is Kind.SCENARIO and question.steps:
        parts.append(
            f"*The interviewer will ask {plural(len(question.steps), 'follow-up')}; "
            "the reveal walks through each.*"
        )
    return truncate("\n\n".join(parts), limit)
