"""Leaderboard order: points, then who got there first, then member id."""

from datetime import UTC, datetime, timedelta

from bot.domain.ranking import ORDERING_RULE, Standing, rank_rows, window_around

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_more_points_rank_higher_and_ties_go_to_who_reached_first():
    rows = [
        (300, 20, T0 + timedelta(hours=2)),
        (100, 20, T0 + timedelta(hours=1)),
        (200, 35, T0 + timedelta(hours=9)),
        (400, 5, T0),
        (50, 20, T0 + timedelta(hours=2)),  # same points and time as 300: lower id first
    ]
    standings = rank_rows(rows)
    assert [(s.rank, s.member_id) for s in standings] == [(1, 200), (2, 100), (3, 50), (4, 300), (5, 400)]
    assert standings[0] == Standing(1, 200, 35, T0 + timedelta(hours=9))


def test_ranks_are_never_shared():
    rows = [(member, 10, T0) for member in range(10)]
    assert [s.rank for s in rank_rows(rows)] == list(range(1, 11))
    assert rank_rows([]) == []


def test_window_around_a_member():
    standings = rank_rows((member, 100 - member, T0) for member in range(1, 11))
    assert [s.member_id for s in window_around(standings, 5)] == [3, 4, 5, 6, 7]
    assert [s.member_id for s in window_around(standings, 1)] == [1, 2, 3]
    assert [s.member_id for s in window_around(standings, 10, above=1, below=3)] == [9, 10]
    assert window_around(standings, 99) == []


def test_ordering_rule_is_one_sentence():
    assert ORDERING_RULE.endswith(".")
    assert ORDERING_RULE.count(".") == 1
