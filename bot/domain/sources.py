"""Where a server's questions come from: the sources an admin turns on or off (``/bank sources``).

Every seed document of the shared bank (``content/sources/<file>``) and every file of
the companion pack (``content/bank/pack-<area>.yaml``) is a source, named by its file;
a server's own questions (``/bank import``) are one more, named ``OWN``. All are on
until an admin turns one off; a source that is off keeps its questions out of that
server's daily rotation and quizzes (``bot.domain.selection.Filters``).
"""

from __future__ import annotations

import re
from enum import StrEnum

OWN = "server"  # the key of a server's own questions; no file of the bank has this name
NO_SOURCE = "hand-written"  # the key of a shared question whose file is not recorded (hand-written YAML)

_PACK_NAME = re.compile(r"^pack-[a-z0-9]+(?:-[a-z0-9]+)*\.yaml$")


class SourceKind(StrEnum):
    DOCUMENT = "document"  # a seed document of the shared bank
    PACK = "pack"  # a file of the companion pack, by the qotd-bot editors
    OWN = "own"  # the server's own questions


def is_pack_name(name: str) -> bool:
    """Whether ``name`` is a pack file's name: ``pack-<area>.yaml``, lower case and hyphens."""
    return bool(_PACK_NAME.match(name))


def kind_of(source: str) -> SourceKind:
    if source == OWN:
        return SourceKind.OWN
    return SourceKind.PACK if is_pack_name(source) else SourceKind.DOCUMENT
