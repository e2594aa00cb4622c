"""The normalized question: what every part of the bot asks, scores and shows.

A question comes from the shared bank (parsed from documents under
``content/sources`` or hand-written YAML under ``content/bank``) or from a
server's own upload. Its ``id`` is stable: re-parsing, editing an answer or
inserting another question never changes it, so answers, scores and review
cards can refer to it for ever.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """How a question is answered."""

    OPEN = "open"  # free text, scored by key-point coverage
    MCQ = "mcq"  # one of several choices
    SCENARIO = "scenario"  # a multi-step interview walk-through, answered as free text


class Difficulty(StrEnum):
    """How hard a question is; the rule that assigns it lives in ``bot.questionbank``."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a multiple-choice question; ``key`` is the letter shown (A, B, ...).

    ``why`` says, for a wrong option, why it is wrong: shown at the reveal to a
    member who picked it ("" when the bank does not say).
    """

    key: str
    text: str
    why: str = ""

    def to_data(self) -> dict[str, str]:
        """As stored in bank files and the database: ``why`` only when there is one."""
        return {"key": self.key, "text": self.text} | ({"why": self.why} if self.why else {})

    @classmethod
    def from_data(cls, value: dict[str, str]) -> Choice:
        return cls(value["key"], value["text"], value.get("why", ""))


@dataclass(frozen=True, slots=True)
class ScenarioStep:
    """One step of a scenario: what the interviewer asks and what a good candidate says."""

    prompt: str
    expected: str


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a question came from: a file under ``content/sources`` and 1-based inclusive lines."""

    file: str
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One idea a good answer states: ``point`` as members see it, ``accept`` other ways to say it.

    ``derived`` marks points the bank drew from the reference answer because
    the source gave none (shown to members as "from the model answer").
    """

    point: str
    accept: tuple[str, ...] = ()
    derived: bool = False

    @property
    def phrasings(self) -> tuple[str, ...]:
        """Every wording that counts for this point, the shown one first."""
        return (self.point, *self.accept)

    def to_data(self) -> str | dict[str, object]:
        """As stored in bank files and the database: a plain string when it is only a point."""
        if not self.accept and not self.derived:
            return self.point
        data: dict[str, object] = {"point": self.point}
        if self.accept:
            data["accept"] = list(self.accept)
        if self.derived:
            data["derived"] = True
        return data

    @classmethod
    def from_data(cls, value: object) -> KeyPoint:
        """Read ``to_data``'s form back; a plain string is a point with no other phrasings."""
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, dict) and isinstance(value.get("point"), str):
            accept = value.get("accept") or ()
            return cls(value["point"], tuple(str(a) for a in accept), bool(value.get("derived", False)))
        raise ValueError(f"a key point is a string or a mapping with 'point', not {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Subtopic:
    """One sub-topic of a syllabus area; questions name the sub-topics they cover by ``slug``."""

    slug: str  # e.g. "event-loop-internals", unique across areas
    title: str  # what members see, e.g. "Event loop internals"


@dataclass(frozen=True, slots=True)
class Topic:
    """A syllabus area: the taxonomy questions are filed under."""

    id: str  # slug, e.g. "node-core-runtime"
    number: int  # position in the syllabus, 1-based
    title: str
    subtopics: tuple[Subtopic, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A question in the bank, normalized whatever document it came from."""

    id: str
    kind: Kind
    prompt: str
    short_answer: str  # one or two sentences, shown at the reveal
    full_answer: str  # Discord-ready Markdown, code blocks kept
    topic: str  # a Topic.id
    difficulty: Difficulty
    key_points: tuple[KeyPoint, ...] = ()  # the ideas a good answer states; used for grading
    tags: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()  # MCQ only
    correct_choice: str | None = None  # MCQ only: a Choice.key
    explanation: str = ""  # MCQ: why the right choice is right
    steps: tuple[ScenarioStep, ...] = ()  # scenario only
    follow_ups: tuple[str, ...] = ()
    source: SourceRef | None = None
    group: str | None = None  # near-duplicate group: questions on the same concept
    # Markdown shown as "Editor's note" after the answer, where the seed says something wrong:
    # the seed's text stays as it is and the note says what is right and why.
    editor_note: str = ""
    daily: bool = True  # False: never in the daily rotation or a quiz, still found by /question
    subtopics: tuple[str, ...] = ()  # syllabus subtopic slugs (1-3 per bank question)
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def choice(self, key: str) -> Choice | None:
        """The choice with this letter, if any (case-insensitive)."""
        wanted = key.strip().upper()
        return next((c for c in self.choices if c.key.upper() == wanted), None)
