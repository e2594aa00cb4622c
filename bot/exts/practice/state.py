"""Where a member is in a private practice or review run, carried in every button's custom_id.

Nothing about a run is kept in memory: the buttons on the member's private
message say which question it is, which filters the run has and how far it
got, so the run carries on after a restart. A topic travels as its syllabus
number (a few characters) rather than its slug, to stay far below Discord's
100-character custom_id limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.domain.questions import Difficulty, Topic
from bot.exts.shared.buttons import Part, text


class Mode(StrEnum):
    PRACTICE = "p"  # /practice: any question matching the filters, new or due ones first
    REVIEW = "r"  # /review: the member's due cards, most overdue first
    LOOKUP = "q"  # /question: one question looked up; no rating


# As long as a stored question id may be (64: a pack id takes up to 60); with the longest session
# the longest custom id, "srs:rate:<id>:again:<session>", stays within Discord's 100 characters.
QUESTION_ID = text(r"[A-Za-z0-9_-]{1,64}")
MAX_STEP = 99_999


@dataclass(frozen=True, slots=True)
class Session:
    """A run's mode, filters and the number of the question on screen (1 for the first)."""

    mode: Mode
    topic: int = 0  # a topic's syllabus number; 0 for any topic
    difficulty: Difficulty | None = None
    step: int = 1

    def key(self) -> str:
        """The run as a short custom_id part, read back by ``from_key``."""
        difficulty = self.difficulty.value if self.difficulty else "any"
        return f"{self.mode.value}.{self.topic}.{difficulty}.{min(self.step, MAX_STEP)}"

    @classmethod
    def from_key(cls, key: str) -> Session:
        """The run ``key()`` wrote (``SESSION``'s pattern checked its shape)."""
        mode, topic, difficulty, step = key.split(".")
        return cls(
            mode=Mode(mode),
            topic=int(topic),
            difficulty=None if difficulty == "any" else Difficulty(difficulty),
            step=int(step),
        )

    def advanced(self) -> Session:
        return replace(self, step=min(self.step + 1, MAX_STEP))

    def topic_id(self, topics: Sequence[Topic]) -> str | None:
        """The topic filter as the services read it (None: any topic, or one no longer in the syllabus)."""
        return next((t.id for t in topics if t.number == self.topic), None) if self.topic else None


SESSION = Part(r"[prq]\.[0-9]{1,3}\.(?:any|easy|medium|hard)\.[0-9]{1,5}", Session.from_key, Session.key)
