"""Start-up at scale: 10,000 guilds are built and streamed over four shards within seconds."""

from __future__ import annotations

import asyncio
import json
import time
import zlib
from typing import Any

import aiohttp

from .emulator import Emulator

GUILDS = 10_000
SHARDS = 4  # Discord allows at most 2,500 guilds on one connection


async def _shard_guild_ids(http: aiohttp.ClientSession, emulator: Emulator, shard_id: int) -> list[str]:
    """Speak the gateway as discord.py does (zlib-stream) for one shard; the ids its GUILD_CREATEs carry."""
    url = emulator.gateway_url + "?v=10&encoding=json&compress=zlib-stream"
    async with http.ws_connect(url, max_msg_size=0) as ws:
        inflate, pending = zlib.decompressobj(), b""

        async def receive() -> dict[str, Any]:
            nonlocal pending
            while True:
                pending += await ws.receive_bytes(timeout=10)
                if pending.endswith(b"\x00\x00\xff\xff"):  # a whole zlib-stream message
                    text, pending = inflate.decompress(pending), b""
                    return json.loads(text)

        assert (await receive())["op"] == 10
        identify = {"token": emulator.token, "intents": 1, "properties": {}, "shard": [shard_id, SHARDS]}
        await ws.send_json({"op": 2, "d": identify})
        ready = await receive()
        assert ready["t"] == "READY"
        ids = []
        for _ in ready["d"]["guilds"]:
            event = await receive()
            assert event["t"] == "GUILD_CREATE"
            ids.append(event["d"]["id"])
        return ids


async def test_ten_thousand_guild_creates_are_built_and_sent_within_seconds() -> None:
    started = time.monotonic()
    emulator = Emulator(guilds=GUILDS, channels_per_guild=1, members_per_guild=2)
    built = time.monotonic() - started
    async with emulator, aiohttp.ClientSession() as http:
        sending = time.monotonic()
        shards = await asyncio.wait_for(
            asyncio.gather(*(_shard_guild_ids(http, emulator, s) for s in range(SHARDS))), 60
        )
        streamed = time.monotonic() - sending
    assert sorted(id_ for shard in shards for id_ in shard) == sorted(str(g.id) for g in emulator.guilds)
    assert all(len(shard) <= 2500 for shard in shards)
    assert built < 5.0, f"building {GUILDS} guilds took {built:.1f}s"
    assert streamed < 20.0, f"streaming {GUILDS} GUILD_CREATEs took {streamed:.1f}s"
