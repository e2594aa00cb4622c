"""Named parts of an answer: key points, follow-up questions, best practices.

Documents label these parts with a heading (``### Best Practices``) or a
plain-text label (``Key Points:``). Key points and follow-ups are lifted into
their own fields; every other part stays in the full answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.questionbank.parsed import ParsedQuestion
from bot.questionbank.parsing.code import find_code_runs, is_code_line
from bot.questionbank.parsing.render import is_short_label, list_item, render_text

KEY_POINTS = "key points"
FOLLOW_UPS = "follow-ups"
BEST_PRACTICES = "best practices"

_ROLES = (
    (
        re.compile(r"^(?:key\s+points?|key\s+takeaways?|takeaways|key\s+ideas?|summary\s+points)$", re.I),
        KEY_POINTS,
    ),
    (re.compile(r"^(?:follow[- ]?up\s+questions?|follow[- ]?ups?|further\s+questions)$", re.I), FOLLOW_UPS),
    (re.compile(r"^best\s+practices?$", re.I), BEST_PRACTICES),
)
_KNOWN_LABEL = re.compile(
    r"^(?:common\s+(?:mistakes?|pitfalls?)|red\s+flags(?:\s+to\s+avoid)?|pitfalls|key\s+points?|key\s+takeaways?"
    r"|follow[- ]?up\s+questions?|best\s+practices?)$",
    re.I,
)
_ANSWER_LEAD = re.compile(r"^\s*(?:\*\*|__)?(?:answer\s*[:.]|ans\s*[:.]|a\s*:)\s*(?:\*\*|__)?\s*", re.I)
_BOLD_LEAD = re.compile(r"^\*\*(?P<lead>[^*]+?)\*\*\s*[:.—–-]?")


def label_text(line: str) -> str:
    """``**Key Points:**`` -> ``Key Points``."""
    s = re.sub(r"^#{1,6}\s+", "", line.strip())
    return s.strip("*_ ").rstrip(":").strip("*_ ")


def section_role(title: str) -> str:
    """KEY_POINTS, FOLLOW_UPS, BEST_PRACTICES or "" for any other part."""
    text = label_text(title)
    return next((role for pattern, role in _ROLES if pattern.match(text)), "")


def is_part_label(line: str) -> bool:
    """A plain-text label naming a known part of an answer (``Common Mistakes:``)."""
    s = line.strip()
    return bool(s) and s.rstrip("*").endswith(":") and bool(_KNOWN_LABEL.match(label_text(s)))


@dataclass(slots=True)
class AnswerParts:
    body: list[str]
    key_points: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)


def split_plain_parts(lines: Sequence[str], fix: Callable[[str], str] = str) -> AnswerParts:
    """Lift ``Key Points:`` and ``Follow-up Questions:`` lists out of a plain-text answer.

    A list ends at the next label, and at code (a fence or a line of code), which stays in the
    answer: a code example after the key points is no key point.
    """
    parts = AnswerParts(body=[])
    collecting: list[str] | None = None
    for raw in lines:
        s = raw.strip()
        if collecting is not None and (s.startswith(("```", "~~~")) or is_code_line(raw)):
            collecting = None
        if is_part_label(s) or (collecting is not None and is_short_label(s)):
            role = section_role(s)
            collecting = (
                parts.key_points if role == KEY_POINTS else parts.follow_ups if role == FOLLOW_UPS else None
            )
            if collecting is not None:
                continue
        if collecting is None:
            parts.body.append(raw)
        elif s:
            item = list_item(raw)
            collecting.append(fix(item[1] if item else s))
    return parts


def list_items(lines: Sequence[str], fix: Callable[[str], str] = str) -> list[str]:
    """The bullet and numbered items of some lines, outside code."""
    in_code = {i for run in find_code_runs(lines) for i in range(run.start, run.end)}
    items: list[str] = []
    fenced = False
    for i, raw in enumerate(lines):
        if raw.strip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or i in in_code:
            continue
        if item := list_item(raw):
            items.append(fix(item[1]))
    return [item for item in items if item]


def bold_leads(lines: Sequence[str]) -> list[str]:
    """Key points of a best-practice list: the bold lead of each bullet, or the bullet when it has none."""
    points: list[str] = []
    for raw in lines:
        item = list_item(raw)
        if not item:
            continue
        m = _BOLD_LEAD.match(item[1])
        points.append(m["lead"].strip().rstrip(":") if m else item[1])
    return points


def without_answer_lead(body: Sequence[str]) -> list[str]:
    """The answer without the ``Answer:`` (``**A:**``, ``Ans.``) its first line opens with."""
    lines = list(body)
    if lines and (m := _ANSWER_LEAD.match(lines[0])) and lines[0][m.end() :].strip():
        lines[0] = lines[0][m.end() :]
    return lines


def fill_plain_answer(
    question: ParsedQuestion, lines: Sequence[str], fix: Callable[[str], str] = str
) -> None:
    """Full answer, follow-ups and key points of a plain-text answer.

    Key points come from a ``Key Points:`` list when there is one, else from
    the answer's bullets when it has several (one bullet is no summary).
    """
    parts = split_plain_parts(lines, fix)
    question.full_answer = render_text(parts.body, fix_prose=fix)
    question.follow_ups = parts.follow_ups
    bullets = list_items(parts.body, fix)
    question.key_points = parts.key_points or (bullets if len(bullets) >= 2 else [])
