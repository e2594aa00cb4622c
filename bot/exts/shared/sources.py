"""How a question source is named to admins (``/bank sources``, ``/qotd status``)."""

from __future__ import annotations

from bot.domain.sources import SourceKind, kind_of

OWN_LABEL = "This server's own questions"


def source_label(source: str) -> str:
    """The source as admins read it: its file, or the server's own questions."""
    return OWN_LABEL if kind_of(source) is SourceKind.OWN else source


KIND_NOTE = {
    SourceKind.DOCUMENT: "seed document",
    SourceKind.PACK: "companion pack, by the qotd-bot editors",
    SourceKind.OWN: "added with /bank import",
}
