"""Discord's rate limits: per-route buckets (per major parameter) and the global per-token limit.

Headers follow https://discord.com/developers/docs/topics/rate-limits: every answer on a limited
route carries ``X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket``; a 429 adds ``Retry-After``,
``X-RateLimit-Scope`` and (for the global limit) ``X-RateLimit-Global: true``, with the JSON body
``{"message": "You are being rate limited.", "retry_after": s, "global": bool}``.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MESSAGE_CREATE = "POST /channels/{channel_id}/messages"


@dataclass(frozen=True, slots=True)
class Rule:
    limit: int
    per: float  # seconds


@dataclass
class RateLimitConfig:
    """Which bucket each route gets. ``routes`` maps ``"METHOD /template"`` to a rule."""

    global_per_second: int = 50
    default: Rule = Rule(50, 1.0)
    routes: dict[str, Rule] = field(default_factory=lambda: {MESSAGE_CREATE: Rule(5, 5.0)})

    def rule(self, route: str) -> Rule:
        return self.routes.get(route, self.default)


@dataclass(slots=True)
class _Window:
    count: int
    resets_at: float  # time.monotonic()


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the limiter decided for one request: headers to add, and a 429 body if refused."""

    headers: dict[str, str]
    refused: dict[str, Any] | None = None
    scope: str | None = None


def _limited(retry_after: float, *, is_global: bool) -> dict[str, Any]:
    return {
        "message": "You are being rate limited.",
        "retry_after": round(retry_after, 3),
        "global": is_global,
    }


class RateLimiter:
    """Fixed windows that start at a bucket's first request, like Discord's."""

    def __init__(self, config: RateLimitConfig) -> None:
        self.config = config
        self._buckets: dict[tuple[str, str], _Window] = {}
        self._global = _Window(0, 0.0)
        self.refusals: Counter[str] = Counter()  # 429s by scope: "global", "user"

    @staticmethod
    def bucket_hash(route: str) -> str:
        return hashlib.sha1(route.encode()).hexdigest()[:32]

    def check_global(self, now: float | None = None) -> Verdict | None:
        """Count one request against the per-token limit; a Verdict only when it is refused."""
        now = time.monotonic() if now is None else now
        window = self._global
        if now >= window.resets_at:
            window.count, window.resets_at = 0, now + 1.0
        if window.count >= self.config.global_per_second:
            retry = window.resets_at - now
            self.refusals["global"] += 1
            headers = {
                "Retry-After": str(max(1, math.ceil(retry))),
                "X-RateLimit-Global": "true",
                "X-RateLimit-Scope": "global",
            }
            return Verdict(headers, _limited(retry, is_global=True), "global")
        window.count += 1
        return None

    def take(self, route: str, major: str, now: float | None = None) -> Verdict:
        """Count one request in its bucket; refuse (scope ``user``) once the bucket is empty."""
        now = time.monotonic() if now is None else now
        rule = self.config.rule(route)
        key = (route, major)
        window = self._buckets.get(key)
        if window is None or now >= window.resets_at:
            window = self._buckets[key] = _Window(0, now + rule.per)
        reset_after = max(0.0, window.resets_at - now)
        headers = {
            "X-RateLimit-Limit": str(rule.limit),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": self.bucket_hash(route),
        }
        if window.count >= rule.limit:
            self.refusals["user"] += 1
            headers.update(
                {
                    "X-RateLimit-Remaining": "0",
                    "Retry-After": str(max(1, math.ceil(reset_after))),
                    "X-RateLimit-Scope": "user",
                }
            )
            return Verdict(headers, _limited(reset_after, is_global=False), "user")
        window.count += 1
        headers["X-RateLimit-Remaining"] = str(rule.limit - window.count)
        return Verdict(headers)
