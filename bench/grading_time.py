"""How long the grader takes on a 4,000-character answer (the longest a modal takes), per question.

Every answer of the labelled set (``content/grading/labelled-answers.jsonl``) is repeated up to
4,000 characters and graded against its question, as the reveal does for every answer; the
grader's caches are warmed first, as in a running bot. Prints the mean and worst time per
question and the overall median, p99 and max.

    .venv/bin/python -m bench.grading_time [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bot.domain.limits import TEXT_INPUT_VALUE
from bot.domain.scoring import grade_open
from bot.questionbank.bank import load_bank
from bot.questionbank.labelled_answers import read_labelled_answers

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="gradings per answer (default 20)")
    args = parser.parse_args()
    bank = load_bank(ROOT / "content" / "bank")
    items = read_labelled_answers(ROOT / "content" / "grading" / "labelled-answers.jsonl", bank.get)
    timings: list[float] = []  # wall clock
    cpu: list[float] = []  # this process's CPU time: what other load on a shared machine doesn't inflate
    for item in items:
        question = item.question
        answer = (item.answer * (TEXT_INPUT_VALUE // len(item.answer) + 1))[:TEXT_INPUT_VALUE]
        grade_open(answer, question)  # warm the caches, as a running bot has them
        for i in range(args.repeat):
            text = answer[:-4] + f"{i:04d}"  # a fresh answer each time: no answer-level cache helps
            started, started_cpu = time.perf_counter(), time.process_time()
            grade_open(text, question)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    print(f"{len(items)} answers x {args.repeat}, each {TEXT_INPUT_VALUE:,} characters")
    for name, values in (("wall", timings), ("cpu", cpu)):
        values.sort()
        print(
            f"  {name}: median {statistics.median(values):.2f} ms, "
            f"p99 {values[int(0.99 * len(values))]:.2f} ms, max {values[-1]:.2f} ms"
        )


if __name__ == "__main__":
    main()
