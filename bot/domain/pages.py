"""Splitting long Markdown into Discord-sized pages without breaking code blocks.

Fences follow Discord: every ```` ``` ```` opens or closes a code block, and a
word right after an opening fence, ended by a newline, is the block's
language. A page never ends inside a code block that would fit on a page of
its own; a longer block is cut at line boundaries into complete blocks (the
fence is closed at the end of the page and reopened, with the language, on
the next one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.limits import EMBED_DESCRIPTION

FENCE = "```"
_LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]{1,20}\n")
MIN_PAGE = 32
"""The smallest page ``split_markdown`` accepts: room for a reopened fence and some code."""


@dataclass(frozen=True)
class _Block:
    """A code block: ``start``..``stop`` is all of it, ``body``..``end`` its content."""

    start: int
    body: int
    end: int
    stop: int
    language: str
    closed: bool


def _code_blocks(text: str) -> list[_Block]:
    blocks = []
    position = 0
    while (start := text.find(FENCE, position)) >= 0:
        body = start + len(FENCE)
        language = ""
        if match := _LANGUAGE.match(text, body):
            language, body = match.group()[:-1], match.end()
        elif text.startswith("\n", body):
            body += 1
        end = text.find(FENCE, body)
        if end < 0:
            blocks.append(_Block(start, body, len(text), len(text), language, closed=False))
            break
        blocks.append(_Block(start, body, end, end + len(FENCE), language, closed=True))
        position = end + len(FENCE)
    return blocks


# Kinds of places to end a page, best first.
_PARAGRAPH, _LINE, _SPACE, _ANYWHERE = range(4)


class _Splitter:
    def __init__(self, text: str, limit: int) -> None:
        self.text = text
        self.limit = limit
        self.blocks = _code_blocks(text)
        self.edges = {b.start for b in self.blocks} | {b.stop for b in self.blocks}
        # Where each position sits: None outside code, a block inside its content,
        # and False where no cut may fall (inside a fence or a language word).
        self.inside: list[_Block | bool | None] = [None] * (len(text) + 1)
        for block in self.blocks:
            oversized = block.stop - block.start + (0 if block.closed else len(FENCE) + 1) > limit
            for p in range(block.start + 1, block.stop):
                self.inside[p] = block if oversized and block.body < p < block.end else False
            if not block.closed:
                self.inside[len(text)] = block

    @staticmethod
    def opening(block: _Block | None) -> str:
        return f"{FENCE}{block.language}\n" if block else ""

    def closing(self, end: int) -> str:
        if not isinstance(self.inside[end], _Block):
            return ""
        return FENCE if self.text[end - 1] == "\n" else "\n" + FENCE

    def kind(self, end: int) -> int | None:
        """How good a place ``end`` is to end a page; None where no cut may fall."""
        where = self.inside[end]
        if where is False:
            return None
        text = self.text
        before = text[end - 1]
        if where is None and (text.startswith("\n\n", end - 2) or end in self.edges):
            return _PARAGRAPH
        if before == "\n":
            return _LINE
        if before.isspace() or text[end : end + 1].isspace():
            return _SPACE
        return _ANYWHERE

    def page_end(self, start: int, opening: str) -> int:
        """The best place to end a page that starts at ``start``."""
        room = self.limit - len(opening)
        latest: dict[int, int] = {}
        for end in range(min(len(self.text), start + room), start, -1):
            kind = self.kind(end)
            if kind is None or kind in latest:
                continue
            if len(opening) + end - start + len(self.closing(end)) <= self.limit:
                latest[kind] = end
                if kind == _PARAGRAPH:
                    break
        if not latest:
            raise ValueError(f"limit {self.limit} is too small to split this text")
        # The best kind of cut, unless it leaves the page less than half full.
        for kind in sorted(latest):
            if latest[kind] - start >= room // 2:
                return latest[kind]
        return latest[min(latest)]

    def pages(self) -> list[str]:
        text = self.text
        pages = []
        start = self.skip_blank(0)
        while start < len(text):
            where = self.inside[start]
            opening = self.opening(where if isinstance(where, _Block) else None)
            whole = len(opening) + len(text) - start + len(self.closing(len(text)))
            end = len(text) if whole <= self.limit else self.page_end(start, opening)
            closing = self.closing(end)
            page = opening + text[start:end] + closing
            pages.append(page if closing else page.rstrip())
            start = end if isinstance(self.inside[end], _Block) else self.skip_blank(end)
        return [page for page in pages if page.strip()]

    def skip_blank(self, position: int) -> int:
        while position < len(self.text) and self.text[position].isspace():
            position += 1
        return position


def split_markdown(text: str, limit: int = EMBED_DESCRIPTION) -> list[str]:
    """``text`` in pages of at most ``limit`` characters, best split first.

    Pages end at blank lines (or around code blocks) where possible, then at
    line ends, then at spaces, and only as a last resort mid-word. A code
    block that fits on a page is never split; a longer one is cut at line
    ends into complete blocks. An unclosed block is closed. Blank text gives
    no pages.
    """
    if limit < MIN_PAGE:
        raise ValueError(f"limit must be at least {MIN_PAGE}")
    return _Splitter(text, limit).pages()


def _cut(text: str, room: int) -> str:
    """At most ``room`` characters of ``text``, at a word boundary when one is near the end."""
    room = max(room, 0)
    cut = text[:room]
    space = cut.rfind(" ")
    if space >= room * 2 / 3:
        cut = cut[:space]
    return cut.rstrip()


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``limit`` characters, ending in ``ellipsis`` when cut.

    Cuts at a word boundary when one is near the end, and closes a code block
    the cut left open.
    """
    if len(text) <= limit:
        return text
    if limit <= len(ellipsis):
        return ellipsis[:limit]
    cut = _cut(text, limit - len(ellipsis))
    if cut.count(FENCE) % 2 == 0:
        return cut + ellipsis
    closing = "\n" + FENCE
    cut = _cut(text, limit - len(ellipsis) - len(closing))
    return cut + ellipsis + (closing if cut.count(FENCE) % 2 else "")
