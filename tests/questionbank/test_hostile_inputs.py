"""No document stalls the parser: generated worst cases through ``qotd bank parse FILE --json``.

Each case runs the real command in a child process, as an admin checking a document offline
would (issue 16: one line of ``# a`` and 2,000 spaces took 18 s). The child must parse within
2 s and 300 MB, and answer with exit code 0 (questions), 2 (nothing recognised) or 3 (refused
as too large or hostile), or 1 without a traceback.

Time is the child's CPU time (``os.wait4``) beyond that of the same command on a two-line
document (the interpreter's start-up and imports, about 0.5 s): the tests share a two-core
machine with other suites, where start-up alone can take seconds of wall time, while a regex
that backtracks burns CPU whatever the load. A child still running after ``HANG_SECONDS`` of
wall time is killed and fails the test.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.questionbank import taxonomy
from bot.questionbank.builder import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
CPU_SECONDS = 2.0
MAX_RSS_MB = 300
HANG_SECONDS = 60.0
ACCEPTED = {0, 2, 3}
MIB = 1024 * 1024


def _lines(count: int, make: Callable[[int], str]) -> str:
    return "".join(make(i) for i in range(count))


# Each line of a "many lines" case stays under the upload limits (a line of at most 10,000
# characters, 1 MiB, 50,000 lines, 500 questions), so the parsers really read it whatever
# checks come first; the "over the limits" cases may be refused (exit 3) or parsed, both fast.
WIDTH = 9_000
COUNT = 100
HEADING = "## What is X?\n\n"
LABELLED = "Q: What is X?\nA: "
NUMBERED = "1. What is X?\n"
# Shows PDF-extraction damage (glued code), so the repairs run on the lines after it.
DAMAGED = "Q: What is X?\nA: b a_b .ab fs.readFile getUser()\n" + "use a()andb()then c. - x: y\n" * 3


def _many(opener: str, run: str, closer: str = "", context: str = HEADING) -> Callable[[], bytes]:
    """``COUNT`` lines of ``opener`` + ``run`` repeated to ``WIDTH`` characters + ``closer``, after ``context``."""
    line = opener + run * (WIDTH // len(run)) + closer
    return lambda: (context + "\n".join([line] * COUNT) + "\n").encode()


# name -> document bytes.
CASES: dict[str, Callable[[], bytes]] = {
    "heading + 2,000 spaces (issue 16)": lambda: ("# a" + " " * 2000 + "x").encode(),
    # Lines under the limits, each a worst case of some pattern before issue 16.
    "headings + spaces": _many("# a", " ", "x"),
    "headings + tabs and no-break spaces + #": _many("## a", "\t\u00a0", "#x"),
    "headings closed by #": _many("# a", "#", "!"),
    "numbered items + spaces": _many("1. a", " ", "x", NUMBERED),
    "bold numbered items + spaces": _many("**1. a", " ", "**x", NUMBERED),
    "Q + spaces": _many("Q", " ", "x", LABELLED),
    "Question + spaces + dash": _many("Question", " ", "- x", LABELLED),
    "Ans + spaces": _many("Ans", " ", "x", LABELLED),
    "correct answer + spaces": _many("Correct answer", " ", "** x", "1. a?\nA) b\n"),
    "contents + spaces": _many("contents", " ", "x"),
    "function + spaces": _many("function", " ", "!"),
    "if ( ) repeated": _many("if (", "a)a(", "x"),
    "runs of #": _many("", "#"),
    "runs of backticks": _many("", "`"),
    "runs of *": _many("", "*"),
    "runs of _": _many("", "_"),
    "runs of |": _many("|", "|"),
    "runs of digits": _many("", "1", "."),
    "1. repeated on each line": _many("", "1.", "", NUMBERED),
    "Q:/A: repeated on each line": _many("", "Q:A:", "", LABELLED),
    "(a) repeated on each line": _many("", "(a) ", "", "1. q?\n"),
    "open parentheses": _many("", "("),
    "open brackets": _many("- ", "["),
    "link brackets": _many("- ", "- [", "](x"),
    "glued code and flattened bullets": _many("- ", "use a()andb()then c. - x: y "),
    "deep nesting": _many("", "(((((((((()))))))))) > > "),
    "NUL bytes": _many("", "\x00a"),
    "damaged: a snake_case token repeated": _many("- ", "a_b ", "", DAMAGED),
    "damaged: a member chain": _many("- ", ".ab", "", DAMAGED),
    "damaged: glued calls": _many("- ", "getUser()isa ", "", DAMAGED),
    "damaged: flattened bullets": _many("- ", "a. - b: ", "", DAMAGED),
    "damaged: dashes": _many("- ", "-", "", DAMAGED),
    "long code block": lambda: (HEADING + "const x = f(a);\n" * 20_000).encode(),
    "fences": lambda: ("```\n" * 45_000).encode(),
    "table rows": lambda: (HEADING + "| a | b |\n" * 20_000).encode(),
    "1. lines": lambda: ("1. a\n" * 40_000).encode(),
    "(a) lines": lambda: ("1. q?\n" + "(a) x\n" * 30_000).encode(),
    "nested list indentation": lambda: (HEADING + _lines(130, lambda i: "  " * (i * 30) + "- x\n")).encode(),
    "emoji labels": lambda: ("🧠 Simple Definition\n⚡ One-line Interview Answer\n" * 5_000).encode(),
    "blank lines in an answer": lambda: (HEADING + "\n" * 45_000 + "x").encode(),
    "450 questions with long answers": lambda: _lines(
        450, lambda i: f"Q: What is item {i}?\nA: " + "It is a thing, and " * 100 + "\n"
    ).encode(),
    "invalid UTF-8": lambda: b"Q: a?\nA: \xff\xfe\xc3(" * 10_000,
    "CRLF": lambda: _lines(10_000, lambda i: f"Q: q{i}?\r\nA: a{i}\r\n").encode(),
    "lone CR": lambda: _lines(10_000, lambda i: f"Q: q{i}?\rA: a{i}\r").encode(),
    # Over the limits.
    "1 MiB single line": lambda: (HEADING + "a b. " * (MIB // 5)).encode(),
    "1 MiB of spaces in a heading": lambda: (HEADING + "### a" + " " * MIB + "x").encode(),
    "10,000 questions": lambda: _lines(10_000, lambda i: f"Q: What is item {i}?\nA: It is {i}.\n").encode(),
    "10,000 copies of one question": lambda: ("Q: What is X?\nA: Y.\n" * 10_000).encode(),
    "200,000 blank lines": lambda: (HEADING + "\n" * 200_000 + "x").encode(),
}


@dataclass(frozen=True)
class Run:
    code: int
    cpu: float
    wall: float
    rss_mb: float
    stderr: str


# Linux keeps a process's peak resident size across exec, so a command forked straight from this
# (large) test process would report the test process's size. A small launcher (no site packages)
# forks and execs the command and reports the command's own usage from os.wait4.
LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"status": status, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss}, out)
"""


def parse_in_child(document: bytes, suffix: str = ".md") -> Run:
    """``qotd bank parse FILE --json`` on ``document``, with the command's own CPU time and peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"hostile{suffix}"
        path.write_bytes(document)
        usage_file = Path(tmp) / "usage.json"
        command = [sys.executable, "-m", "bot.cli", "bank", "parse", str(path), "--json"]
        with open(Path(tmp) / "out", "wb") as out, open(Path(tmp) / "err", "wb") as err:
            start = time.monotonic()
            launcher = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", LAUNCHER, str(usage_file), *command],
                cwd=ROOT,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # a hang is killed with the whole group
            )
            timer = threading.Timer(HANG_SECONDS, os.killpg, (launcher.pid, signal.SIGKILL))
            timer.start()
            try:
                launcher.wait()
            finally:
                timer.cancel()
            wall = time.monotonic() - start
        stderr = (Path(tmp) / "err").read_text(encoding="utf-8", errors="replace")
        if not usage_file.exists():  # killed at HANG_SECONDS before the command ended
            return Run(-signal.SIGKILL, float("inf"), wall, 0.0, stderr)
        usage = json.loads(usage_file.read_text())
    code = os.waitstatus_to_exitcode(usage["status"])
    return Run(code, usage["cpu"], wall, usage["rss_kb"] / 1024, stderr)


PLAIN = b"Q: What is a closure?\nA: A function with its scope.\n"


@pytest.fixture(scope="module")
def start_up_cpu() -> float:
    """CPU seconds of the command on a two-line document: start-up and imports, not parsing."""
    runs = [parse_in_child(PLAIN) for _ in range(2)]
    assert all(run.code == 0 for run in runs), runs[0].stderr
    return min(run.cpu for run in runs)


def _check(run: Run, start_up_cpu: float) -> None:
    assert run.wall < HANG_SECONDS, f"still running after {HANG_SECONDS:.0f} s: killed"
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.code in ACCEPTED or run.code == 1, f"exit {run.code}: {run.stderr[-500:]}"
    parsing = run.cpu - start_up_cpu
    assert parsing <= CPU_SECONDS, f"{parsing:.2f} s of CPU beyond start-up (wall {run.wall:.2f} s)"
    assert run.rss_mb <= MAX_RSS_MB, f"peak RSS {run.rss_mb:.0f} MB"


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_document_is_parsed_or_refused_quickly(name, start_up_cpu):
    _check(parse_in_child(CASES[name]()), start_up_cpu)


def test_a_well_formed_document_still_parses(start_up_cpu):
    """The harness itself: a plain document gives its question and exit 0 within the same limits."""
    run = parse_in_child(PLAIN)
    _check(run, start_up_cpu)
    assert run.code == 0
    assert "1 questions" in run.stderr


def test_term_lookup_folds_every_ascii_lookalike():
    """Topics and tags look for a term only where a word starts with its first word, compared
    with ASCII case folded (issue 16: all terms over all the text took seconds). That is exact
    only if every character that case-insensitive matching equates with an ASCII letter or
    digit is folded too: this Python's list must be the one the taxonomy folds."""
    word_char = re.compile(r"[a-z0-9_]", re.IGNORECASE)
    lookalikes = {
        chr(cp): next(a for a in "abcdefghijklmnopqrstuvwxyz0123456789_" if re.fullmatch(a, chr(cp), re.I))
        for cp in range(0x80, sys.maxunicode + 1)
        if word_char.fullmatch(chr(cp))
    }
    assert lookalikes == taxonomy._ASCII_EQUIVALENTS


def test_terms_are_found_in_text_with_lookalikes_and_long_runs():
    """What the term lookup finds is what searching every term's pattern over the text finds."""
    content = ROOT / "content"
    tax = load_taxonomy(content)
    terms = yaml.safe_load((content / "taxonomy.yaml").read_text(encoding="utf-8"))["topics"]
    text = (
        "The \u017ftream's bac\u212a-pressure, an EVENT  loop, Callbacks.x, Promise.all(), a JWT in a cookie,"
        + " " * 50_000
        + " an \u0130NDEX on a SQL table, Docker, middleware\u0131"
    )
    expected = {}
    for topic in tax.topics:
        hits = sum(1 for term in terms.get(topic.number, ()) if taxonomy.compile_term(term).search(text))
        expected[topic.id] = taxonomy.WEIGHTS["prompt"] * hits + taxonomy.WEIGHTS["answer"] * hits
    assert tax.scores(taxonomy.Texts(prompt=text, section="", summary="", answer=text)) == expected
    assert sum(1 for score in expected.values() if score) >= 2  # the text does name some terms
