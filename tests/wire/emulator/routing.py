"""The REST route table: ``@route("POST", "/channels/{channel_id}/messages")`` registers a handler.

Templates use the OpenAPI description's parameter names, so ``"METHOD /template"`` is both the
rate-limit route key and the key of the vendored request schema.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import INVALID_FORM_BODY, ApiError

if TYPE_CHECKING:
    from .server import Emulator


@dataclass(frozen=True, slots=True)
class UploadedFile:
    field: str  # "files[0]"
    filename: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class Call:
    """One matched REST request, as a handler sees it."""

    emu: Emulator
    route: str
    params: Mapping[str, str]
    query: Mapping[str, str]
    body: Any
    files: list[UploadedFile] = field(default_factory=list)

    def id(self, name: str) -> int:
        raw = self.params[name]
        if not raw.isdigit():
            raise ApiError(
                INVALID_FORM_BODY,
                errors={
                    name: {
                        "_errors": [
                            {"code": "NUMBER_TYPE_COERCE", "message": f'Value "{raw}" is not snowflake.'}
                        ]
                    }
                },
            )
        return int(raw)

    def flag(self, name: str) -> bool:
        return self.query.get(name, "").lower() in ("1", "true")


@dataclass(frozen=True, slots=True)
class Reply:
    status: int = 200
    body: Any = None


Handler = Callable[[Call], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"


ROUTES: list[Route] = []


def _compile(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{\w+\})", template)
    regex = "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{regex}$")


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, template, _compile(template), handler))
        return handler

    return register


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route and its parameters, or ``None``. Literal segments win (``/users/@me`` over ``/users/{user_id}``)."""
    best: tuple[Route, dict[str, str]] | None = None
    for candidate in ROUTES:
        if candidate.method != method:
            continue
        found = candidate.pattern.match(path)
        if found is not None and (best is None or len(found.groupdict()) < len(best[1])):
            best = (candidate, found.groupdict())
    return best


def knows_path(path: str) -> bool:
    """Whether any method is served at ``path`` (a 405 rather than a 404)."""
    return any(candidate.pattern.match(path) for candidate in ROUTES)
