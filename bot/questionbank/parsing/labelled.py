"""Documents of labelled question/answer pairs: ``Q-1:``/``Ans:``, ``Q:``/``A:``, ``Question:``/``Answer:``.

One reader serves three shapes that share the markers:

- ``numbered-qa``: the markers carry numbers (``Q-7:``); the numbering is the
  document's declared count, so a gap or a repeat is a DeclaredCountMismatch;
- ``guide``: unnumbered ``Q:``/``A:`` pairs filed under numbered section
  headings, with named appendices (multiple-choice section, mock interview,
  tips, summary, references) after the questions;
- ``qa-pairs``: plain pairs, possibly in bold (``**Q:**``).

Answers are plain text: code is found and fenced, and text damaged by PDF
extraction is repaired when the document shows the damage.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from bot.domain.questions import Kind
from bot.questionbank.parsed import DeclaredCountMismatch, ParsedQuestion, ParseResult
from bot.questionbank.parsing import appendix, repair, unglue
from bot.questionbank.parsing.document import Line, open_question, skipped, texts, trim
from bot.questionbank.parsing.mcq import extract_mcq, make_mcq, split_numbered_items
from bot.questionbank.parsing.render import render_text
from bot.questionbank.parsing.scenario import read_scenario
from bot.questionbank.parsing.sections import fill_plain_answer

# Runs of spaces are possessive (`\s*+`): each is followed by a character that is not a space, so
# giving some back never helps a match, and `\s*[-#]?\s*` backtracked quadratically on a long run.
_QUESTION = re.compile(
    r"^\s{0,3}(?:\*\*|__)?(?P<label>(?:Q|Question|QUESTION)(?:\s*+(?:[-#]\s*+)?(?P<number>[0-9]{1,4}))?)"
    r"\s*+(?P<sep>[:.)])(?:\*\*|__)?\s*(?P<rest>.*)$"
)
_ANSWER = re.compile(
    r"^\s{0,3}(?:\*\*|__)?(?:A|Ans|ANS|Answer|ANSWER)(?:\s*+(?:[-#]\s*+)?[0-9]{1,4})?\s*+:-?(?:\*\*|__)?\s*(?P<rest>.*)$"
)
_SECTION = re.compile(r"^\s{0,3}(?:#{1,6}\s+)?(?P<number>[0-9]{1,2})[.)]\s+(?P<title>[^?]{2,120})$")
_MD_SECTION = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+)$")


def question_marker(text: str) -> re.Match[str] | None:
    m = _QUESTION.match(text)
    if not m or not m["rest"].strip():
        return None
    if m["sep"] != ":" and m["number"] is None:
        return None  # "Q." or "Question)" without a number is prose, not a marker
    return m


def sniff(lines: Sequence[Line]) -> int:
    """Three points per question marker followed by an answer."""
    starts = [i for i, line in enumerate(lines) if question_marker(line.text)]
    score = 0
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else min(len(lines), i + 40)
        if any(not line.blank for line in lines[i + 1 : end]):
            score += 3
    return score


@dataclass(slots=True)
class _Unit:
    kind: str  # "preamble", "question", "section", or an appendix kind
    lines: list[Line]
    reason: str = ""


def read(lines: Sequence[Line], name: str = "") -> ParseResult:
    units = _units(lines)
    damaged = repair.is_damaged("\n".join(texts(lines)))
    vocabulary = unglue.harvest_vocabulary("\n".join(texts(lines))) if damaged else unglue.Vocabulary()
    fix: Callable[[str], str] = partial(unglue.unglue_inline_code, vocabulary=vocabulary) if damaged else str
    result = ParseResult(format="qa-pairs")
    numbers: list[tuple[int, str]] = []
    section = ""
    has_structure = False
    _split_self_introduction(units)
    for unit in units:
        if unit.kind == "question":
            question, number = _question(unit.lines, section, damaged=damaged, fix=fix)
            result.questions.append(question)
            if number is not None:
                numbers.append((number, question.label))
        elif unit.kind == "section":
            has_structure = True
            section = _section_title(unit.lines[0].text)
            result.skipped += skipped(unit.lines[:1], "section heading")
            result.skipped += skipped(unit.lines[1:], "section introduction")
        elif unit.kind == appendix.MCQ:
            has_structure = True
            _read_mcq_section(unit.lines, result)
        elif unit.kind == appendix.SCENARIO:
            has_structure = True
            scenario = read_scenario(unit.lines)
            if scenario is None:
                result.skipped += skipped(unit.lines, "mock interview without numbered exchanges")
            else:
                result.questions.append(scenario)
        else:
            has_structure = has_structure or unit.kind == appendix.SKIP
            result.skipped += skipped(unit.lines, unit.reason)
    if numbers and len(numbers) * 2 >= sum(1 for q in result.questions if q.kind != Kind.SCENARIO):
        result.format = "numbered-qa"
        result.declared_count = _check_numbering(numbers, name)
    elif has_structure:
        result.format = "guide"
    for question in result.questions:
        if not question.full_answer.strip() and question.kind == Kind.OPEN:
            result.warnings.append(f"{question.label or question.prompt[:40]!r} has no answer")
    return result


def _units(lines: Sequence[Line]) -> list[_Unit]:
    cuts: dict[int, tuple[str, str]] = {}
    starts = [i for i, line in enumerate(lines) if question_marker(line.text)]
    for i in starts:
        cuts[i] = ("question", "")
    for i in starts:
        j = i - 1
        while j >= 0 and lines[j].blank:
            j -= 1
        if j >= 0 and j not in cuts and (_SECTION.match(lines[j].text) or _MD_SECTION.match(lines[j].text)):
            cuts[j] = ("section", "")
    for i, line in enumerate(lines):
        if i not in cuts and (role := appendix.appendix_role(line.text)):
            cuts[i] = role
    order = sorted(cuts)
    units: list[_Unit] = []
    if not order or order[0] > 0:
        units.append(
            _Unit(
                "preamble", list(lines[: order[0] if order else len(lines)]), "text before the first question"
            )
        )
    for k, i in enumerate(order):
        end = order[k + 1] if k + 1 < len(order) else len(lines)
        kind, reason = cuts[i]
        units.append(_Unit(kind, list(lines[i:end]), reason))
    return units


def _split_self_introduction(units: list[_Unit]) -> None:
    """A self-introduction after the last answer (two blank lines or more above it) is not part of it."""
    last = next((k for k in range(len(units) - 1, -1, -1) if units[k].kind == "question"), None)
    if last is None:
        return
    lines = trim(units[last].lines)
    for i in range(len(lines) - 1, 1, -1):
        if lines[i - 1].blank and lines[i - 2].blank and not lines[i].blank:
            tail = lines[i:]
            if appendix.is_self_introduction(" ".join(line.stripped for line in tail)):
                units[last].lines = lines[:i]
                units.insert(last + 1, _Unit("self-introduction", tail, "self-introduction, not a question"))
            return


def _section_title(text: str) -> str:
    if m := _SECTION.match(text):
        return m["title"].strip().strip("*# ")
    return text.strip().lstrip("#").strip().strip("*")


def _question(
    unit: Sequence[Line], section: str, *, damaged: bool, fix: Callable[[str], str]
) -> tuple[ParsedQuestion, int | None]:
    lines = trim(unit)
    m = question_marker(lines[0].text)
    assert m is not None  # units of kind "question" start at a marker
    number = int(m["number"]) if m["number"] else None
    label = re.sub(r"\s+", " ", m["label"]) if number is not None else ""
    prompt = m["rest"].strip().rstrip("*").strip()
    rest = texts(lines[1:])
    question = open_question(lines, prompt, section=section, label=label)
    if parts := extract_mcq(prompt, rest):
        return make_mcq(question, parts), number
    answer_at = next((k for k, text in enumerate(rest) if _ANSWER.match(text)), None)
    if answer_at is not None:
        extra = " ".join(text.strip() for text in rest[:answer_at] if text.strip())
        question.prompt = f"{prompt} {extra}".strip() if extra else prompt
        a = _ANSWER.match(rest[answer_at])
        assert a is not None
        answer = [a["rest"], *rest[answer_at + 1 :]]
    else:
        answer = rest
    if damaged:
        answer = repair.restructure(answer)
    fill_plain_answer(question, answer, fix)
    return question, number


def _read_mcq_section(unit: Sequence[Line], result: ParseResult) -> None:
    head, items = split_numbered_items(unit[1:])
    result.skipped += skipped([unit[0], *head], "multiple-choice section heading")
    for item in items:
        lines = trim(item)
        m = re.match(r"^\s*(?:\*\*)?(?P<number>[0-9]{1,3})[.)]\s+(?P<text>.*)$", lines[0].text)
        assert m is not None  # items start at their number
        prompt = m["text"].strip().strip("*").strip()
        question = open_question(lines, prompt, label=f"MCQ {m['number']}")
        question.full_answer = render_text(texts(lines[1:]))
        if parts := extract_mcq(prompt, texts(lines[1:])):
            make_mcq(question, parts)
            if parts.correct is None:
                result.warnings.append(f"MCQ {m['number']}: no answer line names the correct option")
        result.questions.append(question)


def _check_numbering(numbers: Sequence[tuple[int, str]], name: str) -> int:
    """The count the numbering declares; raise when a number is missing or repeated."""
    values = [number for number, _ in numbers]
    low, high = min(values), max(values)
    declared = high - low + 1
    missing = sorted(set(range(low, high + 1)) - set(values))
    repeated = sorted(v for v, count in Counter(values).items() if count > 1)
    if missing or repeated:
        prefix = re.sub(r"[0-9]+$", "", numbers[0][1]) or "Q"
        details = []
        if missing:
            details.append("missing " + ", ".join(f"{prefix}{v}" for v in missing))
        details += [f"{prefix}{v} appears {values.count(v)} times" for v in repeated]
        where = f"{name}: " if name else ""
        raise DeclaredCountMismatch(
            f"{where}the numbering {prefix}{low}..{prefix}{high} declares {declared} questions; "
            f"found {len(values)}: {'; '.join(details)}"
        )
    return declared
