"""``qotd grade eval FILE``: how well the automatic grader agrees with labelled answers."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bot.domain.agreement import Agreement, Graded, agreement, correlation_text, targets_missed
from bot.domain.scoring import OPEN_MAX, grade_open
from bot.questionbank.bank import load_bank
from bot.questionbank.errors import BankError
from bot.questionbank.labelled_answers import SCALE, LabelledAnswer, LabelledFileError, read_labelled_answers
from bot.settings import Settings

EPILOG = """\
FILE is JSON Lines (.jsonl) or CSV (.csv, with a header row). Each row has:
  question          a bank question id, or (inline rows) the question's text
  answer            the answer as a member wrote it
  score             the score a careful person gave it
  max_score         the top of that score's scale (default 10; scores are rescaled to 0..10)
  reference_answer  inline rows only: the model answer (its presence makes the row inline)
  key_points        inline rows only, optional: a JSON list (CSV: one cell, points separated by ';')
  id, category, negates   optional: the row's id, its kind (strong, buzzwords, ...), and the id of
                    the row whose statement this row negates (it should score below that row)

It prints Pearson and Spearman correlation between the grader's base score (0..10, without
participation or streak points) and the labels, the mean absolute error, the mean per category,
the negated rows scored at or above their statement, and the grading time per answer.
Exit codes: 0 done (with --check: every target met), 1 a target missed (--check), 2 a bad file.
"""


def register(cmds: argparse._SubParsersAction) -> None:
    p = cmds.add_parser(
        "eval",
        help="grade a file of labelled answers and compare with the labels",
        description="Grade every answer of FILE and say how well the grades agree with its labels.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 unless the targets hold (Spearman >= 0.85, MAE <= 1.5, buzzwords <= 3, "
        "pasted prompts <= 1, paraphrases >= 7, every negation below its statement)",
    )
    p.add_argument("--rows", action="store_true", help="also list every row with its label and grade")
    p.set_defaults(handler=_eval)


def grade(item: LabelledAnswer) -> Graded:
    """One labelled answer with the grader's base score, both on the labels' 0..10 scale."""
    predicted = grade_open(item.answer, item.question).scaled(OPEN_MAX) * SCALE / OPEN_MAX
    return Graded(item.row, item.category, item.label, predicted, item.negates)


def _eval(args: argparse.Namespace) -> int:
    try:
        bank = load_bank(Settings().bank_dir)
        items = read_labelled_answers(args.file, bank.get)
    except (BankError, LabelledFileError) as exc:
        sys.stderr.write(f"qotd grade eval: {exc}\n")
        return 2
    graded: list[Graded] = []
    timings: list[float] = []
    for item in items:
        started = time.perf_counter()
        graded.append(grade(item))
        timings.append((time.perf_counter() - started) * 1000)
    result = agreement(graded)
    missed = targets_missed(result)
    timings.sort()
    timing = {
        "mean_ms": sum(timings) / len(timings),
        "p99_ms": timings[min(len(timings) - 1, int(0.99 * len(timings)))],
        "max_ms": timings[-1],
    }
    questions = len({item.question.id for item in items})
    if args.json:
        out = asdict(result) | {"questions": questions, "timing": timing, "targets_missed": missed}
        if args.rows:
            out["rows"] = [asdict(g) for g in graded]
        print(json.dumps(out, indent=2))
    else:
        _print(args.file, result, questions, timing, missed, graded if args.rows else [])
    return 1 if args.check and missed else 0


def _print(
    path: Path,
    result: Agreement,
    questions: int,
    timing: dict[str, float],
    missed: list[str],
    rows: list[Graded],
) -> None:
    print(f"{path}: {result.count} answers to {questions} questions")
    print(
        f"Pearson {correlation_text(result.pearson)}  Spearman {correlation_text(result.spearman)}  "
        f"mean absolute error {result.mean_absolute_error:.2f} points (of 10)"
    )
    if any(result.by_category):
        print(f"{'category':<16}{'n':>4}{'label':>8}{'grader':>8}")
        for name, means in result.by_category.items():
            print(f"{name or '(none)':<16}{means.count:>4}{means.label:>8.2f}{means.predicted:>8.2f}")
    if result.negation_pairs:
        below = result.negation_pairs - len(result.negation_failures)
        print(f"negated statements graded below their statement: {below} of {result.negation_pairs}")
        for negated, original in result.negation_failures:
            print(f"  {negated} is not below {original}")
    print(
        f"grading time per answer: mean {timing['mean_ms']:.2f} ms, p99 {timing['p99_ms']:.2f} ms, "
        f"max {timing['max_ms']:.2f} ms"
    )
    for g in rows:
        print(f"  {g.row:<10} {g.category:<14} label {g.label:>5.1f}  grader {g.predicted:>5.1f}")
    if missed:
        print("targets missed:")
        for line in missed:
            print(f"  - {line}")
    else:
        print("every target met")
