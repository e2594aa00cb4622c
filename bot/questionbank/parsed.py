"""What a document parser hands to the bank builder.

Parsers (``bot.questionbank.parsing``) turn one text into a ``ParseResult``: the
questions they recognized, still without ids, topics or difficulty (the
builder assigns those), and every block of the document they did not take,
with the reason. Together the two account for every non-blank line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.questions import Choice, Kind, ScenarioStep, Topic


@dataclass(slots=True)
class ParsedQuestion:
    """A question as found in a document."""

    kind: Kind
    prompt: str  # may be "" when the document lost it (answer cards): overrides supply it
    full_answer: str  # Discord-ready Markdown
    first_line: int  # 1-based, inclusive, in the source text
    last_line: int
    short_answer: str = ""  # "" when the document has none: the builder derives one
    key_points: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    correct_choice: str | None = None
    explanation: str = ""
    steps: list[ScenarioStep] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    section: str = ""  # heading the document filed it under, if any (helps topic choice)
    label: str = ""  # the document's own number or label, e.g. "Q-7", "Question 3", "card 12"
    hints: dict[str, str] = field(default_factory=dict)  # parser-specific extras, e.g. {"memory_trick": ...}


@dataclass(frozen=True, slots=True)
class SkippedBlock:
    """Lines a parser looked at and deliberately did not make a question of."""

    first_line: int
    last_line: int
    reason: str  # for people: "self-introduction, not a question", "references", ...
    preview: str = ""  # the first characters of the block


@dataclass(slots=True)
class ParseResult:
    """Everything one document yielded."""

    # The detected shape: "numbered-qa", "qa-pairs", "guide", "answer-cards", "markdown-headings",
    # "numbered-questions" or "syllabus".
    format: str
    questions: list[ParsedQuestion] = field(default_factory=list)
    skipped: list[SkippedBlock] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)  # a syllabus yields the taxonomy
    declared_count: int | None = None  # a count the document states about itself, when it does
    warnings: list[str] = field(default_factory=list)


class ParseError(Exception):
    """A document could not be turned into questions; the message is for the person who gave it."""


class NothingRecognized(ParseError):
    """No question shape was found anywhere in the document."""


class DeclaredCountMismatch(ParseError):
    """The document says it holds N questions and the parser found another number."""
