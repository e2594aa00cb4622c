"""How well automatic grades agree with a careful interviewer's labels.

Pure arithmetic for ``qotd grade eval``: Pearson and Spearman correlation,
mean absolute error and the mean per category of labelled answers. Every
score here is on one scale (0..10), whatever scale a data set labelled in.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Graded:
    """One labelled answer and what the grader gave it, both on the 0..10 scale."""

    row: str  # the row's id in its file
    category: str  # e.g. "strong", "buzzwords"; "" when the data set has none
    label: float
    predicted: float
    negates: str | None = None  # the row whose statement this one negates


@dataclass(frozen=True, slots=True)
class CategoryMeans:
    count: int
    label: float
    predicted: float


@dataclass(frozen=True, slots=True)
class Agreement:
    count: int
    pearson: float | None  # None when either side has no spread
    spearman: float | None
    mean_absolute_error: float
    by_category: dict[str, CategoryMeans]
    # Negated rows the grader scored at or above the statement they negate: (negated row, original row).
    negation_failures: tuple[tuple[str, str], ...]
    negation_pairs: int


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when either series is constant (no correlation is defined)."""
    if len(xs) != len(ys):
        raise ValueError("the two series differ in length")
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their mean rank (as Spearman's rho needs)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        mean_rank = (i + j) / 2 + 1
        for k in range(i, j + 1):
            out[order[k]] = mean_rank
        i = j + 1
    return out


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rho: Pearson's r of the ranks (ties averaged)."""
    return pearson(ranks(xs), ranks(ys))


def agreement(graded: Sequence[Graded]) -> Agreement:
    """Correlations, error and per-category means of ``graded``; ``ValueError`` when it is empty."""
    if not graded:
        raise ValueError("nothing was graded")
    labels = [g.label for g in graded]
    predicted = [g.predicted for g in graded]
    groups: dict[str, list[Graded]] = defaultdict(list)
    for g in graded:
        groups[g.category].append(g)
    by_category = {
        name: CategoryMeans(
            count=len(rows),
            label=sum(r.label for r in rows) / len(rows),
            predicted=sum(r.predicted for r in rows) / len(rows),
        )
        for name, rows in sorted(groups.items())
    }
    by_row = {g.row: g for g in graded}
    pairs = [(g, by_row[g.negates]) for g in graded if g.negates and g.negates in by_row]
    failures = tuple((neg.row, orig.row) for neg, orig in pairs if neg.predicted >= orig.predicted)
    return Agreement(
        count=len(graded),
        pearson=pearson(labels, predicted),
        spearman=spearman(labels, predicted),
        mean_absolute_error=sum(abs(a - b) for a, b in zip(labels, predicted, strict=True)) / len(graded),
        by_category=by_category,
        negation_failures=failures,
        negation_pairs=len(pairs),
    )


@dataclass(frozen=True, slots=True)
class Targets:
    """What the fair-grading work promises on the committed labelled set."""

    spearman: float = 0.85
    mean_absolute_error: float = 1.5
    # Category ceilings and floors, on the 0..10 scale.
    at_most: tuple[tuple[str, float], ...] = (("buzzwords", 3.0), ("pasted-prompt", 1.0))
    at_least: tuple[tuple[str, float], ...] = (("paraphrase", 7.0),)


def targets_missed(result: Agreement, targets: Targets = Targets()) -> list[str]:
    """Each target ``result`` misses, in words; empty when all are met."""
    missed = []
    if result.spearman is None or result.spearman < targets.spearman:
        missed.append(f"Spearman {correlation_text(result.spearman)} is below {targets.spearman}")
    if result.mean_absolute_error > targets.mean_absolute_error:
        missed.append(
            f"mean absolute error {result.mean_absolute_error:.2f} is above {targets.mean_absolute_error}"
        )
    for name, ceiling in targets.at_most:
        means = result.by_category.get(name)
        if means and means.predicted > ceiling:
            missed.append(f"{name}: mean {means.predicted:.2f} is above {ceiling}")
    for name, floor in targets.at_least:
        means = result.by_category.get(name)
        if means and means.predicted < floor:
            missed.append(f"{name}: mean {means.predicted:.2f} is below {floor}")
    if result.negation_failures:
        missed.append(
            f"{len(result.negation_failures)} of {result.negation_pairs} negated statements score "
            "at or above the statement they negate"
        )
    return missed


def correlation_text(value: float | None) -> str:
    """A correlation to three places, or "n/a" where none is defined."""
    return "n/a" if value is None else f"{value:.3f}"
