"""Finding topic areas from what a member types: a number, an id or (part of) a title."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from bot.domain.errors import DomainError, echo
from bot.domain.questions import Topic

_FUZZY = 65  # a typo'd title still matches...
_MARGIN = 15  # ...when it is clearly closer to one title than to any other


class UnknownTopic(DomainError):
    def __init__(self, text: str, topics: Sequence[Topic]) -> None:
        listing = "; ".join(f"{t.number}. {t.title}" for t in topics)
        super().__init__(f"There is no topic {echo(text)}. Pick from: {listing}"[:1900])


def find_topic(text: str, topics: Sequence[Topic]) -> Topic:
    """The topic ``text`` names: ``3``, ``apis-real-time-systems`` or ``real-time``; raises UnknownTopic."""
    wanted = text.strip().casefold()
    if not wanted:
        raise UnknownTopic(text, topics)
    for t in topics:
        if wanted in (str(t.number), t.id.casefold(), t.title.casefold()):
            return t
    partial = [t for t in topics if wanted in t.title.casefold() or wanted in t.id]
    if len(partial) == 1:
        return partial[0]
    scored = sorted(
        ((fuzz.WRatio(wanted, t.title.casefold()), t.number, t) for t in topics), key=lambda s: (-s[0], s[1])
    )
    if scored and scored[0][0] >= _FUZZY and (len(scored) == 1 or scored[0][0] - scored[1][0] >= _MARGIN):
        return scored[0][2]
    raise UnknownTopic(text, topics)


def resolve_topics(text: str | None, topics: Sequence[Topic]) -> list[str]:
    """Topic ids from a comma-separated list (empty: all topics), in syllabus order, no repeats."""
    if not text or not text.strip():
        return []
    found = {find_topic(part, topics).id for part in text.split(",") if part.strip()}
    return [t.id for t in topics if t.id in found]


def suggest(current: str, topics: Sequence[Topic], limit: int = 25) -> list[tuple[str, str]]:
    """Autocomplete for a comma-separated topic list: (label, value) pairs completing the last item."""
    head, _, last = current.rpartition(",")
    prefix = [p.strip() for p in head.split(",") if p.strip()]
    wanted = last.strip().casefold()
    out = []
    for t in topics:
        if wanted and wanted not in t.title.casefold() and wanted not in t.id and wanted != str(t.number):
            continue
        value = ",".join([*prefix, t.id])
        label = ", ".join([*prefix, f"{t.number}. {t.title}"])
        out.append((label[:100], value[:100]))
    return out[:limit]
