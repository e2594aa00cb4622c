"""The gateway: HELLO, IDENTIFY/READY/GUILD_CREATE, heartbeats, RESUME/RESUMED, INVALID_SESSION, dispatch.

Speaks what discord.py 2.7 speaks: JSON encoding, ``zlib-stream`` transport compression (one
zlib context per connection, each message ended by a sync flush) or ``zstd-stream`` when the
``zstandard`` module is present (discord.py asks for it then), or no compression.

Sessions outlive their connection: events dispatched while the bot is disconnected are kept
(up to ``resume_buffer`` of them) and replayed after a RESUME, as Discord does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from . import payloads
from .state import World

try:  # pragma: no cover - only when zstandard is installed
    import zstandard
except ImportError:  # pragma: no cover
    zstandard = None

HELLO, HEARTBEAT, IDENTIFY, RESUME, REQUEST_MEMBERS = 10, 1, 2, 6, 8
DISPATCH, HEARTBEAT_ACK, INVALID_SESSION, RECONNECT = 0, 11, 9, 7

GUILDS = 1 << 0
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12

# Close codes the API uses.
UNKNOWN_ERROR = 4000
NOT_AUTHENTICATED = 4003
AUTHENTICATION_FAILED = 4004
INVALID_SHARD = 4010
SHARDING_REQUIRED = 4011
ALREADY_AUTHENTICATED = 4005
DECODE_ERROR = 4002


def _compressor(kind: str | None) -> Callable[[str], bytes] | None:
    if kind is None:
        return None
    if kind == "zlib-stream":
        context = zlib.compressobj()
        return lambda text: context.compress(text.encode()) + context.flush(zlib.Z_SYNC_FLUSH)
    if kind == "zstd-stream" and zstandard is not None:  # pragma: no cover - needs zstandard
        zcontext = zstandard.ZstdCompressor().compressobj()
        return lambda text: (
            zcontext.compress(text.encode()) + zcontext.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
        )
    raise ValueError(f"unsupported gateway compression {kind!r}")


class Connection:
    """One websocket. Outgoing frames go through a queue so dispatch never waits for the network."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request, compress: str | None) -> None:
        self.ws = ws
        self.path = request.path
        self._transport = request.transport
        self._compress = _compressor(compress)
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self.closed_by_server = False
        self._writer = asyncio.create_task(self._write(), name="emulator-gateway-writer")

    def send(self, text: str) -> None:
        self._queue.put_nowait(text)

    def send_op(self, op: int, data: Any = None) -> None:
        self.send(json.dumps({"op": op, "d": data}))

    async def _write(self) -> None:
        while True:
            text = await self._queue.get()
            if self.ws.closed:
                return
            try:
                if self._compress is None:
                    await self.ws.send_str(text)
                else:
                    await self.ws.send_bytes(self._compress(text))
            except (ConnectionError, RuntimeError):
                return

    async def close(self, code: int | None) -> None:
        """Close with ``code``; ``None`` drops the TCP connection without a close frame."""
        self.closed_by_server = True
        self._writer.cancel()
        if code is None:
            if self._transport is not None:
                self._transport.abort()
            return
        with contextlib.suppress(asyncio.TimeoutError, ConnectionError, RuntimeError):
            await asyncio.wait_for(self.ws.close(code=code, message=b"emulator"), timeout=2.0)

    async def stop(self) -> None:
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer


class Session:
    __slots__ = ("buffer", "closed_at", "connection", "id", "intents", "seq", "shard")

    def __init__(self, shard: tuple[int, int], intents: int, resume_buffer: int) -> None:
        self.id = secrets.token_hex(16)
        self.shard = shard
        self.intents = intents
        self.seq = 0
        self.buffer: deque[tuple[int, str]] = deque(maxlen=resume_buffer)
        self.connection: Connection | None = None
        self.closed_at: float | None = None

    def handles(self, guild_id: int | None) -> bool:
        shard_id, count = self.shard
        if guild_id is None:
            return shard_id == 0
        return (guild_id >> 22) % count == shard_id

    def dispatch(self, event: str, data: Any) -> int:
        self.seq += 1
        text = json.dumps({"op": DISPATCH, "t": event, "s": self.seq, "d": data})
        self.buffer.append((self.seq, text))
        if self.connection is not None:
            self.connection.send(text)
        return self.seq

    def can_resume_from(self, seq: int) -> bool:
        if seq >= self.seq:
            return True
        return bool(self.buffer) and self.buffer[0][0] <= seq + 1


class Gateway:
    """All sessions and connections of the emulated bot user."""

    def __init__(
        self,
        world: World,
        *,
        token: str,
        heartbeat_interval: float,
        resume_buffer: int = 5000,
        session_ttl: float = 120.0,
        max_guilds_per_shard: int = 2500,
    ) -> None:
        self.world = world
        self.token = token
        self.heartbeat_interval = heartbeat_interval
        self.resume_buffer = resume_buffer
        self.session_ttl = session_ttl
        self.max_guilds_per_shard = max_guilds_per_shard
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.resume_url = ""  # set by the server once it knows its port
        self.counts: Counter[str] = Counter()  # identify, resume, invalid_session, connect, ...
        self.connect_paths: list[str] = []
        self._closing: set[asyncio.Task[None]] = set()

    # -- websocket handling ---------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoclose=True)
        await ws.prepare(request)
        compress = request.query.get("compress")
        if request.query.get("encoding", "json") != "json":
            await ws.close(code=DECODE_ERROR, message=b"only json encoding is emulated")
            return ws
        try:
            connection = Connection(ws, request, compress)
        except ValueError as exc:
            await ws.close(code=UNKNOWN_ERROR, message=str(exc).encode())
            return ws
        self.connections.add(connection)
        self.counts["connect"] += 1
        self.connect_paths.append(request.path)
        connection.send_op(HELLO, {"heartbeat_interval": int(self.heartbeat_interval * 1000)})
        session: Session | None = None
        try:
            async for message in ws:
                if message.type is WSMsgType.ERROR:
                    break
                if message.type is not WSMsgType.TEXT:
                    await connection.close(DECODE_ERROR)
                    break
                frame = json.loads(message.data)
                session = await self._on_frame(connection, session, frame)
        finally:
            self.connections.discard(connection)
            await connection.stop()
            if session is not None and session.connection is connection:
                session.connection = None
                session.closed_at = time.monotonic()
                # A client that closes with 1000/1001 ends its session (it cannot be resumed).
                if ws.close_code in (1000, 1001) and not connection.closed_by_server:
                    self.sessions.pop(session.id, None)
        return ws

    async def _on_frame(
        self, connection: Connection, session: Session | None, frame: dict[str, Any]
    ) -> Session | None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            connection.send_op(HEARTBEAT_ACK)
        elif op == IDENTIFY:
            if session is not None:
                await connection.close(ALREADY_AUTHENTICATED)
            elif data.get("token") != self.token:
                await connection.close(AUTHENTICATION_FAILED)
            else:
                return await self._identify(connection, data)
        elif op == RESUME:
            return self._resume(connection, data)
        elif op == REQUEST_MEMBERS:
            if session is None:
                await connection.close(NOT_AUTHENTICATED)
            else:
                self._members_chunk(session, data)
        return session

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> Session | None:
        shard_id, shard_count = data.get("shard") or (0, 1)
        if not 0 <= shard_id < shard_count:
            await connection.close(INVALID_SHARD)
            return None
        session = Session((shard_id, shard_count), int(data.get("intents", 0)), self.resume_buffer)
        guilds = [g for g in self.world.guilds.values() if session.handles(g.id)]
        if len(guilds) > self.max_guilds_per_shard:
            # Discord refuses a connection that would carry more than 2,500 guilds.
            await connection.close(SHARDING_REQUIRED)
            return None
        self.sessions[session.id] = session
        session.connection = connection
        self.counts["identify"] += 1
        self._prune()
        session.dispatch(
            "READY",
            {
                "v": 10,
                "user": {
                    **payloads.user(self.world.bot),
                    "verified": True,
                    "mfa_enabled": False,
                    "email": None,
                },
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": self.resume_url,
                "shard": [shard_id, shard_count],
                "application": {"id": str(self.world.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "auth": {},
                "user_settings": {},
            },
        )
        for index, guild in enumerate(guilds):
            session.dispatch("GUILD_CREATE", payloads.guild_create(self.world, guild))
            if index % 200 == 199:
                await asyncio.sleep(0)  # keep the REST side answering while 10,000 guilds stream out
        return session

    def _resume(self, connection: Connection, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get(str(data.get("session_id")))
        seq = int(data.get("seq") or 0)
        if session is None or data.get("token") != self.token or not session.can_resume_from(seq):
            self.counts["invalid_session"] += 1
            connection.send_op(INVALID_SESSION, False)
            return None
        old = session.connection
        if old is not None and old is not connection:
            closing = asyncio.get_running_loop().create_task(old.close(UNKNOWN_ERROR))
            self._closing.add(closing)
            closing.add_done_callback(self._closing.discard)
        session.connection = connection
        session.closed_at = None
        self.counts["resume"] += 1
        for event_seq, text in session.buffer:
            if event_seq > seq:
                connection.send(text)
        session.dispatch("RESUMED", {})
        return session

    def _members_chunk(self, session: Session, data: dict[str, Any]) -> None:
        guild = self.world.guilds.get(int(data["guild_id"]))
        if guild is None:
            return
        wanted = {int(u) for u in data.get("user_ids") or []}
        members = [m for m in guild.members.values() if not wanted or m.user_id in wanted]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [payloads.member(self.world, m) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(u) for u in wanted - set(guild.members)],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    def _prune(self) -> None:
        now = time.monotonic()
        for sid in [
            s.id for s in self.sessions.values() if s.closed_at and now - s.closed_at > self.session_ttl
        ]:
            del self.sessions[sid]

    # -- what the rest of the emulator calls ------------------------------------------------------
    def dispatch(self, event: str, data: Any, *, guild_id: int | None, intent: int | None = None) -> int:
        """Send an event to every session that would get it; returns how many did."""
        reached = 0
        for session in list(self.sessions.values()):
            if session.handles(guild_id) and (intent is None or session.intents & intent):
                session.dispatch(event, data)
                reached += 1
        return reached

    @property
    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.connection is not None]

    async def drop(self, code: int | None = UNKNOWN_ERROR) -> int:
        """Close every connection (sessions stay resumable unless the code says otherwise)."""
        dropped = list(self.connections)
        for connection in dropped:
            await connection.close(code)
        self.counts["dropped"] += len(dropped)
        return len(dropped)

    def invalidate(self, *, resumable: bool = False) -> None:
        """Send INVALID_SESSION to every live session; a non-resumable one is forgotten."""
        for session in self.live_sessions:
            assert session.connection is not None
            session.connection.send_op(INVALID_SESSION, resumable)
            if not resumable:
                self.sessions.pop(session.id, None)

    def request_reconnect(self) -> None:
        """Op 7: ask every live session to reconnect and resume."""
        for session in self.live_sessions:
            assert session.connection is not None
            session.connection.send_op(RECONNECT)

    async def close(self) -> None:
        for connection in list(self.connections):
            await connection.close(1001)
            await connection.stop()
