"""Short ids for a server's own questions, and reading back what an admin or member typed.

A server question's id is ``g<guild id>-<hex>`` (see docs/architecture.md): unique, but
the guild id makes it long and means nothing to people. Within its server the hex part
alone is unique, so that is what lists show and what commands accept; the full id (and
any question of the shared bank by its own id) is accepted as well.
"""

from __future__ import annotations

import re

_SERVER_ID = re.compile(r"g(?P<guild>[0-9]{1,20})-(?P<code>[0-9a-f]{6,40})")
_CODE = re.compile(r"[0-9a-f]{6,40}")


def short_id(question_id: str) -> str:
    """How a question's id is shown: a server question's hex part (``45a6b9``), any other id as it is."""
    found = _SERVER_ID.fullmatch(question_id)
    return found["code"] if found else question_id


def full_id(typed: str, guild_id: int) -> str:
    """The id meant by ``typed`` in server ``guild_id``: a short id becomes that server's question id."""
    text = typed.strip().lower().removeprefix("#")
    return f"g{guild_id}-{text}" if _CODE.fullmatch(text) else text


def is_server_id(typed: str, guild_id: int) -> bool:
    """Whether ``typed`` names a question of server ``guild_id`` (by its short or full id)."""
    found = _SERVER_ID.fullmatch(full_id(typed, guild_id))
    return found is not None and int(found["guild"]) == guild_id
