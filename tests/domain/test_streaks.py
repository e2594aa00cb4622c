"""Streaks count consecutive local dates with an answer."""

from datetime import date, timedelta

from bot.domain.streaks import Streak, current_as_of, record_day

MONDAY = date(2026, 3, 2)


def test_first_answer_starts_a_streak():
    assert record_day(Streak(), MONDAY) == Streak(current=1, best=1, last_date=MONDAY)


def test_consecutive_days_extend_and_gaps_restart():
    streak = Streak()
    for offset in range(4):
        streak = record_day(streak, MONDAY + timedelta(days=offset))
    assert (streak.current, streak.best) == (4, 4)
    streak = record_day(streak, MONDAY + timedelta(days=6))  # skipped two days
    assert streak == Streak(current=1, best=4, last_date=MONDAY + timedelta(days=6))
    streak = record_day(streak, MONDAY + timedelta(days=7))
    assert (streak.current, streak.best) == (2, 4)


def test_second_answer_on_the_same_day_changes_nothing():
    streak = record_day(record_day(Streak(), MONDAY), MONDAY + timedelta(days=1))
    assert record_day(streak, MONDAY + timedelta(days=1)) == streak
    assert record_day(streak, MONDAY) == streak  # an older day arriving late


def test_best_is_kept_when_a_new_streak_passes_it():
    streak = Streak(current=2, best=2, last_date=MONDAY)
    streak = record_day(streak, MONDAY + timedelta(days=1))
    assert streak.best == 3


def test_current_as_of_today():
    streak = Streak(current=5, best=7, last_date=MONDAY)
    assert current_as_of(streak, MONDAY) == 5
    assert current_as_of(streak, MONDAY + timedelta(days=1)) == 5  # can still answer today
    assert current_as_of(streak, MONDAY + timedelta(days=2)) == 0
    assert current_as_of(Streak(), MONDAY) == 0
