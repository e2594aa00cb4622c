"""Reading durations people type: ``90m``, ``6h``, ``1h30m``, ``2 hours``, or plain minutes."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.domain.errors import DomainError, echo

# Only from the first digit of a number: tried from every digit of a long run, `\d+` rescanned
# the rest of the run each time (6,000 typed digits stalled the loop for over a second).
_PART = re.compile(r"(?<!\d)(\d+)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m)", re.IGNORECASE)
_UNIT_MINUTES = {"d": 1440, "h": 60, "m": 1}


class InvalidDuration(DomainError):
    def __init__(self, text: str) -> None:
        super().__init__(f"I can't read {echo(text)} as a duration; try 90m, 6h or 1h30m.")


def parse_duration(text: str) -> timedelta:
    """A positive duration; a bare number means minutes. Raises ``InvalidDuration``."""
    cleaned = text.strip()
    if cleaned.isdigit():
        minutes = int(cleaned)
    else:
        parts = _PART.findall(cleaned)
        if not parts or _PART.sub("", cleaned).strip(" ,and"):
            raise InvalidDuration(text)
        minutes = sum(int(n) * _UNIT_MINUTES[unit[0].lower()] for n, unit in parts)
    if minutes <= 0:
        raise InvalidDuration(text)
    return timedelta(minutes=minutes)


def describe(delta: timedelta) -> str:
    """``1h 30m`` style, for messages."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{mins}m" if mins else ""]
    return " ".join(p for p in parts if p) or "0m"
