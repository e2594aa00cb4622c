"""The emulator: one aiohttp server on 127.0.0.1 with REST under /api/v10, the gateway, and /_emu control.

Each REST request goes through, in order: latency, route match (unknown routes are recorded and
answered 404 ``{"message": "404: Not Found", "code": 0}``), authorization, an injected 5xx that
strikes before the request takes effect, the global limit, the route's bucket, body parsing and
validation against the vendored OpenAPI schemas, the handler, and an injected 5xx that strikes
after it took effect.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from . import control, events, rest_core, rest_interactions, rest_messages  # noqa: F401 - they register routes
from .errors import INVALID_FORM_BODY, INVALID_JSON, ApiError, plain
from .faults import AFTER, BEFORE, Faults, Injection
from .gateway import Gateway
from .interactions import EPHEMERAL, Interaction
from .members import MemberActions, as_id
from .messaging import Attachments
from .ratelimits import RateLimitConfig, RateLimiter
from .recording import RequestRecord
from .routing import Call, Reply, UploadedFile, knows_path, match
from .state import TEXT, Channel, Guild, Message, World
from .validation import Problem, RequestValidator, ValidationFailure, errors_tree

DEFAULT_TOKEN = "emulated.bot.token"
API_PREFIX = "/api/v10"
# Interaction callbacks and the interaction webhook take no bot token and do not count
# against the global limit (Discord documents both).
_TOKENLESS = ("/interactions/", "/webhooks/")
_MAJOR = ("channel_id", "guild_id", "webhook_id", "interaction_id")
_EDGE_ERRORS = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def _json(status: int, body: Any, headers: dict[str, str]) -> web.Response:
    # discord.py reads JSON only when Content-Type is exactly "application/json".
    if status == 204 or body is None:
        return web.Response(status=status, headers=headers)
    return web.Response(
        status=status, body=json.dumps(body).encode(), headers={**headers, "Content-Type": "application/json"}
    )


def _server_error(status: int) -> web.Response:
    headers = {"Via": "1.1 google"}
    if status in _EDGE_ERRORS:  # the edge answers these with HTML, as Cloudflare does
        html = f"<html><head><title>{status} {_EDGE_ERRORS[status]}</title></head></html>"
        return web.Response(status=status, text=html, content_type="text/html", headers=headers)
    return _json(status, plain(status), headers)


def _parse_body(content_type: str, raw: bytes) -> tuple[Any, list[UploadedFile]]:
    if not raw:
        return None, []
    if content_type.startswith("multipart/form-data"):
        document = email.message_from_bytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw, policy=email.policy.HTTP
        )
        body: Any = None
        files: list[UploadedFile] = []
        for part in document.iter_parts():
            name = part.get_param("name", header="content-disposition")
            data = part.get_payload(decode=True) or b""
            if name == "payload_json":
                body = json.loads(data)
            elif isinstance(name, str):
                files.append(UploadedFile(name, part.get_filename() or name, part.get_content_type(), data))
        return body, files
    return json.loads(raw), []


class Emulator(MemberActions):
    """A Discord API and gateway for one bot, on 127.0.0.1 and a free port.

    ``async with Emulator(guilds=3) as emu:`` then point discord.py at ``emu.base_url`` /
    ``emu.gateway_url`` (see ``point_discord_at``) and start a bot with ``emu.token``.
    """

    def __init__(
        self,
        *,
        guilds: int = 1,
        channels_per_guild: int = 2,
        members_per_guild: int = 3,
        token: str = DEFAULT_TOKEN,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limits: RateLimitConfig | None = None,
        interaction_deadline: float = 3.0,
        followup_ttl: float = 15 * 60.0,
        nonce_window: float = 5 * 60.0,
        heartbeat_interval: float = 41.25,
        max_guilds_per_shard: int = 2500,
        seed: int = 0,
        validate: bool = True,
        world: World | None = None,
    ) -> None:
        self.world = world or World.seeded(
            guilds=guilds, channels_per_guild=channels_per_guild, members_per_guild=members_per_guild
        )
        self.token = token
        self.host = host
        self.port = port
        self.interaction_deadline = interaction_deadline
        self.followup_ttl = followup_ttl
        self.nonce_window = nonce_window
        self.validate = validate
        self.limiter = RateLimiter(rate_limits or RateLimitConfig())
        self.faults = Faults(seed=seed)
        self.gateway = Gateway(
            self.world,
            token=token,
            heartbeat_interval=heartbeat_interval,
            max_guilds_per_shard=max_guilds_per_shard,
        )
        self.attachments = Attachments("")
        self.requests: list[RequestRecord] = []
        self.validation_failures: list[ValidationFailure] = []
        self.interactions: dict[int, Interaction] = {}
        self.interactions_by_token: dict[str, Interaction] = {}
        self.nonce_hits = 0  # sends answered with an earlier message because of enforce_nonce
        self._validator = RequestValidator.vendored() if validate else None
        self._latency_rng = random.Random(seed)
        self._runner: web.AppRunner | None = None

    # -- lifecycle ---------------------------------------------------------------------------------
    async def start(self) -> Self:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._api)
        for path in ("/gateway", "/gateway/", "/resume", "/resume/"):
            app.router.add_get(path, self.gateway.handle)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._attachment)
        control.add_routes(app, self)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self.gateway.resume_url = f"ws://{self.host}:{self.port}/resume"
        self.attachments.base_url = self.origin
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        await self.gateway.close()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What ``discord.http.Route.BASE`` must be."""
        return self.origin + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    @property
    def control_url(self) -> str:
        return self.origin + "/_emu"

    def now(self) -> datetime:
        return datetime.now(UTC)

    # -- REST --------------------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        path = request.path.removeprefix(API_PREFIX)
        target = request.path_qs.removeprefix(API_PREFIX)
        found = match(request.method, path)
        record = RequestRecord(time.monotonic(), request.method, target, found[0].key if found else None)
        self.requests.append(record)
        response = await self._serve(request, raw, path, found, record)
        record.status = response.status
        return response

    async def _serve(
        self,
        request: web.Request,
        raw: bytes,
        path: str,
        found: tuple[Any, dict[str, str]] | None,
        record: RequestRecord,
    ) -> web.StreamResponse:
        delay = self.faults.delay(self._latency_rng)
        if delay:
            await asyncio.sleep(delay)
        base = {"Via": "1.1 google"}
        if found is None:
            return _json(405 if knows_path(path) else 404, plain(405 if knows_path(path) else 404), base)
        route, params = found
        tokenless = path.startswith(_TOKENLESS)
        if not tokenless and request.headers.get("Authorization") != f"Bot {self.token}":
            return _json(401, plain(401), base)

        injection = self.faults.draw(route.key, f"{request.method} {record.path}", raw)
        if injection is not None and injection.when == BEFORE:
            return self._inject(injection, record)
        if not tokenless:
            refused = self.limiter.check_global()
            if refused is not None:
                record.limited, record.headers = refused.scope, refused.headers
                return _json(429, refused.refused, {**base, **refused.headers})
        major = "+".join(params[k] for k in _MAJOR if k in params)
        verdict = self.limiter.take(route.key, major)
        headers = {**base, **verdict.headers}
        record.headers = verdict.headers
        if verdict.refused is not None:
            record.limited = verdict.scope
            return _json(429, verdict.refused, headers)

        try:
            body, files = _parse_body(request.headers.get("Content-Type", ""), raw)
        except (ValueError, UnicodeDecodeError):
            return _json(400, ApiError(INVALID_JSON).body(), headers)
        record.body = body
        problems: tuple[Problem, ...] = ()
        if self._validator is not None and self._validator.covers(route.key):
            problems = self._validator.check(route.key, body)
        if self._validator is not None and self._validator.covers_query(route.key):
            problems += self._validator.check_query(route.key, request.query)
        if problems:
            self.validation_failures.append(
                ValidationFailure(route.key, f"{request.method} {record.path}", problems)
            )
            return _json(400, ApiError(INVALID_FORM_BODY, errors=errors_tree(problems)).body(), headers)

        try:
            reply: Reply = await route.handler(Call(self, route.key, params, request.query, body, files))
        except ApiError as error:
            reply = Reply(error.status, error.body())
        if injection is not None and injection.when == AFTER:
            return self._inject(injection, record)
        return _json(reply.status, reply.body, headers)

    def _inject(self, injection: Injection, record: RequestRecord) -> web.Response:
        record.injected = f"{injection.status}/{injection.when}"
        return _server_error(injection.status)

    async def _attachment(self, request: web.Request) -> web.Response:
        data = self.attachments.data.get(int(request.match_info["attachment_id"]))
        if data is None:
            return _json(404, plain(404), {})
        return web.Response(body=data, content_type="application/octet-stream")

    # -- what tests read ---------------------------------------------------------------------------
    @property
    def guilds(self) -> list[Guild]:
        return list(self.world.guilds.values())

    def text_channels(self, guild: Guild | int) -> list[Channel]:
        g = self.world.guild(as_id(guild))
        return [self.world.channels[c] for c in g.channel_ids if self.world.channels[c].type == TEXT]

    def members(self, guild: Guild | int, *, humans: bool = True) -> list[int]:
        g = self.world.guild(as_id(guild))
        return [uid for uid in g.members if not (humans and self.world.users[uid].bot)]

    def messages(self, channel: Channel | int | None = None, *, ephemeral: bool = False) -> list[Message]:
        """Messages that exist now, oldest first (all channels when ``channel`` is None).

        Ephemeral interaction answers (seen only by one member) are left out unless asked for.
        """
        found = (
            sorted(self.world.messages.values(), key=lambda m: m.id)
            if channel is None
            else self.world.channel_messages_of(as_id(channel))
        )
        return [m for m in found if ephemeral or not m.flags & EPHEMERAL]

    def original_message(self, interaction: Interaction) -> Message:
        """The message that answers an interaction (``KeyError`` while there is none)."""
        return self.world.messages[interaction.original_message_id or 0]

    @property
    def unknown_requests(self) -> list[RequestRecord]:
        return [r for r in self.requests if r.route is None]

    def take_unknown_requests(self) -> list[RequestRecord]:
        """Return and forget the requests to unknown routes (for tests that provoke them)."""
        unknown = self.unknown_requests
        self.requests = [r for r in self.requests if r.route is not None]
        return unknown

    def take_validation_failures(self) -> list[ValidationFailure]:
        """Return and forget the recorded validation failures (for tests that provoke them)."""
        failures, self.validation_failures = self.validation_failures, []
        return failures

    def stats(self) -> dict[str, Any]:
        statuses = Counter(r.status for r in self.requests)
        return {
            "requests": len(self.requests),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "rate_limited": dict(self.limiter.refusals),
            "injected": dict(self.faults.injected),
            "unknown_routes": len(self.unknown_requests),
            "validation_failures": len(self.validation_failures),
            "nonce_hits": self.nonce_hits,
            "messages": len(self.world.messages),
            "gateway": dict(self.gateway.counts),
            "interactions": len(self.interactions),
            "late_callbacks": sum(ix.late_callbacks for ix in self.interactions.values()),
        }

    async def wait_until(
        self, condition: Callable[[], bool], *, within: float = 5.0, what: str = "condition"
    ) -> None:
        """Poll ``condition`` every 10 ms; ``TimeoutError`` naming ``what`` after ``within`` seconds."""
        deadline = time.monotonic() + within
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {within}s waiting for {what}")
            await asyncio.sleep(0.01)

    # -- fault switches ----------------------------------------------------------------------------
    async def drop_gateway(self, code: int | None = 4000) -> int:
        """Close every gateway connection with ``code`` (``None``: cut TCP without a close frame)."""
        return await self.gateway.drop(code)

    def invalidate_sessions(self, *, resumable: bool = False) -> None:
        self.gateway.invalidate(resumable=resumable)

    def delete_channel(self, channel: Channel | int) -> None:
        """The channel disappears (as if an admin deleted it); the bot gets CHANNEL_DELETE."""
        removed = self.world.remove_channel(as_id(channel))
        events.channel_changed(self.gateway, self.world, removed, "CHANNEL_DELETE")

    def set_bot_permissions(self, channel: Channel | int, *, allow: int = 0, deny: int = 0) -> None:
        """A member overwrite for the bot on the channel (a thread's parent); the bot gets CHANNEL_UPDATE."""
        changed = self.world.set_member_overwrite(as_id(channel), self.world.bot.id, allow=allow, deny=deny)
        events.channel_changed(self.gateway, self.world, changed, "CHANNEL_UPDATE")

    def revoke(self, channel: Channel | int, permission: int) -> None:
        """Deny the bot ``permission`` (bits from ``permissions``) in the channel."""
        self.set_bot_permissions(channel, deny=permission)

    def close_dms(self, user: Any) -> None:
        """The user no longer accepts DMs: sending to them answers 50007."""
        self.world.user(as_id(user)).dms_open = False
