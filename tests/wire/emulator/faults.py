"""Fault switches for the REST side: injected 5xx answers and added latency.

An injected error either happens *before* the request takes effect (a proxy refusing it) or
*after* (the message was stored but the answer was lost: a 502 from the edge, a timeout). The
second kind is what makes a retried POST without a nonce post twice.

Whether a request fails is drawn from an RNG seeded with the seed, the route, the body and how
often that same request was seen, so a run gives the same outcome for the same requests however
the event loop interleaves them. A JSON body's ``nonce`` is left out of that identity: discord.py
draws a random nonce for every ``send``, which would otherwise make each run's faults different.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

BEFORE = "before"
AFTER = "after"


@dataclass(frozen=True, slots=True)
class Injection:
    status: int
    when: str  # BEFORE or AFTER


@dataclass
class Faults:
    """Current switches. Change them with ``configure(...)`` at any time (also via the control API)."""

    error_share: float = 0.0
    error_statuses: tuple[int, ...] = (500, 502, 503)
    error_route: str | None = None  # regex searched in "METHOD /template", e.g. "POST /channels/.*/messages$"
    after_effect_share: float = (
        0.0  # of the injected errors, the share that strike after the request took effect
    )
    latency: float = 0.0  # seconds added to every REST answer
    latency_jitter: float = 0.0  # plus uniform(0, jitter)
    seed: int = 0
    injected: Counter[str] = field(default_factory=Counter)  # "500/after", ...
    _seen: Counter[str] = field(default_factory=Counter, repr=False)

    def configure(self, **changes: Any) -> None:
        for name, value in changes.items():
            if name.startswith("_") or name == "injected" or not hasattr(self, name):
                raise AttributeError(f"unknown fault switch {name!r}")
            if name == "error_statuses":
                value = tuple(int(v) for v in value)
            setattr(self, name, value)
        if not 0.0 <= self.error_share <= 1.0 or not 0.0 <= self.after_effect_share <= 1.0:
            raise ValueError("shares are between 0 and 1")

    def clear(self) -> None:
        """Back to a healthy API (the counters stay)."""
        self.configure(
            error_share=0.0, after_effect_share=0.0, latency=0.0, latency_jitter=0.0, error_route=None
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "error_share": self.error_share,
            "error_statuses": list(self.error_statuses),
            "error_route": self.error_route,
            "after_effect_share": self.after_effect_share,
            "latency": self.latency,
            "latency_jitter": self.latency_jitter,
            "seed": self.seed,
            "injected": dict(self.injected),
        }

    def delay(self, rng: random.Random) -> float:
        return self.latency + (rng.uniform(0, self.latency_jitter) if self.latency_jitter else 0.0)

    def draw(self, route: str, target: str, body: bytes) -> Injection | None:
        """Decide whether this request gets an injected 5xx, and when.

        ``route`` is "METHOD /template" (what ``error_route`` matches), ``target`` "METHOD /path?query".
        """
        if self.error_share <= 0.0 or (self.error_route and not re.search(self.error_route, route)):
            return None
        identity = hashlib.sha256(target.encode() + b"\0" + _without_nonce(body)).hexdigest()
        self._seen[identity] += 1
        rng = random.Random(f"{self.seed}:{identity}:{self._seen[identity]}")
        if rng.random() >= self.error_share:
            return None
        status = rng.choice(self.error_statuses)
        when = AFTER if rng.random() < self.after_effect_share else BEFORE
        self.injected[f"{status}/{when}"] += 1
        return Injection(status, when)


def _without_nonce(body: bytes) -> bytes:
    """The body as the fault draw sees it: a JSON object's random ``nonce`` removed."""
    if not body.startswith(b"{"):
        return body
    try:
        payload = json.loads(body)
    except ValueError:
        return body
    if not isinstance(payload, dict) or "nonce" not in payload:
        return body
    payload.pop("nonce")
    return json.dumps(payload, sort_keys=True).encode()
