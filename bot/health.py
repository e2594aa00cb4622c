"""The health file: what ``deploy/healthcheck.py`` and monitoring read to tell whether the bot is alive.

A ``HealthReporter`` rewrites ``settings.health_file`` every minute, when the bot
becomes ready, resumes or loses a connection, and once more when it stops (then
saying ``"ready": false``). Each write goes to a temporary file in the same
folder that replaces the old one (``os.replace``), so a reader never sees half a
file. Nothing happens at import: the reporter starts and stops with the bot
(``async with HealthReporter(bot, path):``).

The file (see docs/operations.md, "Health signals")::

    {"ready": true, "state": "ready", "problem": null, "latency_ms": 42.0,
     "last_reconcile": "2026-05-01T09:00:03+00:00", "guilds": 17, "shards": [0, 1], "pid": 4242,
     "written_at": "2026-05-01T09:00:05+00:00"}

While Discord cannot be reached at start-up the file says ``"state": "connecting"`` with the
last failure in ``problem`` (rewritten after each try).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from bot.app import QotdBot

log = logging.getLogger(__name__)

INTERVAL = timedelta(minutes=1)
# Group-readable: under systemd the monitoring reads it as a member of the service's group.
FILE_MODE = 0o640
# Connection events after which the file is rewritten at once rather than on the next minute.
_EVENTS = ("on_ready", "on_resumed", "on_shard_ready", "on_shard_resumed", "on_disconnect")


@dataclass(frozen=True, slots=True)
class Health:
    """One snapshot of the bot's health, as written to the file."""

    ready: bool  # connected on every shard, the guild list loaded
    state: str  # "ready", "connecting" (starting, reconnecting, or Discord unreachable), "stopping"
    problem: str | None  # why Discord could not be reached on the last try (None: no problem)
    latency_ms: float | None  # gateway heartbeat round trip; None before the first one
    last_reconcile: str | None  # ISO instant (UTC) the database was last checked for due work
    guilds: int
    shards: list[int]
    pid: int
    written_at: str  # ISO instant (UTC)

    def to_json(self) -> str:
        return json.dumps(asdict(self))


class RoundHealth:
    """When the daily round last checked the database for due work; the daily cog records it."""

    def __init__(self) -> None:
        self.last_reconcile: datetime | None = None

    def reconciled(self, at: datetime) -> None:
        """A round finished at ``at`` (aware)."""
        self.last_reconcile = at


def _latency_ms(seconds: float) -> float | None:
    return None if math.isnan(seconds) or math.isinf(seconds) else round(seconds * 1000, 1)


def snapshot(bot: QotdBot, *, stopping: bool = False, problem: str | None = None) -> Health:
    """The bot's health now; ``stopping`` reports it not ready whatever its connections say."""
    shards = bot.shards
    connected = bool(shards) and all(not info.is_closed() for info in shards.values())
    last = bot.round_health.last_reconcile
    ready = not stopping and bot.is_ready() and not bot.is_closed() and connected
    return Health(
        ready=ready,
        state="stopping" if stopping else "ready" if ready else "connecting",
        problem=None if ready or stopping else problem,
        latency_ms=_latency_ms(bot.latency),
        last_reconcile=None if last is None else last.astimezone(UTC).isoformat(),
        guilds=len(bot.guilds),
        shards=sorted(shards) or list(bot.settings.shard_id_list or []),
        pid=os.getpid(),
        written_at=datetime.now(UTC).isoformat(),
    )


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: a reader sees the old file or the new, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


class HealthReporter:
    """Keeps the health file of one bot current while the ``async with`` block runs."""

    def __init__(self, bot: QotdBot, path: Path, *, interval: timedelta = INTERVAL) -> None:
        self._bot = bot
        self._path = path
        self._interval = interval.total_seconds()
        self._task: asyncio.Task[None] | None = None
        self._problem: str | None = None
        self.last: Health | None = None

    def connecting(self, problem: str | None) -> None:
        """Note why Discord could not be reached (None: it answered) and write the file now."""
        self._problem = problem
        self.write()

    def write(self, *, stopping: bool = False) -> Health:
        """Write the file now; a failure to write is logged, never raised (the bot keeps running)."""
        health = snapshot(self._bot, stopping=stopping, problem=self._problem)
        try:
            write_atomically(self._path, health.to_json())
        except OSError as exc:
            log.warning("could not write the health file %s: %s", self._path, exc)
        self.last = health
        return health

    async def _on_event(self, *_: Any) -> None:
        self.write()

    async def _every_interval(self) -> None:
        while True:
            self.write()
            await asyncio.sleep(self._interval)

    async def __aenter__(self) -> Self:
        for event in _EVENTS:
            self._bot.add_listener(self._on_event, event)
        self._task = asyncio.get_running_loop().create_task(self._every_interval(), name="qotd-health")
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for event in _EVENTS:
            self._bot.remove_listener(self._on_event, event)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.write(stopping=True)
