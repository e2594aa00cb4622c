"""Markdown documents whose headings are the questions (``## Question 1: ...``, ``### 1. What is X?``).

The question level is the heading level most question-like headings use;
higher headings name sections, deeper ones divide an answer ("### Code
Example", "### Best Practices"). A table of contents before the first
question, which repeats the titles, is skipped rather than read again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.questionbank.parsed import ParsedQuestion, ParseResult
from bot.questionbank.parsing.appendix import SKIP, appendix_role
from bot.questionbank.parsing.document import Line, open_question, skipped, texts, trim
from bot.questionbank.parsing.mcq import extract_mcq, make_mcq
from bot.questionbank.parsing.questions import question_title
from bot.questionbank.parsing.render import bold, markdown_heading, render_text, tidy
from bot.questionbank.parsing.sections import (
    BEST_PRACTICES,
    FOLLOW_UPS,
    KEY_POINTS,
    bold_leads,
    list_items,
    section_role,
    split_plain_parts,
    without_answer_lead,
)
from bot.questionbank.parsing.toc import find_toc

_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True, slots=True)
class Heading:
    index: int  # position in the document's lines
    level: int
    text: str


def headings(lines: Sequence[Line]) -> list[Heading]:
    """Markdown headings outside fenced code."""
    found: list[Heading] = []
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE.match(line.text):
            fenced = not fenced
            continue
        if not fenced and (heading := markdown_heading(line.text)) and heading[1]:
            found.append(Heading(i, *heading))
    return found


def _question_level(found: Sequence[Heading]) -> int | None:
    levels = Counter(h.level for h in found if question_title(h.text))
    if not levels:
        return None
    best = max(levels.values())
    return min(level for level, count in levels.items() if count == best)


def sniff(lines: Sequence[Line]) -> int:
    found = headings(lines)
    level = _question_level(found)
    if level is None:
        return 0
    return 2 * sum(1 for h in found if h.level == level and question_title(h.text))


def read(lines: Sequence[Line], name: str = "") -> ParseResult:
    result = ParseResult(format="markdown-headings")
    found = headings(lines)
    level = _question_level(found)
    if level is None:
        return result
    cuts = [h for h in found if h.level <= level]
    titles = [t[1] for h in cuts if h.level == level and (t := question_title(h.text))]
    first_cut = cuts[0].index if cuts else len(lines)
    _skip_with_toc(lines[:first_cut], "text before the first question", titles, result)
    single_top = sum(1 for h in found if h.level == 1) == 1 and found[0].level == 1
    section = ""
    for k, head in enumerate(cuts):
        end = cuts[k + 1].index if k + 1 < len(cuts) else len(lines)
        unit = list(lines[head.index : end])
        title = question_title(head.text) if head.level == level else None
        if title is not None:
            result.questions.append(_question(unit, level, title, section))
            continue
        role = appendix_role(head.text)
        if single_top and head.level == 1:
            _skip_with_toc(unit, "document title", titles, result)
        elif role is not None and role[0] == SKIP:
            _skip_with_toc(unit, role[1], titles, result)
        elif head.level < level:
            section = head.text.strip("*_ ")
            result.skipped += skipped(unit[:1], "section heading")
            _skip_with_toc(unit[1:], "section introduction", titles, result)
        else:
            result.skipped += skipped(unit, f"section that is not a question ({head.text.strip('*_ ')})")
    return result


def _skip_with_toc(lines: Sequence[Line], reason: str, titles: Sequence[str], result: ParseResult) -> None:
    """Skip lines with a reason, setting a table of contents among them apart."""
    toc = find_toc(lines, titles)
    if toc is None:
        result.skipped += skipped(lines, reason)
        return
    start, end = toc
    result.skipped += skipped(lines[:start], reason)
    result.skipped += skipped(lines[start:end], "table of contents")
    result.skipped += skipped(lines[end:], reason)


def _question(unit: Sequence[Line], level: int, title: tuple[str, str], section: str) -> ParsedQuestion:
    lines = trim(unit)
    label, prompt = title
    question = open_question(lines, prompt, section=section, label=label)
    body = without_answer_lead(texts(lines[1:]))
    if parts := extract_mcq(prompt, body):
        return make_mcq(question, parts)
    rendered: list[str] = []
    for sub_title, sub_body in _subsections(body, level):
        role = section_role(sub_title) if sub_title else ""
        plain = split_plain_parts(sub_body)
        question.key_points += plain.key_points
        question.follow_ups += plain.follow_ups
        if role == KEY_POINTS:
            question.key_points += list_items(sub_body) or [s.strip() for s in sub_body if s.strip()]
            continue
        if role == FOLLOW_UPS:
            question.follow_ups += list_items(sub_body) or [s.strip() for s in sub_body if s.strip()]
            continue
        if role == BEST_PRACTICES:
            question.key_points += bold_leads(sub_body)
        text = render_text(plain.body)
        rendered.append(
            f"{bold(sub_title)}\n\n{text}" if sub_title and text else bold(sub_title) if sub_title else text
        )
    question.full_answer = tidy("\n\n".join(part for part in rendered if part))
    return question


def _subsections(body: Sequence[str], level: int) -> list[tuple[str, list[str]]]:
    """The answer cut at its own headings (those deeper than the question's)."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    fenced = False
    for raw in body:
        if _FENCE.match(raw):
            fenced = not fenced
        heading = None if fenced else markdown_heading(raw)
        if heading and heading[0] > level and heading[1]:
            parts.append((heading[1], []))
        else:
            parts[-1][1].append(raw)
    return [(title, lines) for title, lines in parts if title or any(line.strip() for line in lines)]
