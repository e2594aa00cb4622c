"""Choosing the reader for a document by its content (never by its file name).

Every reader scores how much of the document it recognises (a weight per
question it would find: explicit markers weigh more than a numbered line);
the best score wins, and the earlier reader wins a tie.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.questionbank.parsed import NothingRecognized, ParseResult
from bot.questionbank.parsing import cards, headings, labelled, numbered, syllabus
from bot.questionbank.parsing.document import Line

UNDERSTOOD = """\
Shapes understood:
- numbered pairs: "Q-1: What is X?" then "Ans: ..." (also "Q1." / "Question 1:");
- question/answer pairs: "Q: ..." / "A: ...", "Question: ..." / "Answer: ...", also in bold ("**Q:**");
- Markdown headings that are questions: "## What is REST?", "### 1. What is a closure?", "## Question 3: Explain X";
- numbered questions followed by their answers: "1. What is X?" or "1) How does Y work?";
- multiple choice: options "A) ..." / "(a) ..." / "A. ..." then "Answer: B" (or "Correct answer: (b)", "Ans: c");
- answer cards with emoji section labels ("🧠 Simple Definition", "⚡ One-line Interview Answer", ...);
- a syllabus: numbered topic titles ("1. Node.js Core") each followed by bullet sub-topics."""


@dataclass(frozen=True, slots=True)
class Reader:
    name: str
    sniff: Callable[[Sequence[Line]], int]
    read: Callable[[Sequence[Line], str], ParseResult]


READERS: tuple[Reader, ...] = (
    Reader("labelled pairs", labelled.sniff, labelled.read),
    Reader("answer cards", cards.sniff, cards.read),
    Reader("markdown headings", headings.sniff, headings.read),
    Reader("numbered questions", numbered.sniff, numbered.read),
    Reader("syllabus", syllabus.sniff, syllabus.read),
)


def choose(lines: Sequence[Line]) -> Reader | None:
    scored = [(reader.sniff(lines), -order, reader) for order, reader in enumerate(READERS)]
    score, _, reader = max(scored, key=lambda s: (s[0], s[1]))
    return reader if score > 0 else None


def nothing_recognized(name: str) -> NothingRecognized:
    where = f"No questions or topics were found in {name}." if name else "No questions or topics were found."
    return NothingRecognized(f"{where}\n{UNDERSTOOD}")
