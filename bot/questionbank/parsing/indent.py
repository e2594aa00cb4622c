"""Indentation given back to JavaScript, TypeScript and JSON whose lines all lost it.

PDF extraction prints every line of a code block at column 0: a function body, an object's
keys and the closing braces all line up. Such a block (and only such a block: every line at
column 0, brackets balanced, some line inside a bracket opened above it) is run through
jsbeautifier. When the formatter keeps the lines as they were, only their indentation is
taken, so the author's spacing inside a line stays; otherwise its output is taken whole. It
is used only when it changed nothing but white space. Code that has indentation is never
touched.

It runs once over a parsed document's answers (``indent_answers``), within a budget per
document: the formatter costs a fraction of a millisecond a block plus a few microseconds a
character, and a hostile document could hold tens of thousands of blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import jsbeautifier

from bot.questionbank.parsed import ParsedQuestion
from bot.questionbank.parsing.code import guess_language

_LANGUAGES = frozenset({"js", "javascript", "jsx", "mjs", "cjs", "ts", "typescript", "tsx", "json", "jsonc"})
_GUESSED = frozenset({"js", "ts", "json"})
# A longer block is left as it was: the formatter's time grows with it, and an extracted
# answer's block is a few dozen lines.
MAX_LINES = 400
MAX_CHARS = 20_000
# What one document may have re-indented (the seed bank: 9 blocks, 2,500 characters).
DOCUMENT_BLOCKS = 200
DOCUMENT_CHARS = 100_000
_OPEN, _CLOSE = "([{", ")]}"
_WHITE = re.compile(r"\s+")
_FENCE = re.compile(r"^\s*(```|~~~)(.*)$")


@dataclass(slots=True)
class _Budget:
    blocks: int = DOCUMENT_BLOCKS
    chars: int = DOCUMENT_CHARS


def indent_answers(questions: Sequence[ParsedQuestion]) -> None:
    """Give back their indentation to the code blocks of a document's answers that lost it all."""
    budget = _Budget()
    for question in questions:
        question.full_answer = _indent_fenced(question.full_answer, budget)
        question.explanation = _indent_fenced(question.explanation, budget)
        question.steps = [
            replace(step, expected=_indent_fenced(step.expected, budget)) for step in question.steps
        ]


def _indent_fenced(markdown: str, budget: _Budget) -> str:
    """The Markdown with each fenced block that lost its indentation re-indented (while the budget lasts)."""
    if "```" not in markdown and "~~~" not in markdown:
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        out.append(lines[i])
        i += 1
        if opening is None:
            continue
        end = i
        while end < len(lines) and not lines[end].lstrip().startswith(opening[1]):
            end += 1
        block = lines[i:end]
        size = sum(len(line) + 1 for line in block)
        if budget.blocks > 0 and size <= budget.chars and needs_indentation(block):
            budget.blocks -= 1
            budget.chars -= size
            block = reindent(block, opening[2].strip())
        out.extend(block)
        out.extend(lines[end : end + 1])  # the closing fence
        i = end + 1
    return "\n".join(out)


def _options() -> jsbeautifier.BeautifierOptions:
    options = jsbeautifier.default_options()
    options.indent_size = 2
    options.preserve_newlines = True
    options.max_preserve_newlines = 1
    options.wrap_line_length = 0
    options.brace_style = "collapse,preserve-inline"
    options.end_with_newline = False
    return options


def reindent(code: Sequence[str], language: str = "") -> list[str]:
    """The block with its indentation back when it lost it (see the module docstring), else as given."""
    lines = list(code)
    if not needs_indentation(lines) or sum(len(line) + 1 for line in lines) > MAX_CHARS:
        return lines
    if language.lower() not in _LANGUAGES and not (language == "" and _looks_like_js(lines)):
        return lines
    source = [line.rstrip() for line in lines]
    formatted = jsbeautifier.beautify("\n".join(source), _options()).split("\n")
    if _squeezed(formatted) != _squeezed(source):
        return lines  # the formatter changed more than white space
    kept = [line for line in source if line.strip()]
    shaped = [line for line in formatted if line.strip()]
    if len(kept) == len(shaped) and all(
        _squeezed([a]) == _squeezed([b]) for a, b in zip(kept, shaped, strict=True)
    ):
        # The same lines: take only their indentation, keeping the author's spacing inside them.
        indents = iter(line[: len(line) - len(line.lstrip())] for line in shaped)
        return [next(indents) + line.strip() if line.strip() else "" for line in source]
    return formatted


def needs_indentation(lines: Sequence[str]) -> bool:
    """Every line at column 0, brackets balanced, and some line inside a bracket opened above it."""
    body = [line for line in lines if line.strip()]
    if len(body) < 3 or len(body) > MAX_LINES or any(line[:1].isspace() for line in body):
        return False
    depth, nested = 0, False
    for line in body:
        if depth > 0 and line.strip()[0] not in _CLOSE:
            nested = True
        depth = _depth_after(line, depth)
        if depth < 0:
            return False
    return depth == 0 and nested


def _depth_after(line: str, depth: int) -> int:
    """Bracket depth after a line, outside strings and comments (a rough scan, enough to tell nesting)."""
    quote = ""
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif line.startswith("//", i):
            break
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth < 0:
                return depth
        i += 1
    return depth


def _looks_like_js(lines: Sequence[str]) -> bool:
    """An unlabelled block that is JavaScript or JSON (perhaps after a comment line)."""
    if guess_language(lines) in _GUESSED:
        return True
    first = next((line.strip() for line in lines if line.strip() and not line.strip().startswith("//")), "")
    return first in {"{", "["}


def _squeezed(lines: Sequence[str]) -> str:
    return _WHITE.sub("", "".join(lines))
