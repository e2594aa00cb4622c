"""Turning an interview-prep document into questions (or, for a syllabus, topics).

``parse_document`` recognises the document's shape from its content and hands
it to the reader for that shape (see :mod:`bot.questionbank.parsing.detect`);
``unaccounted_lines`` checks that every non-blank line went somewhere.
"""

from __future__ import annotations

from bot.questionbank.parsed import ParseResult
from bot.questionbank.parsing.detect import choose, nothing_recognized
from bot.questionbank.parsing.document import document_lines, split_lines
from bot.questionbank.parsing.indent import indent_answers
from bot.questionbank.parsing.unwrap import unwrap

__all__ = ["parse_document", "unaccounted_lines"]


def parse_document(text: str, *, name: str = "") -> ParseResult:
    """Parse one document; raise a ParseError subclass (with a message for people) when it cannot be."""
    lines = unwrap(document_lines(text))  # a hard-wrapped document's paragraphs, whole again
    reader = choose(lines)
    if reader is None:
        raise nothing_recognized(name)
    result = reader.read(lines, name)
    if not result.questions and not result.topics:
        raise nothing_recognized(name)
    indent_answers(result.questions)  # code that lost all its indentation gets it back
    return result


def unaccounted_lines(text: str, result: ParseResult) -> list[int]:
    """1-based numbers of the non-blank lines that are in no question's range and no skipped block."""
    covered: set[int] = set()
    for question in result.questions:
        covered.update(range(question.first_line, question.last_line + 1))
    for block in result.skipped:
        covered.update(range(block.first_line, block.last_line + 1))
    return [
        number
        for number, line in enumerate(split_lines(text), start=1)
        if line.strip() and number not in covered
    ]
