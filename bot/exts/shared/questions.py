"""How a question reads in any message: its prompt, its choices, its difficulty, a scenario's steps, its editor's note."""

from __future__ import annotations

import re

import discord

from bot.domain import limits
from bot.domain.pages import truncate
from bot.domain.questions import Kind, Question, steps_in_full_answer
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


EDITOR_NOTE = "📝 Editor's note"


def editor_note_section(question: Question) -> str:
    """The editor's note as the last part of a full answer ("" when the question has none)."""
    return f"**{EDITOR_NOTE}**\n{question.editor_note}" if question.editor_note else ""


def add_editor_note(embed: discord.Embed, question: Question) -> None:
    """The editor's note as a field of a reveal, when the question has one."""
    if question.editor_note:
        embed.add_field(
            name=EDITOR_NOTE, value=truncate(question.editor_note, limits.EMBED_FIELD_VALUE), inline=False
        )


def why_not(question: Question, key: str | None) -> str:
    """Why the choice ``key`` is wrong ("" for the right one, or when the bank does not say)."""
    choice = question.choice(key) if key else None
    if choice is None or choice.key == question.correct_choice:
        return ""
    return choice.why


def why_not_lines(question: Question) -> list[str]:
    """Why each wrong choice is wrong, one line per choice the bank explains."""
    return [f"**{c.key})** {why}" for c in question.choices if (why := why_not(question, c.key))]


def walkthrough(question: Question) -> list[str]:
    """A scenario's steps as the answer pages show them after its full answer.

    None when the full answer already walks through every step (a mock interview parsed from a
    document does, with the step titles and the interviewer's follow-ups): shown twice otherwise.
    """
    if steps_in_full_answer(question):
        return []
    return [f"**Step {i}.** {step.prompt}\n> {step.expected}" for i, step in enumerate(question.steps, 1)]


# A short answer that opens by restating the right option: "C) `worker_threads`: it runs...",
# "**Correct answer: C) worker_threads**".
_RESTATED_LETTER = re.compile(r"^\W*(?:correct answer\W*)?\(?(?P<key>[A-J])\)\W*", re.IGNORECASE)
_MARKUP = "`*_"
_LEAD = " `*_:;,.-–—\n"


def _after_restated(text: str, choice_text: str) -> str:
    """``text`` without a leading copy of ``choice_text`` (Markdown marks ignored), or ``text`` itself."""
    wanted = [c for c in choice_text.casefold() if c not in _MARKUP]
    i = 0
    for position, char in enumerate(text):
        if i == len(wanted):
            return text[position:]
        if char in _MARKUP:
            continue
        if char.casefold() != wanted[i]:
            return text
        i += 1
    return "" if i == len(wanted) else text


def why_right(question: Question) -> str:
    """Why the right choice is right: the explanation, else what the short answer adds to the choice.

    Short answers of multiple-choice questions usually restate the choice before saying why;
    shown under the choice itself, that restatement would say the same thing twice.
    """
    if question.explanation:
        return question.explanation
    text = question.short_answer.strip()
    found = _RESTATED_LETTER.match(text)
    choice = question.choice(question.correct_choice or "")
    if found is None or choice is None or found["key"].upper() != choice.key:
        return text
    rest = _after_restated(text[found.end() :], choice.text).lstrip(_LEAD)
    return rest[:1].upper() + rest[1:]


def right_choice(question: Question) -> str:
    """The right option of a multiple-choice question, once, then why it is right."""
    choice = question.choice(question.correct_choice or "")
    if choice is None:
        return ""
    why = why_right(question)
    return f"**{choice.key})** {choice.text}" + (f"\n{why}" if why else "")
