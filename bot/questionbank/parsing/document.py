"""The lines of a document as the readers see them, with their original numbers.

Every reader works on :class:`Line` objects so that the ranges it reports
(``first_line``/``last_line``, skipped blocks) always refer to the text the
person supplied, whatever repairs happen to the content later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.questions import Kind
from bot.questionbank.parsed import ParsedQuestion, SkippedBlock


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the source: its 1-based number and its text (no newline), or several joined."""

    number: int
    text: str
    # The last source line this one holds when hard-wrapped lines were joined into it (0: itself).
    through: int = 0

    @property
    def last(self) -> int:
        return self.through or self.number

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_lines(text: str) -> list[str]:
    """Split like an editor numbers lines: ``\\r\\n``, ``\\r`` and ``\\n`` end a line.

    ``str.splitlines`` also breaks on form feeds and Unicode separators, which
    would make our line numbers disagree with the ones a person sees.
    """
    text = text.removeprefix("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def document_lines(text: str) -> list[Line]:
    return [Line(number, raw) for number, raw in enumerate(split_lines(text), start=1)]


def trim(lines: Sequence[Line]) -> list[Line]:
    """The lines without the blank ones at either end."""
    start, end = 0, len(lines)
    while start < end and lines[start].blank:
        start += 1
    while end > start and lines[end - 1].blank:
        end -= 1
    return list(lines[start:end])


def span(lines: Sequence[Line]) -> tuple[int, int] | None:
    """First and last non-blank line numbers, or None when all are blank."""
    kept = trim(lines)
    if not kept:
        return None
    return kept[0].number, kept[-1].last


def preview(lines: Sequence[Line], width: int = 60) -> str:
    text = " ".join(line.stripped for line in lines if not line.blank)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def skipped(lines: Sequence[Line], reason: str) -> list[SkippedBlock]:
    """A skipped block covering the non-blank lines given (none when all are blank)."""
    bounds = span(lines)
    if bounds is None:
        return []
    return [SkippedBlock(bounds[0], bounds[1], reason, preview(trim(lines)))]


def texts(lines: Sequence[Line]) -> list[str]:
    return [line.text for line in lines]


def open_question(
    lines: Sequence[Line], prompt: str, *, section: str = "", label: str = ""
) -> ParsedQuestion:
    """An open question spanning the non-blank lines given, its answer still to fill in."""
    bounds = span(lines)
    if bounds is None:
        raise ValueError("a question needs at least one non-blank line")
    return ParsedQuestion(
        kind=Kind.OPEN,
        prompt=prompt,
        full_answer="",
        first_line=bounds[0],
        last_line=bounds[1],
        section=section,
        label=label,
    )
