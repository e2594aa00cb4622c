"""The domain's errors: each one's ``str()`` is a short sentence safe to show a member.

The Discord layer shows ``str(err)`` as is (ephemeral), so messages name no
internals (no ids of database rows, no exception types, no stack traces). A
value the member typed is echoed shortened and in inline code, so it can
neither ping anyone nor break the message's Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable

_ECHO_LIMIT = 40


def echo(value: object) -> str:
    """A member-typed value made safe to repeat back: shortened, in inline code."""
    text = " ".join(str(value).replace("`", "'").split())
    if not text:
        return "that"
    if len(text) > _ECHO_LIMIT:
        text = text[: _ECHO_LIMIT - 1] + "…"
    return f"`{text}`"


class DomainError(Exception):
    """A rule said no. ``str(err)`` is one sentence for the member."""

    message = "Something about that request did not work out."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)

    def __str__(self) -> str:
        return str(self.args[0])


class NotConfigured(DomainError):
    """The server has no question-of-the-day schedule yet."""

    message = "This server has no question-of-the-day schedule yet; an admin can set one up with /qotd setup."


class InvalidTimezone(DomainError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"I don't know the time zone {echo(name)}; pick one from the list, for example Europe/Berlin."
        )


class InvalidTime(DomainError):
    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"I can't read {echo(text)} as a time of day; try 09:30, 21:05 or 9pm.")


class QuestionClosed(DomainError):
    message = "This question is closed: the answer has been revealed or the time ran out."


class AlreadyAnswered(DomainError):
    message = "You have already answered this question."


class UnknownQuestion(DomainError):
    def __init__(self, question_id: str) -> None:
        self.question_id = question_id
        super().__init__(f"There is no question {echo(question_id)}.")


class TodaysQuestion(DomainError):
    """The question is the server's today (posted, or chosen for later today) and not revealed yet.

    ``near``: not today's question itself but one of its near-duplicate group, whose answer
    would give today's away just the same.
    """

    message = "That one is today's question: answer it, the answer comes at the reveal."
    NEAR = (
        "That one is too close to today's question: its answer would give today's away, "
        "so it waits for the reveal. Answer today's question first."
    )

    def __init__(self, question_id: str, *, near: bool = False) -> None:
        self.question_id = question_id
        self.near = near
        super().__init__(self.NEAR if near else self.message)


class UnknownPost(DomainError):
    message = "I can't find that question post any more."


class EmptyPool(DomainError):
    """No question is eligible; ``filters`` describes what was asked for."""

    def __init__(self, filters: str = "") -> None:
        self.filters = filters
        if filters:
            text = f"No question matches {filters}; widen the filters or add questions."
        else:
            text = "There are no questions to choose from yet; add some first."
        super().__init__(text)


class AnswerTooLong(DomainError):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"Your answer is longer than {limit:,} characters; please shorten it.")


class EmptyAnswer(DomainError):
    message = "Your answer is empty; write something first."


class InvalidChoice(DomainError):
    def __init__(self, key: str, offered: Iterable[str] = ()) -> None:
        self.key = key
        self.offered = tuple(offered)
        options = f" (choose {', '.join(self.offered)})" if self.offered else ""
        super().__init__(f"{echo(key)} is not one of the choices{options}.")


class NotAllowed(DomainError):
    message = "You don't have permission to do that here."


class QuizAlreadyRunning(DomainError):
    message = "A quiz is already running in this channel; wait for it to finish."


class NoActiveQuiz(DomainError):
    message = "There is no quiz running here right now."


class InvalidQuizLength(DomainError):
    def __init__(self, count: int, low: int, high: int) -> None:
        self.count = count
        super().__init__(f"A quiz has between {low} and {high} questions, not {count}.")


class NothingDue(DomainError):
    message = "You have nothing to review right now; come back later."


class InvalidImport(DomainError):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"I couldn't import that file: {reason.strip().rstrip('.')}.")


class UnknownSource(DomainError):
    """No question source of that name here (``/bank sources`` lists them)."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(f"There is no question source {echo(source)}; /bank sources lists them.")
