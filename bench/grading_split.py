"""The labelled set split by question into the half used while tuning the grader and a held-out half.

While the grader's rules and thresholds were tuned (issue 15), the answers read to find what it
got wrong were those of the development questions (every other question of the labelled set, in
file order, starting with the first), with one exception: the negated rows that still scored at
or above their statement, from both halves, were read too (two rules came from held-out rows: a
full stop inside ".catch()" is no sentence end, and short list items share a denial). The key
points of all 36 questions were written before any answer was seen. This prints the agreement
for each half and for the whole.

    .venv/bin/python -m bench.grading_split
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.domain.agreement import Graded, agreement
from bot.domain.scoring import OPEN_MAX, grade_open
from bot.questionbank.bank import load_bank

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    bank = load_bank(ROOT / "content" / "bank")
    rows = [json.loads(line) for line in (ROOT / "content/grading/labelled-answers.jsonl").open()]
    order = list(dict.fromkeys(r["question"] for r in rows))
    development = set(order[0::2])
    halves = {
        "development": [r for r in rows if r["question"] in development],
        "held-out": [r for r in rows if r["question"] not in development],
        "all": rows,
    }
    for name, chosen in halves.items():
        graded = []
        for r in chosen:
            question = bank.get(r["question"])
            assert question is not None, r["question"]
            predicted = grade_open(r["answer"], question).scaled(OPEN_MAX)
            graded.append(Graded(r["id"], r["category"], r["score"], predicted, r.get("negates")))
        result = agreement(graded)
        means = ", ".join(f"{k} {v.predicted:.2f}" for k, v in result.by_category.items())
        below = result.negation_pairs - len(result.negation_failures)
        print(
            f"{name}: {result.count} answers to {len({r['question'] for r in chosen})} questions; "
            f"Spearman {result.spearman:.3f}, Pearson {result.pearson:.3f}, "
            f"MAE {result.mean_absolute_error:.2f}; negations below {below}/{result.negation_pairs}\n  {means}"
        )


if __name__ == "__main__":
    main()
