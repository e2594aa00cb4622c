"""Refusals of the daily-question services that are not rules of ``bot.domain``.

Like the domain's errors, each ``str()`` is one sentence safe to show a member.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError, echo


class UnknownTopic(DomainError):
    def __init__(self, topic: str) -> None:
        self.topic = topic
        super().__init__(f"I don't know the topic {echo(topic)}; pick one from the list.")


class InvalidDifficulty(DomainError):
    def __init__(self, difficulty: str, allowed: Iterable[str]) -> None:
        self.difficulty = difficulty
        super().__init__(f"Difficulty is one of {', '.join(allowed)}, not {echo(difficulty)}.")


class InvalidRevealDelay(DomainError):
    def __init__(self, minutes: int, low: int, high: int) -> None:
        self.minutes = minutes
        super().__init__(
            f"The answer can be revealed {low} to {high:,} minutes after the question, not {minutes:,}."
        )


class NotRevealedYet(DomainError):
    """The result of a daily question was asked for before its reveal.

    ``reveal_at`` (UTC) lets the Discord layer render the instant in each
    member's own time zone; the message uses the server's.
    """

    def __init__(self, reveal_at: datetime, zone: ZoneInfo) -> None:
        self.reveal_at = reveal_at
        local = reveal_at.astimezone(zone)
        super().__init__(
            f"The answer is revealed at {local:%H:%M} on {local.day} {local:%B} ({zone.key} time)."
        )


class NothingToGrade(DomainError):
    message = "You didn't answer this question, so there is nothing to grade."


class SchedulePaused(DomainError):
    message = "The question of the day is paused here; resume it with /qotd resume first."


class AlreadyPostedToday(DomainError):
    def __init__(self, next_post_at: datetime, zone: ZoneInfo) -> None:
        self.next_post_at = next_post_at
        local = next_post_at.astimezone(zone)
        super().__init__(
            f"Today's question is already out; the next one comes at {local:%H:%M} on "
            f"{local.day} {local:%B} ({zone.key} time)."
        )


class ZoneUnavailable(DomainError):
    """A schedule's stored time zone no longer loads (renamed in a tzdata update, a restored backup).

    The message is also the pause reason ``/qotd status`` shows.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"The time zone {echo(name)} is not in the bot's time-zone data any more (it may have been "
            "renamed); run /qotd setup to choose it again."
        )


class AnswerNotSaved(DomainError):
    message = (
        "Your answer could not be saved because of a problem on my side (it has been logged); "
        "please send it again in a moment."
    )
