"""Blocks that are part of a document but not questions: introductions, tips, summaries, references...

Their headings are recognised by name so that a reader can end the last
answer there and file the block as skipped with a reason a person
understands; multiple-choice sections and mock-interview scenarios are
recognised here too so that readers can hand them to their own parsers.
"""

from __future__ import annotations

import re

SKIP = "skip"
MCQ = "mcq"
SCENARIO = "scenario"

_SKIP_REASONS = {
    "introduction": "introduction",
    "intro": "introduction",
    "overview": "introduction",
    "preface": "introduction",
    "practical tips": "practical tips",
    "tips": "practical tips",
    "interview tips": "practical tips",
    "summary": "summary",
    "conclusion": "summary",
    "final thoughts": "summary",
    "references": "references",
    "sources": "references",
    "bibliography": "references",
    "resources": "references",
    "further reading": "references",
    "further resources": "references",
    "glossary": "glossary",
    "appendix": "appendix",
    "acknowledgements": "acknowledgements",
    "acknowledgments": "acknowledgements",
    "about the author": "about the author",
    "table of contents": "table of contents",
    "contents": "table of contents",
}
_MCQ = re.compile(r"^(?:mcq|mcqs|multiple[- ]choice)(?:\s+(?:questions?|section|quiz|round))?$|^quiz$", re.I)
_SCENARIO = re.compile(r"^(?:mock\s+interview(?:\s+scenario)?|interview\s+scenario|mock\s+scenario)\b", re.I)
_SELF_INTRO = re.compile(
    r"^(?:(?:hey|hi|hello)\b[^.]{0,40}?\b(?:i['’]m|i am|my name is)\b|(?:i['’]m|i am|my name is)\s+[A-Z])",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:i|i['’]m|i['’]ve|my|me)\b", re.I)


def heading_text(line: str) -> str:
    s = re.sub(r"^\s*#{1,6}\s+", "", line.strip())
    return s.strip("*_ ").strip()


def appendix_role(line: str) -> tuple[str, str] | None:
    """(kind, reason) when the line is the heading of a non-question block, else None."""
    text = heading_text(line)
    if not text or len(text) > 100 or len(text.split()) > 12:
        return None
    name = text.rstrip(":").strip().lower()
    if name in _SKIP_REASONS:
        return SKIP, _SKIP_REASONS[name]
    if text.endswith(":"):
        return None
    if _MCQ.match(name):
        return MCQ, "multiple-choice section heading"
    if _SCENARIO.match(name):
        return SCENARIO, "mock interview scenario"
    return None


def is_self_introduction(text: str) -> bool:
    """A candidate introducing themselves ("Hey, I'm ... a backend developer with ...")."""
    s = text.strip()
    return bool(_SELF_INTRO.match(s)) and len(_FIRST_PERSON.findall(s)) >= 3
