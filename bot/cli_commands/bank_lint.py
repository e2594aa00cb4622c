"""``qotd bank lint``: find what would read badly in the bank, or in one document, before members see it."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from itertools import groupby
from pathlib import Path

from bot.questionbank import builder
from bot.questionbank.errors import BankError
from bot.questionbank.lint import CHECKS, LintResult, bank_questions, lint, read_questions
from bot.questionbank.lint_text import Finding, excerpt
from bot.settings import Settings

EXIT_FINDINGS = 1
EXIT_ERROR = 2


def register(cmds: argparse._SubParsersAction) -> None:
    p = cmds.add_parser(
        "lint",
        help="find run-together words, misspellings, lost tables, broken code blocks, weak short answers "
        "and key points",
        description="Lint the built bank (or the given files) for what would read badly on Discord. Each "
        "finding names its check, the question id, the field and the offending text. A finding is fixed "
        "in content/overrides.yaml (a correction, with its reason) or waived there: "
        "waive: [{check: CODE, text: TEXT, reason: WHY}] under the question's id. A word the dictionary "
        "lacks but is spelt right goes in content/lint/vocabulary.txt.",
        epilog="checks: "
        + "; ".join(f"{code} ({what})" for code, what in CHECKS.items())
        + ". exit status: 0 no findings, 1 findings, 2 the bank or a file cannot be read.",
    )
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="bank files (.yaml) or documents (.md, .txt) to lint instead of the bank",
    )
    p.add_argument("--bank", type=Path, default=None, help="bank folder (default: content/bank)")
    p.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    p.set_defaults(handler=_lint)


def _lint(args: argparse.Namespace) -> int:
    bank_dir: Path = args.bank or (args.content or Settings().content_dir) / builder.BANK_DIR
    content_dir: Path = args.content or bank_dir.parent
    try:
        if args.files:
            questions = [q for path in args.files for q in read_questions(path, content_dir)]
        else:
            questions = bank_questions(bank_dir)
        result = lint(questions, content_dir)
    except BankError as exc:
        sys.stderr.write(f"qotd bank lint: {exc}\n")
        return EXIT_ERROR
    if args.json:
        print(json.dumps([f.to_data() for f in result.findings], indent=2, ensure_ascii=False))
    else:
        prompts = {q.id: q.prompt for q in questions}
        print(render_text(result, prompts))
    return EXIT_FINDINGS if result.findings else 0


def render_text(result: LintResult, prompts: dict[str, str]) -> str:
    """Findings grouped by question (its prompt beside its id), then a count per check."""
    lines: list[str] = []
    for qid, found in groupby(result.findings, key=lambda f: f.question_id):
        lines.append(f"{qid}  {excerpt(prompts.get(qid, ''), 70)}")
        lines += [_line(f) for f in found]
        lines.append("")
    waived = f" ({result.waived} waived)" if result.waived else ""
    if not result.findings:
        lines.append(f"no findings in {result.questions} questions{waived}")
        return "\n".join(lines)
    ids = {f.question_id for f in result.findings}
    by_check = Counter(f.check for f in result.findings)
    lines.append(
        f"{len(result.findings)} findings in {len(ids)} of {result.questions} questions{waived}: "
        + ", ".join(f"{n} {check}" for check, n in by_check.most_common())
    )
    return "\n".join(lines)


def _line(f: Finding) -> str:
    return f"  {f.check:24s} {f.field:22s} {json.dumps(f.text, ensure_ascii=False)}  ({f.message})"
