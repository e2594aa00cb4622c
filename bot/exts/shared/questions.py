"""How a question reads in any message: its prompt, its choices, its difficulty, a scenario's steps."""

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


def walkthrough(question: Question) -> list[str]:
    """A scenario's steps as the answer pages show them after its full answer.

    None when the full answer already walks through every step (a mock interview parsed from a
    document does, with the step titles and the interviewer's follow-ups): shown twice otherwise.
    """
    if all(step.expected.strip() in question.full_answer for step in question.steps):
        return []
    return [f"**Step {i}.** {step.prompt}\n> {step.expected}" for i, step in enumerate(question.steps, 1)]
