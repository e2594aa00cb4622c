"""How a text is laid out: Markdown tables Discord shows as raw pipes, code fences, code indentation.

Discord renders neither Markdown tables nor a code block that a stray or missing
``` leaves open (the rest of the answer turns into code), and code whose
indentation the extraction lost reads as a wall of lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from bot.questionbank.lint_text import FENCE, CodeBlock, Field, Finding, around, excerpt, split_code

TABLE_PIPES = "table-pipes"
FENCE_UNBALANCED = "fence-unbalanced"
FENCE_STRAY = "fence-stray"
CODE_UNINDENTED = "code-unindented"
EMAIL_PROTECTED = "email-protected"

_PIPE_ROW = re.compile(r"^\s*\|.*\|")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_PROTECTED = re.compile(r"\[email\s*protected\]", re.IGNORECASE)
# Lines that open a block whose body a formatter would indent.
_OPENS = re.compile(r"[{\[(]\s*$|=>\s*$")
_OPENS_PYTHON = re.compile(r":\s*(#.*)?$")
_CLOSES = re.compile(r"^\s*[}\])]")
_PYTHON = frozenset({"py", "python", "yaml", "yml"})
MIN_CODE_LINES = 3


def field_findings(question_id: str, f: Field) -> list[Finding]:
    prose, blocks = split_code(f.text)
    findings = [
        Finding(question_id, f.name, check, text, message)
        for check, text, message in _problems(f, prose, blocks)
    ]
    return findings


def _problems(f: Field, prose: list[str], blocks: list[CodeBlock]) -> Iterator[tuple[str, str, str]]:
    yield from _pipe_tables(prose)
    yield from _fences(f, prose, blocks)
    for block in blocks:
        if block.closed and _lost_indentation(block):
            first = next(line for line in block.lines if line.strip())
            yield (
                CODE_UNINDENTED,
                excerpt(first, 60),
                f"a {block.language or 'code'} block opens blocks but no line is indented: re-indent it",
            )
    for match in _PROTECTED.finditer(f.text):
        yield (
            EMAIL_PROTECTED,
            around(f.text, match.start(), match.end()),
            "a web page's e-mail obfuscation was copied instead of the text (often an npm scope or a decorator)",
        )


def _pipe_tables(prose: list[str]) -> Iterator[tuple[str, str, str]]:
    """One finding per Markdown pipe table outside code: Discord shows its pipes raw."""
    start = None
    for i, line in enumerate([*prose, ""]):
        if _PIPE_ROW.match(line) or _PIPE_RULE.match(line):
            start = i if start is None else start
            continue
        if start is not None and (i - start >= 2 or _PIPE_RULE.match(prose[start])):
            yield (
                TABLE_PIPES,
                excerpt(prose[start], 60),
                f"a Markdown table ({i - start} lines): Discord shows its pipes as they are; "
                "write it as a list per row or an aligned code block",
            )
        start = None


def _fences(f: Field, prose: list[str], blocks: list[CodeBlock]) -> Iterator[tuple[str, str, str]]:
    count = f.text.count(FENCE)
    if count % 2:
        opened = next((b for b in blocks if not b.closed), None)
        where = excerpt(next((line for line in opened.lines if line.strip()), ""), 50) if opened else ""
        yield (
            FENCE_UNBALANCED,
            f"{FENCE}{opened.language if opened else ''} {where}".strip(),
            f"{count} code fences: one is never closed, so Discord shows the rest as code",
        )
    for line in prose:
        if FENCE in line:  # a fence that does not start its line
            yield FENCE_STRAY, excerpt(line, 60), "a code fence in the middle of a line"
    if f.one_line and count:
        yield FENCE_STRAY, excerpt(f.text, 60), "a code block in a text shown as one line or a bullet"
    for block in blocks:
        if block.closed and not any(line.strip() for line in block.lines):
            yield FENCE_STRAY, f"{FENCE}{block.language}", "an empty code block"


def _lost_indentation(block: CodeBlock) -> bool:
    """All lines at column 0 although one opens a block whose next line is not its end."""
    lines = [line for line in block.lines if line.strip()]
    if len(lines) < MIN_CODE_LINES or any(line[:1].isspace() for line in lines):
        return False
    opens = _OPENS_PYTHON if block.language.lower() in _PYTHON else _OPENS
    return any(opens.search(a) and not _CLOSES.match(b) for a, b in itertools.pairwise(lines))
