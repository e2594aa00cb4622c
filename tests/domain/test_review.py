"""Spaced repetition: better recall pushes the next review further out, deterministically."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.review import CardState, Recall, is_due, new_card, review

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_a_new_card_is_due_at_once():
    card = new_card(NOW)
    assert card.due == NOW
    assert is_due(card, NOW)
    json.dumps(card.data)  # storable as JSON


@pytest.mark.parametrize("reviews", [0, 1, 3])
def test_better_recall_means_a_later_due_date(reviews):
    card, when = new_card(NOW), NOW
    for _ in range(reviews):  # build some history first
        card = review(card, Recall.GOOD, when)
        when = card.due
    due = {recall: review(card, recall, when).due for recall in Recall}
    assert due[Recall.AGAIN] < due[Recall.GOOD] < due[Recall.EASY]
    assert due[Recall.AGAIN] <= due[Recall.HARD] <= due[Recall.GOOD]
    assert all(d > when for d in due.values())


def test_reviews_are_deterministic():
    first = review(new_card(NOW), Recall.GOOD, NOW + timedelta(minutes=3))
    second = review(new_card(NOW), Recall.GOOD, NOW + timedelta(minutes=3))
    assert first == second


def test_state_round_trips_through_json():
    card = review(review(new_card(NOW), Recall.GOOD, NOW), Recall.EASY, NOW + timedelta(days=1))
    stored = json.loads(json.dumps(card.data))
    restored = CardState(data=stored, due=card.due)
    later = card.due + timedelta(days=1)
    assert review(restored, Recall.GOOD, later) == review(card, Recall.GOOD, later)


def test_any_aware_time_works_and_naive_is_refused():
    berlin_now = NOW.astimezone(ZoneInfo("Europe/Berlin"))
    assert review(new_card(NOW), "good", berlin_now) == review(new_card(NOW), Recall.GOOD, NOW)
    assert review(new_card(NOW), Recall.GOOD, NOW).due.tzinfo is not None
    with pytest.raises(ValueError, match="aware"):
        review(new_card(NOW), Recall.GOOD, datetime(2026, 3, 1))  # noqa: DTZ001


def test_is_due():
    card = review(new_card(NOW), Recall.EASY, NOW)
    assert not is_due(card, NOW + timedelta(hours=1))
    assert is_due(card, card.due)
