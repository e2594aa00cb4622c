"""``qotd grade``: how an answer would score against a question's key points.

``qotd grade --question ID --answer TEXT`` grades one answer; ``qotd grade eval
FILE`` grades a file of labelled answers and says how well the grader agrees
with the people who labelled them.
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli_commands import grade_eval
from bot.domain.errors import DomainError
from bot.domain.questions import Kind
from bot.domain.scoring import score_mcq, score_open, validate_answer
from bot.questionbank.bank import load_bank
from bot.questionbank.errors import BankError
from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "grade",
        help="score an answer against a question's key points, or evaluate the grader",
        description="Score one answer (--question and --answer), or `qotd grade eval FILE`.",
    )
    p.add_argument("--question", metavar="ID", help="question id (see `qotd bank search`)")
    p.add_argument("--answer", metavar="TEXT", help="the answer text, a letter for MCQ, or - for stdin")
    p.add_argument("--streak", type=int, default=1, help="streak in days, for the streak bonus (default 1)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_grade)
    cmds = p.add_subparsers(dest="grade_command", metavar="COMMAND")
    grade_eval.register(cmds)


def _grade(args: argparse.Namespace) -> int:
    if not args.question or args.answer is None:
        sys.stderr.write("qotd grade: give --question ID and --answer TEXT, or use `qotd grade eval FILE`\n")
        return 2
    try:
        bank = load_bank(Settings().bank_dir)
    except BankError as exc:
        sys.stderr.write(f"qotd grade: {exc}\n")
        return 1
    question = bank.get(args.question)
    if question is None:
        close = ", ".join(q.id for q in bank.search(args.question, limit=3))
        sys.stderr.write(
            f"qotd grade: no question {args.question!r}"
            + (f"; did you mean {close}?" if close else "")
            + "\n"
        )
        return 1
    answer = sys.stdin.read() if args.answer == "-" else args.answer
    try:
        if question.kind is Kind.MCQ:
            score = score_mcq(answer.strip().upper(), question.correct_choice or "", args.streak)
            coverage = None
        else:
            validate_answer(answer)
            score = score_open(answer, question, args.streak)
            coverage = score.coverage
    except DomainError as exc:
        sys.stderr.write(f"qotd grade: {exc}\n")
        return 1
    result = {
        "question": question.id,
        "kind": question.kind.value,
        "coverage": coverage.ratio if coverage else None,
        "hits": list(coverage.hits) if coverage else [],
        "misses": list(coverage.misses) if coverage else [],
        "correct": score.correct,
        "points": score.points,
        "base": score.base,
        "participation": score.participation,
        "streak_bonus": score.streak_bonus,
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{question.id}: {question.prompt}")
    if coverage is not None:
        ratio = "n/a (no key points)" if coverage.ratio is None else f"{coverage.ratio:.0%}"
        print(f"coverage {ratio}")
        for hit in coverage.hits:
            print(f"  + {hit}")
        for miss in coverage.misses:
            print(f"  - {miss}")
    else:
        print("correct" if score.correct else f"wrong (the answer is {question.correct_choice})")
    print(
        f"points {score.points} = {score.base} + {score.participation} participation + {score.streak_bonus} streak"
    )
    return 0
