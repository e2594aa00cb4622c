"""Spaced repetition of questions a member got wrong or wants to revisit (FSRS 6).

The ``fsrs`` scheduler is built once with its default parameters and fuzzing
off, so the same reviews always give the same due dates (tests, previews).
A card's state travels as a JSON-serialisable dict (``fsrs.Card.to_dict``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from fsrs import Card, Rating, Scheduler

from bot.domain.clock import require_aware

_SCHEDULER = Scheduler(enable_fuzzing=False)


class Recall(StrEnum):
    """How well the member remembered the answer."""

    AGAIN = "again"
    HARD = "hard"
    GOOD = "good"
    EASY = "easy"


_RATINGS = {
    Recall.AGAIN: Rating.Again,
    Recall.HARD: Rating.Hard,
    Recall.GOOD: Rating.Good,
    Recall.EASY: Rating.Easy,
}


@dataclass(frozen=True)
class CardState:
    """A review card: ``data`` is what to store (JSON), ``due`` when to ask again (UTC)."""

    data: dict[str, Any] = field(hash=False)
    due: datetime


def _utc(instant: datetime) -> datetime:
    # fsrs insists on tzinfo == datetime.UTC exactly, not merely an aware UTC time.
    return require_aware(instant).astimezone(UTC)


def _state(card: Card) -> CardState:
    return CardState(data=dict(card.to_dict()), due=_utc(card.due))


def new_card(now: datetime) -> CardState:
    """A card never reviewed, due at once."""
    now = _utc(now)
    # An explicit id: fsrs would otherwise read the wall clock (and sleep 1 ms).
    return _state(Card(card_id=int(now.timestamp() * 1000), due=now))


def review(state: CardState, recall: Recall, now: datetime) -> CardState:
    """The card after a review at ``now`` rated ``recall``."""
    card = Card.from_dict(state.data)  # type: ignore[arg-type]  # data came from Card.to_dict
    reviewed, _log = _SCHEDULER.review_card(card, _RATINGS[Recall(recall)], review_datetime=_utc(now))
    return _state(reviewed)


def is_due(state: CardState, now: datetime) -> bool:
    return state.due <= _utc(now)
