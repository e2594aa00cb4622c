"""Pacing of the bot's own fan-out below Discord's global limit of 50 requests per second.

discord.py backs off only after a 429; posting to two thousand servers in one
minute without pacing would lean on 429s (and risk a temporary ban). Each
scheduled send first takes a token from this bucket.
"""

from __future__ import annotations

import asyncio


class Pacer:
    """A token bucket: ``rate`` requests per second with bursts of at most ``burst``.

    In any one second at most ``rate + burst`` requests go out. Tokens are counted from the
    time that really passed, so a sleep that wakes late (the event loop wakes on whole
    milliseconds, later when busy) leaves its extra time in the bucket for the next request
    instead of losing it; with ``burst=1`` there is no room for that, and a pace of 45 per
    second came out at about 42.
    """

    def __init__(self, rate: float, *, burst: int = 1) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self._interval = 1.0 / rate
        self._burst = burst
        self._tokens = float(burst)
        self._updated: float | None = None
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Wait until one more request may go out."""
        async with self._lock:
            loop = asyncio.get_running_loop()
            while True:
                now = loop.time()
                if self._updated is not None:
                    self._tokens = min(self._burst, self._tokens + (now - self._updated) / self._interval)
                self._updated = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) * self._interval)
