"""``qotd bank ...``: build, check and explore the question bank."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bot.domain.questions import Difficulty, Kind, Question
from bot.questionbank import builder
from bot.questionbank.bank import Bank, load_bank
from bot.questionbank.bankfile import question_to_dict
from bot.questionbank.errors import BankError, UploadRefused
from bot.questionbank.ids import source_code
from bot.questionbank.limits import UPLOAD_LIMITS
from bot.questionbank.sandbox import ReaderFailed, UploadSandbox
from bot.questionbank.taxonomy import coverage
from bot.questionbank.upload import UploadRequest, check_size
from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    bank = sub.add_parser("bank", help="build, check and explore the question bank")
    bank.add_argument(
        "--content", type=Path, default=None, help="content folder (default: the project's content/)"
    )
    cmds = bank.add_subparsers(dest="bank_command", metavar="COMMAND", required=True)

    p = cmds.add_parser("build", help="parse content/sources into content/bank (byte-identical on re-run)")
    p.add_argument(
        "--check", action="store_true", help="fail if the committed bank differs from a fresh build"
    )
    p.set_defaults(handler=_build)

    cmds.add_parser("validate", help="check every bank file against the schema").set_defaults(
        handler=_validate
    )

    p = cmds.add_parser("stats", help="counts by source, kind, topic and difficulty")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_stats)

    p = cmds.add_parser("show", help="show one question")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_show)

    p = cmds.add_parser("search", help="find questions by text (typo-tolerant)")
    p.add_argument("text", nargs="+")
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(handler=_search)

    p = cmds.add_parser(
        "parse",
        help="read a document as /bank import would and print the questions found",
        description="Read a .md, .txt or .yaml document exactly as /bank import reads it: the same "
        "function, in a separate process under the same limits (size, lines, line length, questions, "
        "YAML anchors and size, processor time, memory, wall-clock time; docs/operations.md). "
        "The questions go to stdout, the report (format, skipped lines, left-out questions) to stderr.",
        epilog="exit status: 0 questions were found; 1 the file cannot be opened, or the reader "
        "failed; 2 nothing importable was recognised (no question shape, only answers, a syllabus, "
        "a bank file that does not validate); 3 refused as too large or hostile (a limit was hit, "
        "not UTF-8, binary, not a .md/.txt/.yaml/.yml file). It never runs longer than the "
        f"{UPLOAD_LIMITS.wall_seconds:g} s limit.",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the questions as a JSON array on stdout")
    p.set_defaults(handler=_parse)

    p = cmds.add_parser(
        "coverage",
        help="per syllabus sub-topic: the questions that name it, by kind and difficulty",
        description="Counts each question under the sub-topics its `subtopics:` list names (set in "
        "content/overrides.yaml and in the pack files); a question naming none is counted nowhere.",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_coverage)


def _content(args: argparse.Namespace) -> Path:
    return args.content or Settings().content_dir


def _fail(message: str, code: int = 1) -> int:
    sys.stderr.write(f"qotd bank: {message}\n")
    return code


def _load(args: argparse.Namespace) -> Bank:
    return load_bank(_content(args) / builder.BANK_DIR)


def _build(args: argparse.Namespace) -> int:
    content = _content(args)
    try:
        result = builder.build(content)
    except BankError as exc:
        return _fail(str(exc))
    if args.check:
        changed = builder.stale(content, result)
        if changed:
            return _fail(
                "the committed bank is stale; run `make bank` (qotd bank build) and commit content/. Differs: "
                + ", ".join(changed)
            )
        print(f"bank is up to date: {len(result.questions)} questions")
        return 0
    changed = builder.write(content, result)
    kinds = Counter(q.kind.value for q in result.questions)
    print(
        f"built {len(result.questions)} questions ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}) "
        f"from {len(result.sources)} sources, {len(result.groups)} near-duplicate groups; "
        + (f"wrote {', '.join(changed)}" if changed else "nothing changed")
    )
    return 0


def _validate(args: argparse.Namespace) -> int:
    try:
        bank = _load(args)
    except BankError as exc:
        return _fail(str(exc))
    print(f"ok: {len(bank.questions)} questions in {len(bank.topics)} topics")
    return 0


def _stats_data(bank: Bank) -> dict[str, Any]:
    def count(key: Any) -> dict[str, int]:
        return dict(sorted(Counter(key(q) for q in bank.questions).items()))

    return {
        "questions": len(bank.questions),
        "by_source": count(lambda q: q.source.file if q.source else "(hand-written)"),
        "by_kind": count(lambda q: q.kind.value),
        "by_topic": {t.id: sum(1 for q in bank.questions if q.topic == t.id) for t in bank.topics},
        "by_difficulty": count(lambda q: q.difficulty.value),
        "near_duplicate_groups": len(bank.groups),
    }


def _stats(args: argparse.Namespace) -> int:
    try:
        data = _stats_data(_load(args))
    except BankError as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"{data['questions']} questions, {data['near_duplicate_groups']} near-duplicate groups")
    for title, key in (
        ("source", "by_source"),
        ("kind", "by_kind"),
        ("topic", "by_topic"),
        ("difficulty", "by_difficulty"),
    ):
        print(f"\nby {title}:")
        for name, n in data[key].items():
            print(f"  {n:4d}  {name}")
    return 0


def render_text(q: Question, bank: Bank) -> str:
    """A question as plain text for the terminal."""
    lines = [
        f"{q.id}  [{q.kind.value}, {q.difficulty.value}]  {bank.topic_title(q.topic)}",
        "",
        q.prompt,
    ]
    for c in q.choices:
        lines += [f"  {c.key}) {c.text}"] + ([f"     why not: {c.why}"] if c.why else [])
    lines += ["", f"Short answer: {q.short_answer}"]
    if q.correct_choice:
        lines.append(f"Correct: {q.correct_choice}")
    if q.key_points:
        lines += ["", "Key points:", *(f"  - {p.point}" for p in q.key_points)]
    lines += ["", q.full_answer]
    if q.editor_note:
        lines += ["", f"Editor's note: {q.editor_note}"]
    if q.steps:
        for i, step in enumerate(q.steps, 1):
            lines += ["", f"Step {i}: {step.prompt}", f"  Expected: {step.expected}"]
    if q.follow_ups:
        lines += ["", "Follow-ups:", *(f"  - {f}" for f in q.follow_ups)]
    if q.source:
        lines += ["", f"Source: {q.source.file} lines {q.source.first_line}-{q.source.last_line}"]
    if q.group:
        lines.append(f"Near-duplicate group: {q.group}")
    if q.subtopics:
        lines.append(f"Subtopics: {', '.join(q.subtopics)}")
    if not q.daily:
        lines.append("Not in the daily rotation or quizzes (daily: false); /question finds it.")
    return "\n".join(lines)


def _show(args: argparse.Namespace) -> int:
    try:
        bank = _load(args)
    except BankError as exc:
        return _fail(str(exc))
    q = bank.get(args.id)
    if q is None:
        close = ", ".join(c.id for c in bank.search(args.id, limit=3))
        return _fail(f"no question {args.id!r}" + (f"; did you mean {close}?" if close else ""))
    print(
        json.dumps(question_to_dict(q), indent=2, ensure_ascii=False) if args.json else render_text(q, bank)
    )
    return 0


def _search(args: argparse.Namespace) -> int:
    try:
        bank = _load(args)
    except BankError as exc:
        return _fail(str(exc))
    found = bank.search(" ".join(args.text), limit=args.limit)
    if not found:
        return _fail("no question matches", 1)
    for q in found:
        print(f"{q.id:16s} {q.prompt}")
    return 0


EXIT_NOTHING_RECOGNISED = 2
EXIT_REFUSED = 3


def _parse(args: argparse.Namespace) -> int:
    try:
        check_size(args.file.name, args.file.stat().st_size)  # a huge file is not even read
        data = args.file.read_bytes()
    except UploadRefused as exc:
        return _fail(f"{args.file}: {exc.reason}", EXIT_REFUSED)
    except FileNotFoundError:
        return _fail(f"{args.file}: no such file")
    except OSError as exc:
        return _fail(f"{args.file}: cannot read it ({exc.strerror})")
    try:
        taxonomy = builder.load_taxonomy(_content(args))
    except BankError as exc:
        return _fail(str(exc))
    request = UploadRequest(args.file.name, data, source_code(args.file.stem), taxonomy)
    try:
        # The reader /bank import uses, under the same limits; this process has no threads, so fork.
        upload = UploadSandbox(workers=1, start_method="fork").read_blocking(request)
    except UploadRefused as exc:
        return _fail(
            f"{args.file}: {exc.reason}", EXIT_REFUSED if exc.over_limit else EXIT_NOTHING_RECOGNISED
        )
    except ReaderFailed as exc:
        return _fail(str(exc))
    questions = upload.questions
    sys.stderr.write(
        f"{args.file}: format {upload.format}, {len(questions)} questions"
        + (f" (declared {upload.declared_count})" if upload.declared_count is not None else "")
        + "\n"
    )
    for block in upload.skipped:
        sys.stderr.write(f"  skipped lines {block.lines[0]}-{block.lines[1]}: {block.reason}\n")
    for reason in upload.left_out:
        sys.stderr.write(f"  left out {reason}\n")
    for warning in upload.warnings:
        sys.stderr.write(f"  warning: {warning}\n")
    if args.json:
        print(json.dumps([question_to_dict(q) for q in questions], indent=2, ensure_ascii=False))
    else:
        for q in questions:
            print(f"{q.id:20s} {q.kind.value:8s} {q.prompt}")
    return 0


def _coverage_data(bank: Bank) -> dict[str, Any]:
    def count(values: list[str], names: list[str]) -> dict[str, int]:
        return {name: values.count(name) for name in names}

    kinds, difficulties = [k.value for k in Kind], [d.value for d in Difficulty]
    return {
        "subtopics": [
            {
                "area": row.topic.title,
                "area_id": row.topic.id,
                "subtopic": row.subtopic.title,
                "slug": row.subtopic.slug,
                "questions": [q.id for q in row.questions],
                "by_kind": count([q.kind.value for q in row.questions], kinds),
                "by_difficulty": count([q.difficulty.value for q in row.questions], difficulties),
            }
            for row in coverage(bank.topics, bank.questions)
        ]
    }


def _coverage(args: argparse.Namespace) -> int:
    try:
        rows = _coverage_data(_load(args))["subtopics"]
    except BankError as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps({"subtopics": rows}, indent=2, ensure_ascii=False))
        return 0
    area = None
    for row in rows:
        if row["area"] != area:
            area = row["area"]
            print(f"\n{area}")
        counts = ", ".join(f"{n} {name}" for name, n in (row["by_kind"] | row["by_difficulty"]).items() if n)
        found = (
            f"{len(row['questions'])} ({counts}): {', '.join(row['questions'])}"
            if row["questions"]
            else "none"
        )
        print(f"  - {row['subtopic']} [{row['slug']}]: {found}")
    short = sum(1 for row in rows if len(row["questions"]) < 2)
    empty = sum(1 for row in rows if not row["questions"])
    print(f"\n{len(rows) - short} of {len(rows)} sub-topics have 2 questions or more; {empty} have none.")
    return 0
