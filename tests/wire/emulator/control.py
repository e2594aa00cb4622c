"""The control API under ``/_emu`` for tests that run in another process than the emulator.

Reads: ``GET /_emu/stats``, ``/_emu/guilds?limit=``, ``/_emu/messages?channel_id=``,
``/_emu/requests?unknown=1``, ``/_emu/validation_failures``, ``/_emu/faults``,
``/_emu/interactions/{id}?wait=seconds``.
Switches: ``POST /_emu/faults`` (``{"clear": true}`` or any ``Faults`` field),
``/_emu/gateway/drop`` (``{"code": 4000}``, ``null`` cuts TCP), ``/_emu/gateway/invalidate``,
``/_emu/channels/{id}/delete``, ``/_emu/channels/{id}/permissions`` (``{"allow": n, "deny": n}``),
``/_emu/users/{id}/close_dms``, ``/_emu/validation_failures/take``.
Members: ``POST /_emu/interactions/slash``, ``/_emu/interactions/click``,
``/_emu/interactions/{id}/modal`` answer ``{"id": "<interaction id>"}``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import payloads
from .errors import ApiError
from .interactions import Interaction

if TYPE_CHECKING:
    from .server import Emulator

PREFIX = "/_emu"
View = Callable[[web.Request], Awaitable[Any]]


def _interaction(ix: Interaction) -> dict[str, Any]:
    callback = ix.callback
    return {
        "id": str(ix.id),
        "type": ix.type,
        "callback": None
        if callback is None
        else {"type": callback.type, "data": callback.data, "elapsed": callback.elapsed},
        "original_message_id": None if ix.original_message_id is None else str(ix.original_message_id),
        "followup_ids": [str(i) for i in ix.followup_ids],
        "late_callbacks": ix.late_callbacks,
    }


def add_routes(app: web.Application, emu: Emulator) -> None:
    def view(handler: View) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def wrapped(request: web.Request) -> web.Response:
            try:
                return web.json_response(await handler(request))
            except (LookupError, ValueError, TypeError, ApiError) as error:
                return web.json_response({"error": f"{type(error).__name__}: {error}"}, status=400)

        return wrapped

    async def body(request: web.Request) -> dict[str, Any]:
        return await request.json() if request.can_read_body else {}

    def cid(request: web.Request) -> int:
        return int(request.match_info["id"])

    async def stats(request: web.Request) -> Any:
        return emu.stats()

    async def guilds(request: web.Request) -> Any:
        limit = int(request.query.get("limit", "100"))
        return {
            "application_id": str(emu.world.application_id),
            "bot_id": str(emu.world.bot.id),
            "guild_count": len(emu.world.guilds),
            "guilds": [
                {
                    "id": str(g.id),
                    "name": g.name,
                    "channels": [str(c.id) for c in emu.text_channels(g)],
                    "members": [str(m) for m in emu.members(g)],
                }
                for g in emu.guilds[:limit]
            ],
        }

    async def messages(request: web.Request) -> Any:
        channel = request.query.get("channel_id")
        return [payloads.message(emu.world, m) for m in emu.messages(int(channel) if channel else None)]

    async def requests(request: web.Request) -> Any:
        records = emu.unknown_requests if request.query.get("unknown") else emu.requests
        return [r.to_dict() for r in records]

    async def validation(request: web.Request) -> Any:
        return [f.to_dict() for f in emu.validation_failures]

    async def take_validation(request: web.Request) -> Any:
        return [f.to_dict() for f in emu.take_validation_failures()]

    async def get_faults(request: web.Request) -> Any:
        return emu.faults.to_dict()

    async def set_faults(request: web.Request) -> Any:
        switches = await body(request)
        if switches.pop("clear", False):
            emu.faults.clear()
        emu.faults.configure(**switches)
        return emu.faults.to_dict()

    async def drop(request: web.Request) -> Any:
        return {"dropped": await emu.drop_gateway((await body(request)).get("code", 4000))}

    async def invalidate(request: web.Request) -> Any:
        emu.invalidate_sessions(resumable=bool((await body(request)).get("resumable", False)))
        return {"ok": True}

    async def delete_channel(request: web.Request) -> Any:
        emu.delete_channel(cid(request))
        return {"ok": True}

    async def channel_permissions(request: web.Request) -> Any:
        switches = await body(request)
        emu.set_bot_permissions(
            cid(request), allow=int(switches.get("allow", 0)), deny=int(switches.get("deny", 0))
        )
        return {"ok": True}

    async def close_dms(request: web.Request) -> Any:
        emu.close_dms(cid(request))
        return {"ok": True}

    async def slash(request: web.Request) -> Any:
        b = await body(request)
        ix = await emu.invoke_slash(
            int(b["guild_id"]),
            int(b["channel_id"]),
            int(b["member_id"]),
            b["name"],
            b.get("options") or {},
            subcommand=b.get("subcommand"),
        )
        return {"id": str(ix.id)}

    async def click(request: web.Request) -> Any:
        b = await body(request)
        ix = await emu.click(
            int(b["message_id"]), b["custom_id"], int(b["member_id"]), values=b.get("values")
        )
        return {"id": str(ix.id)}

    async def modal(request: web.Request) -> Any:
        b = await body(request)
        source = emu.interactions[cid(request)]
        if source.callback is None:
            raise ValueError("the interaction has not been answered")
        member = b.get("member_id")
        ix = await emu.submit_modal(source.callback, b.get("values") or {}, int(member) if member else None)
        return {"id": str(ix.id)}

    async def interaction(request: web.Request) -> Any:
        ix = emu.interactions[cid(request)]
        wait = float(request.query.get("wait", "0"))
        if wait > 0:
            with contextlib.suppress(TimeoutError):
                await ix.acknowledged(within=min(wait, 60.0))
        return _interaction(ix)

    async def health(request: web.Request) -> Any:
        await asyncio.sleep(0)
        return {"ok": True, "base_url": emu.base_url, "gateway_url": emu.gateway_url}

    app.router.add_get(PREFIX + "/health", view(health))
    app.router.add_get(PREFIX + "/stats", view(stats))
    app.router.add_get(PREFIX + "/guilds", view(guilds))
    app.router.add_get(PREFIX + "/messages", view(messages))
    app.router.add_get(PREFIX + "/requests", view(requests))
    app.router.add_get(PREFIX + "/validation_failures", view(validation))
    app.router.add_post(PREFIX + "/validation_failures/take", view(take_validation))
    app.router.add_get(PREFIX + "/faults", view(get_faults))
    app.router.add_post(PREFIX + "/faults", view(set_faults))
    app.router.add_post(PREFIX + "/gateway/drop", view(drop))
    app.router.add_post(PREFIX + "/gateway/invalidate", view(invalidate))
    app.router.add_post(PREFIX + "/channels/{id}/delete", view(delete_channel))
    app.router.add_post(PREFIX + "/channels/{id}/permissions", view(channel_permissions))
    app.router.add_post(PREFIX + "/users/{id}/close_dms", view(close_dms))
    app.router.add_post(PREFIX + "/interactions/slash", view(slash))
    app.router.add_post(PREFIX + "/interactions/click", view(click))
    app.router.add_post(PREFIX + "/interactions/{id}/modal", view(modal))
    app.router.add_get(PREFIX + "/interactions/{id}", view(interaction))
