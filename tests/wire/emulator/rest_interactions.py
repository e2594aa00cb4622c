"""REST: interaction callbacks (the 3-second deadline) and the interaction webhook (15 minutes).

https://discord.com/developers/docs/interactions/receiving-and-responding: a callback must arrive
within 3 seconds of the interaction (afterwards: 404 Unknown interaction, 10062); it can be
given once (then 400, 40060); the token then works for 15 minutes for ``@original`` and
follow-ups. After a deferred answer (type 5) the first follow-up replaces the "thinking" message.
"""

from __future__ import annotations

import time
from typing import Any

from . import events, payloads
from .errors import (
    ALREADY_ACKNOWLEDGED,
    INVALID_WEBHOOK_TOKEN,
    UNKNOWN_INTERACTION,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    ApiError,
    invalid_body,
)
from .interactions import (
    ALLOWED_CALLBACKS,
    APPLICATION_COMMAND,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    EPHEMERAL,
    LOADING,
    UPDATE_MESSAGE,
    Interaction,
)
from .messaging import apply_edit, build_message
from .routing import Call, Reply, route
from .state import Message

CHAT_INPUT_COMMAND_MESSAGE = 20


def _new_message(call: Call, ix: Interaction, body: dict[str, Any]) -> Message:
    """A message posted through the interaction (an answer or a follow-up), stored but not yet announced."""
    emu, world = call.emu, call.emu.world
    message = build_message(
        world,
        emu.attachments,
        world.channel(ix.channel_id),
        body,
        call.files,
        now=emu.now(),
        webhook_id=world.application_id,
        interaction_id=ix.id,
    )
    return world.store_message(message)


def _respond_with_message(call: Call, ix: Interaction, type_: int, data: dict[str, Any]) -> Message:
    emu, world = call.emu, call.emu.world
    if type_ == DEFERRED_CHANNEL_MESSAGE:
        channel = world.channel(ix.channel_id)
        flags = ((data.get("flags") or 0) & EPHEMERAL) | LOADING
        message = Message(
            world.ids.next(), channel.id, channel.guild_id, world.bot.id, "", emu.now(), flags=flags
        )
        message.webhook_id, message.interaction_id = world.application_id, ix.id
        world.store_message(message)
    else:
        message = _new_message(call, ix, data)
    if ix.type == APPLICATION_COMMAND:
        message.type = CHAT_INPUT_COMMAND_MESSAGE
    events.message_created(emu.gateway, world, message)
    return message


@route("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
async def interaction_callback(call: Call) -> Reply:
    emu, world = call.emu, call.emu.world
    ix = emu.interactions.get(call.id("interaction_id"))
    if ix is None or ix.token != call.params["interaction_token"]:
        raise ApiError(UNKNOWN_INTERACTION)
    if time.monotonic() - ix.created > emu.interaction_deadline:
        ix.late_callbacks += 1
        raise ApiError(UNKNOWN_INTERACTION)
    if ix.callback is not None:
        raise ApiError(ALREADY_ACKNOWLEDGED)
    type_ = int(call.body["type"])
    data: dict[str, Any] = call.body.get("data") or {}
    if type_ not in ALLOWED_CALLBACKS[ix.type]:
        raise invalid_body("type", "INTERACTION_CALLBACK_TYPE_INVALID", "Invalid interaction callback type.")

    message: Message | None = None
    if type_ in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
        message = _respond_with_message(call, ix, type_, data)
        ix.original_message_id = message.id
    elif type_ in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE) and ix.message_id is not None:
        ix.original_message_id = ix.message_id
        message = world.messages.get(ix.message_id)
        if message is None:
            raise ApiError(UNKNOWN_MESSAGE)
        if type_ == UPDATE_MESSAGE:
            apply_edit(world, emu.attachments, message, data, call.files)
            events.message_updated(emu.gateway, world, message)
    ix.record_callback(type_, call.body.get("data"))

    if not call.flag("with_response"):
        return Reply(204)
    interaction: dict[str, Any] = {
        "id": str(ix.id),
        "type": ix.type,
        "response_message_loading": type_ == DEFERRED_CHANNEL_MESSAGE,
        "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL),
    }
    if ix.original_message_id is not None:
        interaction["response_message_id"] = str(ix.original_message_id)
    resource: dict[str, Any] = {"type": type_}
    if message is not None and type_ != DEFERRED_UPDATE_MESSAGE:
        resource["message"] = payloads.message(world, message)
    return Reply(200, {"interaction": interaction, "resource": resource})


# -- the interaction webhook --------------------------------------------------------------------------
def _webhook(call: Call) -> Interaction:
    emu = call.emu
    ix = emu.interactions_by_token.get(call.params["webhook_token"])
    if call.id("webhook_id") != emu.world.application_id or ix is None or ix.callback is None:
        raise ApiError(UNKNOWN_WEBHOOK)
    if time.monotonic() - ix.created > emu.followup_ttl:
        raise ApiError(INVALID_WEBHOOK_TOKEN)
    return ix


def _webhook_message(call: Call, ix: Interaction) -> Message:
    if "message_id" in call.params:
        message_id = call.id("message_id")
        if message_id != ix.original_message_id and message_id not in ix.followup_ids:
            raise ApiError(UNKNOWN_MESSAGE)
    else:
        message_id = ix.original_message_id
    message = call.emu.world.messages.get(message_id or 0)
    if message is None:
        raise ApiError(UNKNOWN_MESSAGE)
    return message


async def _get(call: Call) -> Reply:
    return Reply(body=payloads.message(call.emu.world, _webhook_message(call, _webhook(call))))


async def _edit(call: Call) -> Reply:
    emu = call.emu
    message = _webhook_message(call, _webhook(call))
    message.flags &= ~LOADING
    apply_edit(emu.world, emu.attachments, message, call.body or {}, call.files)
    events.message_updated(emu.gateway, emu.world, message)
    return Reply(body=payloads.message(emu.world, message))


async def _delete(call: Call) -> Reply:
    emu = call.emu
    message = _webhook_message(call, _webhook(call))
    emu.world.remove_message(message)
    events.message_deleted(emu.gateway, message)
    return Reply(204)


for _template in (
    "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
    "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
):
    route("GET", _template)(_get)
    route("PATCH", _template)(_edit)
    route("DELETE", _template)(_delete)


@route("POST", "/webhooks/{webhook_id}/{webhook_token}")
async def followup(call: Call) -> Reply:
    emu, world = call.emu, call.emu.world
    ix = _webhook(call)
    body: dict[str, Any] = call.body or {}
    original = world.messages.get(ix.original_message_id or 0)
    if original is not None and original.flags & LOADING:
        # The first follow-up after a deferral fills in the "thinking" message.
        original.flags &= ~LOADING
        message = apply_edit(world, emu.attachments, original, body, call.files)
        events.message_updated(emu.gateway, world, message)
    else:
        message = _new_message(call, ix, body)
        ix.followup_ids.append(message.id)
        events.message_created(emu.gateway, world, message)
    if not call.flag("wait"):
        return Reply(204)
    return Reply(body=payloads.message(world, message))
