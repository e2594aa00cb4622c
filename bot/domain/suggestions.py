"""The rules for a member's suggested question: what a draft may hold, and how many may wait.

A draft is checked as a whole before anything is stored, with one message
per problem that says what to change. The text is kept exactly as typed
(only blank key-point lines are dropped): what the moderator reads is what
the member wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.errors import DomainError
from bot.domain.member_text import check_member_text
from bot.domain.questions import Topic
from bot.domain.topics import find_topic

PROMPT_MIN, PROMPT_MAX = 10, 300
ANSWER_MIN, ANSWER_MAX = 20, 1500
KEY_POINTS_MAX = 6
KEY_POINT_MAX = 200
KEY_POINTS_FIELD_MAX = KEY_POINTS_MAX * (KEY_POINT_MAX + 1)  # the form's box: six full lines
PENDING_MAX = 3  # suggestions one member may have waiting in one server
REASON_MAX = 500
NAME_MAX = 100  # the credit, "suggested by <name>"


class TooManyPending(DomainError):
    message = (
        f"You already have {PENDING_MAX} suggestions waiting for a moderator in this server; "
        "you can suggest another once one of them has been reviewed."
    )


class InvalidSuggestion(DomainError):
    """A draft that breaks a rule; the message says which and what to change."""


class SuggestionGone(DomainError):
    message = "That suggestion no longer exists (the member may have deleted their data)."


class AlreadyDecided(DomainError):
    def __init__(self, status: str) -> None:
        super().__init__(f"That suggestion was already {status} by a moderator.")


class ReasonTooLong(DomainError):
    message = f"A reason is at most {REASON_MAX} characters; the member will read it."


@dataclass(frozen=True, slots=True)
class Draft:
    """A suggested question as typed: the prompt, the model answer, key points, the topic's id."""

    prompt: str
    answer: str
    key_points: tuple[str, ...]
    topic: str


def _length(label: str, text: str, low: int, high: int) -> None:
    size = len(text.strip())
    if size < low:
        raise InvalidSuggestion(
            f"The {label} is too short ({size} characters); write at least {low} so others can follow it."
        )
    if len(text) > high:
        raise InvalidSuggestion(f"The {label} is {len(text):,} characters long; the limit is {high:,}.")


def key_point_lines(text: str) -> tuple[str, ...]:
    """The key points of the form's box: one per line, blank lines dropped."""
    return tuple(line for line in text.splitlines() if line.strip())


def check_draft(prompt: str, answer: str, key_points: str, topic: str, topics: Sequence[Topic]) -> Draft:
    """The draft, once every rule holds; ``InvalidSuggestion`` (or ``UnknownTopic``) otherwise."""
    for text in (prompt, answer, key_points, topic):
        check_member_text(text)
    _length("question", prompt, PROMPT_MIN, PROMPT_MAX)
    _length("answer", answer, ANSWER_MIN, ANSWER_MAX)
    points = key_point_lines(key_points)
    if len(points) > KEY_POINTS_MAX:
        raise InvalidSuggestion(
            f"Give at most {KEY_POINTS_MAX} key points, one per line (you gave {len(points)})."
        )
    for i, point in enumerate(points, 1):
        if len(point) > KEY_POINT_MAX:
            raise InvalidSuggestion(
                f"Key point {i} is {len(point)} characters long; keep each under {KEY_POINT_MAX}."
            )
    return Draft(prompt, answer, points, find_topic(topic, topics).id)


def check_reason(reason: str) -> str | None:
    """A rejection's reason as typed (None when left empty); ``ReasonTooLong`` past the limit."""
    check_member_text(reason)
    if len(reason) > REASON_MAX:
        raise ReasonTooLong()
    return reason if reason.strip() else None


def credit_name(name: str) -> str:
    """The member's name as the credit shows it: one line, at most ``NAME_MAX`` characters."""
    flat = " ".join(name.split()) or "a member"
    return flat if len(flat) <= NAME_MAX else flat[: NAME_MAX - 1] + "…"
