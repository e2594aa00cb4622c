"""What every lint check shares: the finding, a question's readable fields, and prose without code.

A field is named as ``content/overrides.yaml`` corrections name it (``prompt``,
``short_answer``, ``full_answer``, ``explanation``, ``choice:B``,
``step:2.prompt``, ``editor_note``), plus ``key_point:3``,
``key_point:3.accept:2`` and ``follow_up:1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.domain.questions import Question

EXCERPT = 80  # characters of offending text a finding quotes
FENCE = "```"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One defect: ``check`` (a stable code), where it is, and the text that shows it."""

    question_id: str
    field: str
    check: str
    text: str
    message: str = ""

    def to_data(self) -> dict[str, str]:
        return {
            "check": self.check,
            "id": self.question_id,
            "field": self.field,
            "text": self.text,
            "message": self.message,
        }


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def ending(text: str, limit: int = 60) -> str:
    """The last words of ``text``, about ``limit`` characters, starting at a word."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    start = flat.find(" ", len(flat) - limit)
    return "…" + flat[start + 1 :] if start >= 0 else excerpt(flat, limit)


def around(text: str, start: int, end: int, limit: int = 60) -> str:
    """The line holding ``text[start:end]``, cut at spaces to about ``limit`` characters around it."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    line = text[first : last if last >= 0 else len(text)]
    start, end = start - first, end - first
    if len(line) <= limit:
        return excerpt(line, limit)
    room = max(0, limit - (end - start)) // 2
    left = line.rfind(" ", 0, start - room) + 1 if start > room else 0
    right = line.find(" ", end + room)
    window = line[left : right if right >= 0 else len(line)]
    return ("…" if left else "") + excerpt(window, limit + 20) + ("…" if right >= 0 else "")


@dataclass(frozen=True, slots=True)
class Field:
    """A piece of a question members read."""

    name: str
    text: str
    one_line: bool  # shown as one line or bullet (short answer, key point, follow-up), never as a page


def text_fields(q: Question) -> Iterator[Field]:
    """Every text of ``q`` a member can read, in the order they meet it."""
    yield Field("prompt", q.prompt, one_line=False)
    for c in q.choices:
        yield Field(f"choice:{c.key}", c.text, one_line=True)
        if c.why:
            yield Field(f"choice:{c.key}.why", c.why, one_line=False)
    yield Field("short_answer", q.short_answer, one_line=True)
    if q.explanation:
        yield Field("explanation", q.explanation, one_line=False)
    yield Field("full_answer", q.full_answer, one_line=False)
    for i, step in enumerate(q.steps, 1):
        yield Field(f"step:{i}.prompt", step.prompt, one_line=False)
        yield Field(f"step:{i}.expected", step.expected, one_line=False)
    if q.editor_note:
        yield Field("editor_note", q.editor_note, one_line=False)
    for i, point in enumerate(q.key_points, 1):
        yield Field(f"key_point:{i}", point.point, one_line=True)
        for j, phrasing in enumerate(point.accept, 1):
            yield Field(f"key_point:{i}.accept:{j}", phrasing, one_line=True)
    for i, follow_up in enumerate(q.follow_ups, 1):
        yield Field(f"follow_up:{i}", follow_up, one_line=True)


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A fenced block: its language word and its lines (fences excluded)."""

    language: str
    lines: tuple[str, ...]
    closed: bool


_FENCE_LINE = re.compile(r"^\s*```")


def split_code(text: str) -> tuple[list[str], list[CodeBlock]]:
    """``text``'s prose lines (code blocks' lines blanked, so numbering holds) and its code blocks.

    A fence is a line starting with ```; a fence in the middle of a line is left
    in the prose for ``fence-stray`` to find.
    """
    prose: list[str] = []
    blocks: list[CodeBlock] = []
    current: list[str] | None = None
    language = ""
    for line in text.split("\n"):
        if _FENCE_LINE.match(line):
            if current is None:
                current, language = [], line.strip()[3:].strip()
            else:
                blocks.append(CodeBlock(language, tuple(current), closed=True))
                current = None
            prose.append("")
        elif current is not None:
            current.append(line)
            prose.append("")
        else:
            prose.append(line)
    if current is not None:
        blocks.append(CodeBlock(language, tuple(current), closed=False))
    return prose, blocks


_INLINE_CODE = re.compile(r"``[^\n]+?``|`[^`\n]+`")
_URL = re.compile(r"<?(?:https?://|www\.)\S+|\S+@\S+\.\w+|\[email\s*protected\]")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")


def without_code(line: str) -> str:
    """A prose line with inline code, URLs and e-mail addresses blanked and links reduced to their text."""
    line = _LINK.sub(r"\1", line)
    line = _INLINE_CODE.sub(" ", line)
    return _URL.sub(" ", line)
