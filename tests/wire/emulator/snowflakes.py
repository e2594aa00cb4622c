"""Discord snowflake ids: 42 bits of milliseconds since 2015-01-01 UTC, then 22 bits of sequence."""

from __future__ import annotations

import time
from datetime import UTC, datetime

DISCORD_EPOCH_MS = 1_420_070_400_000


class Snowflakes:
    """Hands out strictly increasing snowflakes.

    ``next()`` follows the wall clock (so discord.py's ``created_at`` is right); ``seeded()``
    counts up from a fixed instant so the seeded world has the same ids on every run.
    """

    __slots__ = ("_last", "_seed_next")

    def __init__(self, seed_instant_ms: int = 1_700_000_000_000) -> None:
        self._last = 0
        self._seed_next = (seed_instant_ms - DISCORD_EPOCH_MS) << 22

    def next(self) -> int:
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(candidate, self._last + 1)
        return self._last

    def seeded(self) -> int:
        # One millisecond apart: shards pick guilds by the timestamp, ``(id >> 22) % shard_count``.
        self._seed_next += 1 << 22
        return self._seed_next


def snowflake_time(snowflake: int) -> datetime:
    """The creation instant encoded in a snowflake."""
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, tz=UTC)


def iso(moment: datetime) -> str:
    """Discord's timestamp format: ISO 8601 with microseconds and +00:00."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
