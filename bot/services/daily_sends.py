"""What the daily round hands to a sender, what the sender says back, and the sender's port.

The round (``bot.services.daily_round``) claims a :class:`PostToSend` or a
:class:`RevealToSend`, gives it to a :class:`PostSender` (the Discord layer
implements it) and records the :class:`SendOutcome` it returns. The sender only
sends and classifies; the services decide what a failure means for the schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from bot.domain.questions import Question


class FailureOutcome(StrEnum):
    """What became of a post after a failed send or reveal."""

    RETRY = "retry"  # the lease was released; a later round tries again
    GAVE_UP = "gave_up"  # the post failed for good; a permanent cause also paused the schedule
    NOT_HELD = "not_held"  # this owner no longer holds the post; nothing changed


@dataclass(frozen=True, slots=True)
class PostToSend:
    post_id: int
    guild_id: int
    channel_id: int
    local_date: date
    day_number: int
    question: Question
    reveal_at: datetime
    ping_role_id: int | None
    open_thread: bool
    nonce: str  # send the message with it (enforce_nonce): the same on every retry
    # Set when an earlier hand-out may have left the message in the channel unrecorded (the
    # sender died, or Discord failed after storing it): look for it from then on before sending.
    earlier_attempt_at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class RevealToSend:
    post_id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    thread_id: int | None
    local_date: date
    day_number: int
    question: Question
    reveal_at: datetime
    answer_count: int
    correct_count: int | None  # multiple choice only
    earlier_attempt_at: datetime | None = field(default=None, compare=False)  # as in PostToSend


@dataclass(frozen=True, slots=True)
class Sent:
    """The message is in the channel (sent now, or an earlier attempt's copy adopted)."""

    message_id: int
    thread_id: int | None = None  # the post's discussion thread; a reveal has none


@dataclass(frozen=True, slots=True)
class Failed:
    """The message could not be sent; ``reason`` is in words for admins (``/qotd status``).

    ``permanent``: retrying cannot help until a person fixes something (channel deleted,
    access or permissions lost), so the schedule pauses; otherwise it is tried again.
    """

    reason: str
    permanent: bool


SendOutcome = Sent | Failed


class PostSender(Protocol):
    """Puts posts and reveals in their channels (the Discord layer implements it).

    A sender never raises for what the chat service answered: it returns :class:`Failed`.
    """

    async def send_post(self, post: PostToSend) -> SendOutcome:
        """Send the day's question (or adopt the copy an earlier hand-out left)."""
        ...

    async def send_reveal(self, reveal: RevealToSend) -> SendOutcome:
        """Send the answer and close the post to answers (or adopt an earlier copy)."""
        ...
