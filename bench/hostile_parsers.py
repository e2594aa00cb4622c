"""Time the document parsers on hostile inputs of growing size and flag super-linear growth.

    .venv/bin/python -m bench.hostile_parsers            # the named worst cases, every entry point
    .venv/bin/python -m bench.hostile_parsers --sweep    # also prefix x run x suffix single lines
    .venv/bin/python -m bench.hostile_parsers --only heading  # cases whose name contains "heading"

Each case is a generator ``size -> text``. Every entry point (the upload path
``parse_upload``, each reader's ``sniff`` and ``read``, ``render_text`` with and
without the glued-table finder, the hard-wrap joiner and the PDF-damage repairs)
is timed on the case at sizes 256, 512, 1024, ... chars, doubling until a run takes longer than ``--budget`` seconds or the size reaches
``--max-size``. The growth exponent is log2 of the time ratio of the last two
sizes: about 1 is linear, 2 quadratic, 3 cubic. A case is flagged when the
exponent is above 1.5 and the largest run took more than 50 ms (smaller times
are noise), or when it ran out of budget before reaching the largest size. Times are CPU
seconds, the best of up to three runs, so that a loaded machine does not flag linear cases.

Everything runs in this process (a regex cannot be interrupted), so a
super-linear case stops at about ``budget x 2**exponent`` seconds.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from pathlib import Path

from bot.questionbank import builder
from bot.questionbank.parsed import ParseError
from bot.questionbank.parsing.detect import READERS
from bot.questionbank.parsing.document import document_lines, split_lines
from bot.questionbank.parsing.glued import GluedTables
from bot.questionbank.parsing.render import render_text
from bot.questionbank.parsing.repair import extraction_damage, restructure
from bot.questionbank.parsing.unglue import harvest_vocabulary, unglue_inline_code
from bot.questionbank.parsing.unwrap import unwrap

CONTENT = Path(__file__).resolve().parents[1] / "content"


def _lines_of(k: int, make: Callable[[int], str]) -> str:
    return "".join(make(i) for i in range(k))


# A document with PDF-extraction damage (glued code), so that the repairs run on what follows.
_DAMAGED = "Q: What is X?\nA: b a_b .ab fs.readFile getUser()\n" + "use a()andb()then c. - x: y\n" * 3

# An answer-card page, so that what follows is read as cards (and their glued tables).
_CARDS = "🧠 Simple Definition\nA.\n⚡ Super Simple Line\nB.\n🧠 Simple Definition\nC.\n🔥 Table\n\n"
_WRAPPED = (
    "The event loop lets Node.js perform non-blocking I/O operations even though\n"
    "JavaScript runs on a single thread, and it hands slow work to the system\n"
)

# size -> document of about that many characters.
CASES: dict[str, Callable[[int], str]] = {
    "heading + spaces": lambda n: "# a" + " " * n + "x",
    "heading + spaces + #": lambda n: "## a" + " " * n + "#x",
    "numbered + spaces": lambda n: "1. a" + " " * n + "x",
    "numbered + spaces + **": lambda n: "**1. a" + " " * n + "**x",
    "Q + spaces": lambda n: "Q" + " " * n + "x",
    "Question + spaces + -": lambda n: "Question" + " " * n + "-" + " " * n + "x",
    "A + spaces": lambda n: "Q: a?\nAns" + " " * n + "x",
    "correct answer + spaces": lambda n: "1. a?\nA) b\nCorrect answer" + " " * n + "**" + " " * n + "x",
    "contents + spaces": lambda n: "contents" + " " * n + "x",
    "function + spaces": lambda n: "Q: What?\nA: b\nfunction" + " " * n + "!",
    "if ( ) repeated": lambda n: "if (" + "a)a(" * (n // 4) + "x",
    "spaces": lambda n: " " * n,
    "hashes": lambda n: "#" * n,
    "hashes + space": lambda n: "#" * n + " x",
    "backticks": lambda n: "`" * n,
    "fences": lambda n: "```\n" * (n // 4),
    "stars": lambda n: "*" * n,
    "underscores": lambda n: "_" * n,
    "pipes": lambda n: "|" * n,
    "table rows": lambda n: "| a | b |\n" * (n // 10),
    "digits": lambda n: "1" * n,
    "digits + dot": lambda n: "1" * n + ".",
    "1. repeated": lambda n: "1." * (n // 2),
    "1. lines": lambda n: "1. a\n" * (n // 5),
    "Q:/A: repeated": lambda n: "Q:A:" * (n // 4),
    "Q:/A: lines": lambda n: _lines_of(n // 20, lambda i: f"Q: q{i}?\nA: a{i}\n"),
    "(a) repeated": lambda n: "(a) " * (n // 4),
    "(a) lines": lambda n: "1. q?\n" + "(a) x\n" * (n // 6),
    "open parens": lambda n: "(" * n,
    "open brackets": lambda n: "[" * n,
    "link brackets": lambda n: "- [" * (n // 3) + "](x",
    "nested parens": lambda n: "(" * (n // 2) + ")" * (n // 2),
    "nested list": lambda n: _lines_of(int(math.sqrt(n)), lambda i: "  " * i + "- x\n"),
    "deep quote": lambda n: "> " * (n // 2) + "x",
    "emoji labels": lambda n: "🧠 Simple Definition\n⚡ One-line Interview Answer\n" * (n // 50),
    "long single line": lambda n: "a b. " * (n // 5),
    "glued code line": lambda n: "- use a()andb()then c. - x: y " * (n // 30),
    "many questions": lambda n: _lines_of(n // 30, lambda i: f"## What is X{i}?\n\nAnswer {i}.\n\n"),
    "many numbered questions": lambda n: _lines_of(
        n // 30, lambda i: f"{i % 999 + 1}. What is X{i}?\nIt is {i}.\n"
    ),
    "same question repeated": lambda n: "Q: What is X?\nA: Y.\n" * (n // 20),
    "Q1: repeated": lambda n: "Q1: What is X?\nA: Y.\n" * (n // 21),
    "contents + many questions": lambda n: (
        "## Contents\n"
        + _lines_of(n // 60, lambda i: f"- What is item {i}?\n")
        + _lines_of(n // 60, lambda i: f"## What is item {i}?\n\nIt is {i}.\n\n")
    ),
    "long code block": lambda n: "Q: a?\nA: b\n" + "const x = 1;\n" * (n // 13),
    "long SQL block": lambda n: "Q: a?\nA: b\n" + "SELECT a\n" * (n // 9),
    "damaged: snake_case token repeated": lambda n: _DAMAGED + "- " + "a_b " * (n // 4),
    "damaged: member chain": lambda n: _DAMAGED + "- " + ".ab" * (n // 3),
    "damaged: dashes": lambda n: _DAMAGED + "- " + "-" * n,
    "NUL bytes": lambda n: "Q: a\x00?\nA: \x00" * (n // 10),
    "replacement chars": lambda n: "\ufffd" * n,
    "CRLF": lambda n: "Q: a?\r\nA: b\r\n" * (n // 14),
    "lone CR": lambda n: "Q: a?\rA: b\r" * (n // 12),
    "blank lines": lambda n: "## What is X?\n" + "\n" * n + "x",
    "indented blank lines": lambda n: "Q: a?\nA: " + " \n" * (n // 2) + "x",
    "glued table on one line": lambda n: _CARDS + "FeatureAb" * (n // 9),
    "glued table rows": lambda n: _CARDS + "FeatureEvent LoopWorker\n" + "Threads1multipleAb\n" * (n // 19),
    "glued tables after labels": lambda n: (
        _CARDS + "🔥 Table\n\nFeatureRESTGraphQLData shapefixedflexible\n\n" * (n // 52)
    ),
    "camel run": lambda n: _CARDS + "aBcD" * (n // 4),
    # Paragraphs at the finder's limits (40 rows of 590 characters), one after each label.
    "glued paragraphs at the limits": lambda n: (
        _CARDS + ("🔥 Table\n\n" + ("aBc" * 196 + "\n") * 40 + "\n") * max(1, n // 23_700)
    ),
    "pipe table, wide rows": lambda n: "| a | b |\n|---|---|\n| " + "x | " * (n // 4) + "\n",
    "hard-wrapped paragraphs": lambda n: "## What is X?\n\n" + _WRAPPED * (n // 150),
    "flat code blocks": lambda n: "Q: a?\nA: b\n" + "```js\nif (a) {\nb();\n}\n```\n" * (n // 30),
    "one flat code block": lambda n: "Q: a?\nA: b\n```js\nf(() => {\n" + "g(1);\n" * (n // 6) + "});\n```\n",
}

# Single-line sweep: each prefix + a run of one fragment + each suffix.
SWEEP_PREFIXES = (
    "", "# a", "#", "## ", "1.", "1. a", "**1. a", "Q", "Q:", "Q1", "Question", "A:", "Ans", "Answer:",
    "Correct answer", "(a)", "A)", "- ", "* ", "**", "```", "|", "[", "(", "contents", "function",
    "if (", "return", "import {", "Interviewer", "explanation", "🧠", "- o ", "a.", "q-1", "Key Points",
)  # fmt: skip
SWEEP_RUNS = (" ", "\t", "#", "`", "*", "_", "|", "1", "(", "[", "-", ".", "a", "a ", "1. ", "Q: ", "(a) ", ") ", ":", "**a", "x(", "a.", "\u00a0")  # fmt: skip
SWEEP_SUFFIXES = ("x", "!", "?", "")
# Where the hostile line sits, so that each reader's own patterns see it.
TEMPLATES = (
    "{}",
    "## What is X?\n\n{}\n",
    "Q: What is X?\nA: {}\n",
    "1. What is X?\n{}\n2. Why?\nBecause.\n",
)


def _entries() -> dict[str, Callable[[str], object]]:
    taxonomy = builder.load_taxonomy(CONTENT)

    def upload(text: str) -> object:
        try:
            return builder.parse_upload(text, "hostile.md", CONTENT, taxonomy=taxonomy)
        except ParseError:
            return None

    def repair(text: str) -> object:
        lines = split_lines(text)
        vocabulary = harvest_vocabulary(text)
        extraction_damage(text)
        return [unglue_inline_code(line, vocabulary) for line in restructure(lines)]

    entries: dict[str, Callable[[str], object]] = {"parse_upload": upload}
    for reader in READERS:
        entries[f"sniff {reader.name}"] = lambda text, r=reader: r.sniff(document_lines(text))
        entries[f"read {reader.name}"] = lambda text, r=reader: _read(r, text)
    entries["render_text"] = lambda text: render_text(split_lines(text))
    entries["render_text glued"] = lambda text: render_text(
        lines := split_lines(text), glued_tables=GluedTables(lines)
    )
    entries["unwrap"] = lambda text: unwrap(document_lines(text))
    entries["repair"] = repair
    return entries


def _read(reader: object, text: str) -> object:
    try:
        return reader.read(document_lines(text), "hostile.md")  # type: ignore[attr-defined]
    except (ParseError, ValueError, IndexError):
        return None


def growth(
    run: Callable[[str], object], make: Callable[[int], str], *, budget: float, max_size: int
) -> tuple[list[tuple[int, float]], float, bool]:
    """[(size, seconds)], the exponent of the last doubling, and whether it was cut short."""
    points: list[tuple[int, float]] = []
    size = 256
    while size <= max_size:
        text = make(size)
        # The best of up to three runs (CPU time): other processes on a shared machine add noise.
        best = math.inf
        for _ in range(3):
            start = time.process_time()
            run(text)
            best = min(best, time.process_time() - start)
            if best > 0.05:
                break
        points.append((len(text), best))
        if points[-1][1] > budget:
            break
        size *= 2
    exponent = 0.0
    if len(points) >= 2:
        (n1, t1), (n2, t2) = points[-2], points[-1]
        if t1 > 0 and t2 > 0 and n2 > n1:
            exponent = math.log(t2 / t1) / math.log(n2 / n1)
    cut = points[-1][0] < max_size // 2 and points[-1][1] > budget
    return points, exponent, cut


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sweep", action="store_true", help="also sweep single-line prefix x run x suffix")
    parser.add_argument("--only", default="", help="only cases whose name contains this")
    parser.add_argument("--budget", type=float, default=0.5, help="stop doubling after a run this slow (s)")
    parser.add_argument("--max-size", type=int, default=65536)
    parser.add_argument("--all", action="store_true", help="print every case, not only the flagged ones")
    args = parser.parse_args()

    cases = {name: make for name, make in CASES.items() if args.only in name}
    if args.sweep:
        for prefix in SWEEP_PREFIXES:
            for fragment in SWEEP_RUNS:
                for suffix in SWEEP_SUFFIXES:
                    for t, template in enumerate(TEMPLATES):
                        name = f"sweep {prefix!r}+{fragment!r}*k+{suffix!r} in template {t}"
                        if args.only in name:
                            cases[name] = lambda n, p=prefix, f=fragment, s=suffix, tp=template: tp.format(
                                p + f * max(1, n // len(f)) + s
                            )
    entries = _entries()
    flagged = 0
    for name, make in cases.items():
        for entry, run in entries.items():
            if args.sweep and name.startswith("sweep") and entry != "parse_upload":
                continue
            try:
                points, exponent, cut = growth(run, make, budget=args.budget, max_size=args.max_size)
            except Exception as exc:  # a crash is a finding too
                flagged += 1
                print(f"{'CRASH':12s} {name:40s} {entry:28s} {type(exc).__name__}: {str(exc)[:60]}")
                continue
            size, seconds = points[-1]
            bad = cut or (exponent > 1.5 and seconds > 0.05)
            flagged += bad
            if bad or args.all:
                mark = "SUPER-LINEAR" if bad else "ok"
                print(
                    f"{mark:12s} {name:40s} {entry:28s} n={size:>7d} {seconds * 1000:9.1f} ms  exponent {exponent:4.1f}"
                )
    print(f"{len(cases)} cases x {len(entries)} entry points: {flagged} flagged")


if __name__ == "__main__":
    main()
