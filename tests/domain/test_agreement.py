"""The figures `qotd grade eval` prints: correlations, error, category means, negation pairs."""

import statistics

import pytest

from bot.domain.agreement import Graded, agreement, pearson, ranks, spearman, targets_missed


def test_pearson_matches_the_standard_library():
    xs = [1.0, 2.0, 3.0, 4.0, 5.0, 7.5]
    ys = [2.0, 1.0, 4.0, 3.0, 7.0, 6.0]
    assert pearson(xs, ys) == pytest.approx(statistics.correlation(xs, ys))


def test_pearson_is_undefined_without_spread():
    assert pearson([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]) is None
    assert pearson([1.0], [2.0]) is None


def test_ties_share_their_mean_rank():
    assert ranks([10.0, 20.0, 20.0, 5.0]) == [2.0, 3.5, 3.5, 1.0]


def test_spearman_sees_order_not_distance():
    labels = [0.0, 1.0, 2.0, 3.0, 10.0]
    grades = [0.0, 0.1, 0.2, 9.0, 9.5]  # same order, very different spacing
    assert spearman(labels, grades) == pytest.approx(1.0)
    assert pearson(labels, grades) < 0.9
    assert spearman(labels, list(reversed(grades))) == pytest.approx(-1.0)


def _row(row, category, label, predicted, negates=None):
    return Graded(row, category, label, predicted, negates)


def test_agreement_reports_error_category_means_and_negations():
    result = agreement(
        [
            _row("s1", "strong", 10, 8),
            _row("s2", "strong", 8, 10),
            _row("n1", "negated", 1, 8, negates="s1"),  # graded as high as the statement it negates
            _row("n2", "negated", 0, 2, negates="s2"),
            _row("b1", "buzzwords", 2, 9),
        ]
    )
    assert result.count == 5
    assert result.mean_absolute_error == pytest.approx((2 + 2 + 7 + 2 + 7) / 5)
    assert result.by_category["strong"].label == 9
    assert result.by_category["buzzwords"].predicted == 9
    assert result.negation_pairs == 2
    assert result.negation_failures == (("n1", "s1"),)
    missed = targets_missed(result)
    assert any("buzzwords: mean 9.00 is above 3" in m for m in missed)
    assert any("1 of 2 negated statements" in m for m in missed)


def test_a_perfect_grader_meets_every_target():
    rows = [_row(f"p{i}", "paraphrase", 7 + i % 4, 7 + i % 4) for i in range(12)]
    rows += [_row(f"b{i}", "buzzwords", i % 4, i % 4) for i in range(12)]
    assert targets_missed(agreement(rows)) == []


def test_nothing_graded_is_an_error():
    with pytest.raises(ValueError, match="nothing was graded"):
        agreement([])
