"""What the emulator saw: one record per REST request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class RequestRecord:
    at: float  # time.monotonic() on arrival
    method: str
    path: str  # below /api/v10, with the query string
    route: str | None  # "METHOD /template", None for an unknown route
    body: Any = None  # parsed JSON (or payload_json) as sent
    status: int = 0
    injected: str | None = None  # "502/before", "500/after", ...
    limited: str | None = None  # 429 scope: "global" or "user"
    headers: dict[str, str] | None = None  # the answer's rate-limit headers

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "method": self.method,
            "path": self.path,
            "route": self.route,
            "body": self.body,
            "status": self.status,
            "injected": self.injected,
            "limited": self.limited,
            "headers": self.headers,
        }
