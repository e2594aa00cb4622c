"""Extract the request-body schemas the emulator validates from Discord's OpenAPI description.

Run from the repository root to regenerate ``tests/wire/spec/requests.json``::

    .venv/bin/python tests/wire/spec/vendor.py [path/to/openapi.json]

The source is Discord's official (MIT licensed, see ``LICENSE`` here) OpenAPI 3.1 description,
by default ``../shared/discord-api-spec/openapi.json`` next to the repository. Only the
``application/json`` request bodies of the routes in ``ROUTES`` and the query parameters of the
routes in ``QUERY_ROUTES`` (as one object schema per route) are kept; every
``#/components/schemas/X`` they reach is copied into ``$defs`` and the references are rewritten
to ``#/$defs/X``, so the output is one self-contained JSON Schema (2020-12) document.

``OVERLAYS`` lists the few places where the preview spec disagrees with what the live API
accepts or enforces for a bot; each is applied on top of the extracted schemas and recorded in
the output with its reason.
"""

from __future__ import annotations

import copy
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "requests.json"
DEFAULT_SOURCE = HERE.parents[2].parent / "shared" / "discord-api-spec" / "openapi.json"
COMPONENT_PREFIX = "#/components/schemas/"
DEFS_PREFIX = "#/$defs/"

# (method, spec path): the routes with a body that the emulator serves.
ROUTES: tuple[tuple[str, str], ...] = (
    ("PUT", "/applications/{application_id}/commands"),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"),
    ("POST", "/channels/{channel_id}/messages"),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
    ("POST", "/channels/{channel_id}/messages/{message_id}/threads"),
    ("POST", "/channels/{channel_id}/threads"),
    ("POST", "/users/@me/channels"),
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"),
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
)

# (method, spec path): the routes whose query string the emulator checks (values arrive as text;
# the validator reads digit strings as integers before checking).
QUERY_ROUTES: tuple[tuple[str, str], ...] = (("GET", "/channels/{channel_id}/messages"),)


@dataclass(frozen=True)
class Overlay:
    """Replace the value at ``pointer`` (a JSON pointer into ``$defs``) with ``value``."""

    pointer: str
    value: Any
    reason: str


_PERMISSIONS = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": 18014398509481983},
        {"type": "string", "pattern": "^[0-9]+$"},
        {"type": "null"},
    ]
}
_BOT_CONTENT = {"type": ["string", "null"], "maxLength": 2000}

OVERLAYS: tuple[Overlay, ...] = (
    Overlay(
        "/SnowflakeType",
        {
            "anyOf": [
                {"type": "string", "pattern": "^(0|[1-9][0-9]*)$"},
                {"type": "integer", "minimum": 0},
            ]
        },
        "The API accepts snowflakes as JSON integers too, and discord.py sends them so "
        "(allowed_mentions.users, message_reference.message_id, ...).",
    ),
    *(
        Overlay(
            f"/{name}/properties/default_member_permissions",
            _PERMISSIONS,
            "The API documents default_member_permissions as a bitfield string and discord.py sends a string.",
        )
        for name in ("ApplicationCommandUpdateRequest",)
    ),
    *(
        Overlay(
            f"/{name}/properties/content",
            _BOT_CONTENT,
            "Bots may send at most 2,000 characters of content; the preview spec allows the "
            "4,000 of Nitro users, the live API answers a bot with 50035 BASE_TYPE_MAX_LENGTH.",
        )
        for name in ("MessageCreateRequest", "MessageEditRequestPartial", "IncomingWebhookRequestPartial")
    ),
)


def _refs_in(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
            found.add(ref.removeprefix(COMPONENT_PREFIX))
        for value in node.values():
            found |= _refs_in(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs_in(value)
    return found


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        out = {key: _rewrite_refs(value) for key, value in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
            out["$ref"] = DEFS_PREFIX + ref.removeprefix(COMPONENT_PREFIX)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(value) for value in node]
    return node


def _set_pointer(document: dict[str, Any], pointer: str, value: Any) -> None:
    parts = [part.replace("~1", "/").replace("~0", "~") for part in pointer.strip("/").split("/")]
    target: Any = document
    for part in parts[:-1]:
        target = target[part]
    if parts[-1] not in target:
        raise KeyError(f"overlay target {pointer} does not exist in the spec any more")
    target[parts[-1]] = copy.deepcopy(value)


def extract(spec: dict[str, Any]) -> dict[str, Any]:
    """Build the vendored document from the full OpenAPI description."""
    components: dict[str, Any] = spec["components"]["schemas"]
    routes: dict[str, Any] = {}
    pending: set[str] = set()
    for method, path in ROUTES:
        operation = spec["paths"][path][method.lower()]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        routes[f"{method} {path}"] = _rewrite_refs(schema)
        pending |= _refs_in(schema)
    queries: dict[str, Any] = {}
    for method, path in QUERY_ROUTES:
        operation = spec["paths"][path][method.lower()]
        parameters = [p for p in operation.get("parameters", ()) if p.get("in") == "query"]
        schema = {
            "type": "object",
            "properties": {p["name"]: p["schema"] for p in parameters},
            "required": [p["name"] for p in parameters if p.get("required")],
            "additionalProperties": False,
        }
        queries[f"{method} {path}"] = _rewrite_refs(schema)
        pending |= _refs_in(schema)

    defs: dict[str, Any] = {}
    while pending:
        name = pending.pop()
        if name in defs:
            continue
        defs[name] = _rewrite_refs(components[name])
        pending |= _refs_in(components[name]) - defs.keys()

    for overlay in OVERLAYS:
        _set_pointer(defs, overlay.pointer, overlay.value)

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "source": {
            "title": spec["info"]["title"],
            "version": spec["info"]["version"],
            "openapi": spec["openapi"],
            "license": "MIT (see LICENSE next to this file)",
        },
        "overlays": [{"pointer": f"#/$defs{o.pointer}", "reason": o.reason} for o in OVERLAYS],
        "routes": dict(sorted(routes.items())),
        "queries": dict(sorted(queries.items())),
        "$defs": dict(sorted(defs.items())),
    }


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    raw = source.read_bytes()
    document = extract(json.loads(raw))
    document["source"]["sha256"] = hashlib.sha256(raw).hexdigest()
    OUTPUT.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(document['routes'])} routes, {len(document['$defs'])} schemas)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
