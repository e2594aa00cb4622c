"""A syllabus: numbered topic areas with bullet sub-topics, no answers.

It yields the bank's taxonomy (``ParseResult.topics``), not questions.

Sub-topic rules:

- bullets become sub-topics; an ``o `` after the bullet (a nested bullet
  flattened by extraction) is dropped, and so is a trailing full stop;
- a bullet ending with ``:`` ("Writing reusable middleware for:") is a lead-in:
  it becomes a sub-topic, and so does each of its items, ``Lead-in: item``
  (one per item, never merged). Its items are the more indented bullets under
  it or, when the extractor flattened the nesting, the bullets that follow it
  up to a blank line or another lead-in. Which of these a syllabus means as
  sub-topics and which only introduce others is not in the text: the
  taxonomy's ``subtopics:`` (``bot.questionbank.taxonomy``) says;
- a plain line ending with ``:`` ("Debugging focus:") after some sub-topics
  labels the bullets after it, up to the next label or topic:
  ``Debugging focus: item``; at the very start of a topic such a line is a
  subtitle and becomes a sub-topic of its own;
- a topic goes on across page breaks (its items after a confidentiality
  notice or a footer still belong to it).

Skipped with reasons: the title lines before topic 1, confidentiality
notices, dates, and short stand-alone lines that no bullets follow (an
organisation's name in a page footer).

Each sub-topic gets a slug by the topic id rule from its text, unique in the
syllabus (the taxonomy may name it otherwise).

Topic ids: the title folded to ASCII, lower-cased, cut into words at every
character that is not a letter or digit, without the stop-words "a", "an",
"and", "of", "the", joined with "-" and cut at a word boundary to at most 40
characters ("Node.js Core and Runtime Fundamentals" ->
"node-js-core-runtime-fundamentals"); a repeated id gets "-2", "-3"...
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.questions import Subtopic, Topic
from bot.questionbank.parsed import ParseResult
from bot.questionbank.parsing.document import Line, skipped

_TOPIC = re.compile(r"^\s{0,3}(?P<number>[0-9]{1,2})[.)]\s+(?P<title>\S.{1,100})$")
_BULLET = re.compile(r"^(?P<indent>\s*)[-*•●▪◦]\s+(?:o\s+(?=\S))?(?P<text>\S.*)$")
_CONFIDENTIAL = re.compile(r"\b(?:confidential|strictly private|all rights reserved|proprietary)\b", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"^(?:{_MONTH}\s+[0-9]{{1,2}},?\s+[0-9]{{4}}|[0-9]{{1,2}}\s+{_MONTH}\s+[0-9]{{4}}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}"
    r"|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4})$",
    re.I,
)
_STOP_WORDS = frozenset({"a", "an", "and", "of", "the"})
_MAX_ID = 40


def topic_id(title: str) -> str:
    """The slug rule described in this module's docstring."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_title.lower()) if w and w not in _STOP_WORDS]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > _MAX_ID:
            break
        slug = candidate
    return slug or (words[0][:_MAX_ID] if words else "topic")


def _topic_starts(lines: Sequence[Line]) -> list[int]:
    """Numbered title lines running 1, 2, 3..., each with at least one bullet before the next."""
    starts: list[int] = []
    for i, line in enumerate(lines):
        m = _TOPIC.match(line.text)
        if not m or int(m["number"]) != len(starts) + 1:
            continue
        title = m["title"].strip()
        if title.endswith(("?", ".", ":", ";", ",")) or len(title.split()) > 12:
            continue
        starts.append(i)
    with_bullets = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        if any(_BULLET.match(line.text) for line in lines[start + 1 : end]):
            with_bullets.append(start)
    return with_bullets if len(with_bullets) == len(starts) else []


def sniff(lines: Sequence[Line]) -> int:
    starts = _topic_starts(lines)
    return len(starts) if len(starts) >= 3 else 0


@dataclass(slots=True)
class _Item:
    kind: str  # "bullet" or "label" or "text"
    indent: int
    text: str
    gap_before: bool  # a blank line or a skipped block separates it from the item above


def read(lines: Sequence[Line], name: str = "") -> ParseResult:
    result = ParseResult(format="syllabus")
    starts = _topic_starts(lines)
    if len(starts) < 1:
        return result
    result.skipped += skipped(lines[: starts[0]], "document title")
    used: set[str] = set()
    slugs: set[str] = set()
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        m = _TOPIC.match(lines[start].text)
        assert m is not None
        title = m["title"].strip()
        items = _items(lines[start + 1 : end], result)
        _file_topic_lines(
            lines[start:end], result, f"topic {m['number']} of the syllabus (taken into the taxonomy)"
        )
        subtopics = tuple(Subtopic(_unique(topic_id(text), slugs), text) for text in _subtopics(items))
        tid = _unique(topic_id(title), used)
        result.topics.append(Topic(id=tid, number=int(m["number"]), title=title, subtopics=subtopics))
    return result


def _unique(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not in ``used`` (which it joins)."""
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _items(lines: Sequence[Line], result: ParseResult) -> list[_Item]:
    items: list[_Item] = []
    gap = False
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        text = line.stripped
        if line.blank:
            gap = True
        elif m := _BULLET.match(line.text):
            items.append(_Item("bullet", len(m["indent"].expandtabs(4)), m["text"].strip(), gap))
            gap = False
        elif _CONFIDENTIAL.search(text):
            result.skipped += skipped([line], "confidentiality notice")
            gap = True
        elif _DATE.match(text):
            result.skipped += skipped([line], "date")
            gap = True
        elif text.endswith(":"):
            items.append(_Item("label", 0, text[:-1].strip(), gap))
            gap = False
        elif len(text.split()) <= 6 and not re.search(r"[.,;:!?]$", text) and not _bullet_follows(lines, i):
            result.skipped += skipped([line], "organisation footer")
            gap = True
        else:
            items.append(_Item("text", 0, text, gap))
            gap = False
        i += 1
    return items


def _file_topic_lines(lines: Sequence[Line], result: ParseResult, reason: str) -> None:
    """Account for a topic's own lines: runs of them between the blocks skipped for other reasons."""
    taken = {n for block in result.skipped for n in range(block.first_line, block.last_line + 1)}
    run: list[Line] = []
    for line in lines:
        if line.number in taken:
            result.skipped += skipped(run, reason)
            run = []
        else:
            run.append(line)
    result.skipped += skipped(run, reason)
    result.skipped.sort(key=lambda block: block.first_line)


def _bullet_follows(lines: Sequence[Line], i: int) -> bool:
    nxt = next((line for line in lines[i + 1 :] if not line.blank), None)
    return nxt is not None and bool(_BULLET.match(nxt.text))


def _subtopics(items: Sequence[_Item]) -> list[str]:
    out: list[str] = []
    label = ""
    i = 0
    while i < len(items):
        item = items[i]
        if item.kind == "label":
            if out:
                label = item.text
            else:
                out.append(item.text)  # a label opening the topic is its subtitle, not a group
            i += 1
            continue
        if item.kind == "bullet" and item.text.endswith(":"):
            children, i = _lead_in_items(items, i)
            lead = _clean(item.text[:-1])
            texts = [lead, *(f"{lead}: {_clean(c.text)}" for c in children)]
        else:
            texts = [_clean(item.text)]
            i += 1
        out += [f"{label}: {text}" if label else text for text in texts]
    return [s for s in out if s]


def _lead_in_items(items: Sequence[_Item], at: int) -> tuple[list[_Item], int]:
    lead = items[at]
    children: list[_Item] = []
    j = at + 1
    nested = j < len(items) and items[j].kind == "bullet" and items[j].indent > lead.indent
    while j < len(items) and items[j].kind == "bullet":
        child = items[j]
        if nested and child.indent <= lead.indent:
            break
        if not nested and (child.gap_before or child.text.endswith(":")):
            break
        children.append(child)
        j += 1
    return children, j


def _clean(text: str) -> str:
    s = re.sub(r"^o\s+(?=[A-Z])", "", text.strip())
    return s[:-1].rstrip() if s.endswith(".") and not s.endswith("..") else s
