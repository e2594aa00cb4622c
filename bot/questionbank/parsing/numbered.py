"""Numbered questions followed by their answers: ``1. What is X?`` / ``2) How ...?``.

A numbered line is a question when it reads as one (a question mark, an
interrogative or an interview verb) and its number follows the previous
question's (or starts again at 1). Numbered steps inside an answer do not
read as questions, or do not follow the sequence, and stay in the answer. A
leading run of numbered questions without answers that the document
answers further down is its table of contents.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from bot.questionbank.parsed import ParsedQuestion, ParseResult
from bot.questionbank.parsing.appendix import SKIP, appendix_role
from bot.questionbank.parsing.document import Line, open_question, skipped, texts, trim
from bot.questionbank.parsing.mcq import extract_mcq, make_mcq
from bot.questionbank.parsing.questions import is_question_like
from bot.questionbank.parsing.sections import fill_plain_answer, without_answer_lead
from bot.questionbank.parsing.toc import is_contents_heading, normalize_title

# Greedy, the closing ** or __ and spaces cut in Python (_item_text): a lazy
# `(?P<text>\S.*?)(?:\*\*|__)?\s*$` rescans the trailing spaces at every step (quadratic).
_NUMBERED = re.compile(r"^\s{0,3}(?:\*\*|__)?(?P<number>[0-9]{1,3})[.)]\s++(?P<text>\S.*+)$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>\S.*)$")


@dataclass(slots=True)
class _Candidate:
    index: int
    number: int
    prompt: str
    end: int = 0  # exclusive end of its body

    def body(self, lines: Sequence[Line]) -> list[Line]:
        return list(lines[self.index + 1 : self.end])


def _candidates(lines: Sequence[Line]) -> list[_Candidate]:
    found: list[_Candidate] = []
    for i, line in enumerate(lines):
        m = _NUMBERED.match(line.text)
        if not m or not is_question_like(text := _item_text(m["text"])):
            continue
        number = int(m["number"])
        if found and number not in {found[-1].number + 1, 1}:
            continue
        found.append(_Candidate(i, number, text.strip().strip("*_ ")))
    cuts = sorted({c.index for c in found} | set(_cuts(lines)))
    for c in found:
        at = bisect_right(cuts, c.index)
        c.end = cuts[at] if at < len(cuts) else len(lines)
    return found


def _item_text(text: str) -> str:
    """The item's text without trailing spaces and one closing ``**``/``__`` (kept when it is all there is)."""
    text = text.rstrip()
    return text[:-2] if len(text) > 2 and text.endswith(("**", "__")) else text


def _cuts(lines: Sequence[Line]) -> list[int]:
    """Headings that end an answer: Markdown headings and named appendices (References...)."""
    return [i for i, line in enumerate(lines) if _MD_HEADING.match(line.text) or appendix_role(line.text)]


def _toc_length(candidates: Sequence[_Candidate], lines: Sequence[Line]) -> int:
    """How many leading candidates are a table of contents: unanswered and answered again later."""
    k = 0
    while k < len(candidates):
        c = candidates[k]
        later = {normalize_title(o.prompt) for o in candidates[k + 1 :]}
        body = [line for line in c.body(lines) if not line.blank]
        if normalize_title(c.prompt) not in later or len(body) > 1:
            break
        if body and not (_MD_HEADING.match(body[0].text) or is_contents_heading(body[0].text)):
            break
        k += 1
    return k if k >= 2 else 0


def sniff(lines: Sequence[Line]) -> int:
    found = _candidates(lines)
    found = found[_toc_length(found, lines) :]
    return sum(1 for c in found if any(not line.blank for line in c.body(lines)))


def read(lines: Sequence[Line], name: str = "") -> ParseResult:
    result = ParseResult(format="numbered-questions")
    found = _candidates(lines)
    toc = _toc_length(found, lines)
    questions = found[toc:]
    if not questions:
        return result
    head_end = questions[0].index
    if toc:
        start = found[0].index
        heading = start - 1
        while heading >= 0 and lines[heading].blank:
            heading -= 1
        if heading >= 0 and is_contents_heading(lines[heading].text):
            start = heading
        result.skipped += skipped(lines[:start], "text before the first question")
        result.skipped += skipped(lines[start : found[toc - 1].index + 1], "table of contents")
        result.skipped += skipped(
            lines[found[toc - 1].index + 1 : head_end], "text before the first question"
        )
    else:
        result.skipped += skipped(lines[:head_end], "text before the first question")
    section = ""
    for k, c in enumerate(questions):
        result.questions.append(_question(lines, c, section))
        stop = questions[k + 1].index if k + 1 < len(questions) else len(lines)
        rest = list(lines[c.end : stop])
        if rest:
            section = _skip_between(rest, result) or section
    return result


def _skip_between(lines: Sequence[Line], result: ParseResult) -> str:
    """File headings between two questions; return the section name they give, if any."""
    section = ""
    for k, line in enumerate(lines):
        if line.blank:
            continue
        role = appendix_role(line.text)
        if role and role[0] == SKIP:
            result.skipped += skipped(lines[k:], role[1])
            return section
        if m := _MD_HEADING.match(line.text):
            section = m["text"].strip("#*_ ")
            result.skipped += skipped([line], "section heading")
        else:
            result.skipped += skipped([line], "text between questions")
    return section


def _question(lines: Sequence[Line], c: _Candidate, section: str) -> ParsedQuestion:
    body_lines = trim(c.body(lines))
    question = open_question([lines[c.index], *body_lines], c.prompt, section=section, label=str(c.number))
    body = without_answer_lead(texts(body_lines))
    if parts := extract_mcq(c.prompt, body):
        return make_mcq(question, parts)
    fill_plain_answer(question, body)
    return question
