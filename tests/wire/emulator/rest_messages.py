"""REST: channel messages (with nonces and permissions) and threads."""

from __future__ import annotations

from . import events, payloads
from . import permissions as perms
from .errors import CANNOT_DM, MISSING_ACCESS, MISSING_PERMISSIONS, NOT_AUTHOR, ApiError, invalid_body
from .interactions import EPHEMERAL
from .messaging import apply_edit, build_message
from .routing import Call, Reply, route
from .state import DM, PRIVATE_THREAD, PUBLIC_THREAD, THREAD_TYPES, Channel


@route("POST", "/channels/{channel_id}/messages")
async def create_message(call: Call) -> Reply:
    emu, world = call.emu, call.emu.world
    channel = world.channel(call.id("channel_id"))
    need = perms.SEND_MESSAGES_IN_THREADS if channel.type in THREAD_TYPES else perms.SEND_MESSAGES
    channel, granted = world.bot_channel(channel.id, need=need)
    if channel.type == DM and not world.user(channel.recipient_id or 0).dms_open:
        raise ApiError(CANNOT_DM)
    body = call.body or {}
    if call.files and not granted & perms.ATTACH_FILES:
        raise ApiError(MISSING_PERMISSIONS)

    nonce = body.get("nonce")
    enforce = bool(body.get("enforce_nonce")) and nonce is not None
    if enforce:
        # Discord: the same author and nonce within a few minutes returns the first message, creates nothing.
        earlier = world.remembered_nonce(channel.id, world.bot.id, str(nonce), emu.nonce_window)
        if earlier is not None:
            emu.nonce_hits += 1
            return Reply(body=payloads.message(world, earlier))

    message = build_message(world, emu.attachments, channel, body, call.files, now=emu.now())
    if message.embeds and not granted & perms.EMBED_LINKS:
        # Without Embed Links the API drops the embeds, and refuses a message that was only embeds.
        if not (message.content or message.attachments or message.components):
            raise ApiError(MISSING_PERMISSIONS)
        message.embeds_suppressed = True
    world.store_message(message)
    if enforce:
        world.remember_nonce(channel.id, world.bot.id, str(nonce), message.id)
    events.message_created(emu.gateway, world, message)
    return Reply(body=payloads.message(world, message))


# Discord's default page of a channel's history (the spec caps ``limit`` at 100).
HISTORY_PAGE = 50


@route("GET", "/channels/{channel_id}/messages")
async def list_messages(call: Call) -> Reply:
    """A page of the channel's messages, newest first, as Discord answers it.

    ``before``/``after``/``around`` (one at most) pick the page; ``after`` gives the ``limit``
    messages right after it (still newest first). Without Read Message History the API answers
    an empty list, not an error. The query string was checked against the spec already.
    """
    world = call.emu.world
    channel, granted = world.bot_channel(call.id("channel_id"))
    anchors = {k: int(call.query[k]) for k in ("before", "after", "around") if k in call.query}
    if len(anchors) > 1:
        raise invalid_body(
            "before", "MESSAGE_HISTORY_ANCHORS", "Only one of before, after and around may be given."
        )
    if not granted & perms.READ_MESSAGE_HISTORY:
        return Reply(body=[])
    limit = int(call.query.get("limit", HISTORY_PAGE))
    visible = [m for m in world.channel_messages_of(channel.id) if not m.flags & EPHEMERAL]  # oldest first
    if "after" in anchors:
        page = [m for m in visible if m.id > anchors["after"]][:limit]
    elif "around" in anchors:
        older = [m for m in visible if m.id <= anchors["around"]]
        newer = [m for m in visible if m.id > anchors["around"]]
        page = older[-((limit + 1) // 2) :] + newer[: limit // 2]
    else:
        page = [m for m in visible if m.id < anchors.get("before", 1 << 64)][-limit:]
    return Reply(body=[payloads.message(world, m) for m in reversed(page)])


@route("GET", "/channels/{channel_id}/messages/{message_id}")
async def get_message(call: Call) -> Reply:
    world = call.emu.world
    channel, granted = world.bot_channel(call.id("channel_id"))
    if not granted & perms.READ_MESSAGE_HISTORY:
        raise ApiError(MISSING_ACCESS)
    return Reply(body=payloads.message(world, world.message(channel.id, call.id("message_id"))))


@route("PATCH", "/channels/{channel_id}/messages/{message_id}")
async def edit_message(call: Call) -> Reply:
    emu, world = call.emu, call.emu.world
    channel, _ = world.bot_channel(call.id("channel_id"))
    message = world.message(channel.id, call.id("message_id"))
    if message.author_id != world.bot.id:
        raise ApiError(NOT_AUTHOR)
    apply_edit(world, emu.attachments, message, call.body or {}, call.files)
    events.message_updated(emu.gateway, world, message)
    return Reply(body=payloads.message(world, message))


@route("DELETE", "/channels/{channel_id}/messages/{message_id}")
async def delete_message(call: Call) -> Reply:
    emu, world = call.emu, call.emu.world
    channel, granted = world.bot_channel(call.id("channel_id"))
    message = world.message(channel.id, call.id("message_id"))
    if message.author_id != world.bot.id and not granted & perms.MANAGE_MESSAGES:
        raise ApiError(MISSING_PERMISSIONS)
    world.remove_message(message)
    events.message_deleted(emu.gateway, message)
    return Reply(204)


# -- threads ----------------------------------------------------------------------------------------
def _thread(call: Call, parent: Channel, thread_id: int, type_: int) -> Channel:
    body = call.body or {}
    thread = Channel(
        thread_id,
        type_,
        body["name"],
        guild_id=parent.guild_id,
        parent_id=parent.id,
        owner_id=call.emu.world.bot.id,
        auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
    )
    call.emu.world.add_channel(thread)
    events.channel_changed(call.emu.gateway, call.emu.world, thread, "THREAD_CREATE")
    return thread


@route("POST", "/channels/{channel_id}/messages/{message_id}/threads")
async def start_thread_from_message(call: Call) -> Reply:
    world = call.emu.world
    parent, _ = world.bot_channel(call.id("channel_id"), need=perms.CREATE_PUBLIC_THREADS)
    if parent.type in THREAD_TYPES or parent.type == DM:
        raise invalid_body("channel_id", "CHANNEL_TYPE_INVALID", "Cannot start a thread in this channel.")
    message = world.message(parent.id, call.id("message_id"))
    if message.thread_id is not None:
        raise invalid_body(
            "message_id", "THREAD_ALREADY_CREATED", "A thread has already been created for this message"
        )
    # A thread started from a message has the message's id.
    thread = _thread(call, parent, message.id, PUBLIC_THREAD)
    message.thread_id = thread.id
    return Reply(201, payloads.channel(world, thread))


@route("POST", "/channels/{channel_id}/threads")
async def start_thread(call: Call) -> Reply:
    world = call.emu.world
    type_ = int((call.body or {}).get("type") or PRIVATE_THREAD)
    need = perms.CREATE_PUBLIC_THREADS if type_ == PUBLIC_THREAD else perms.CREATE_PRIVATE_THREADS
    parent, _ = world.bot_channel(call.id("channel_id"), need=need)
    if parent.type in THREAD_TYPES or parent.type == DM:
        raise invalid_body("channel_id", "CHANNEL_TYPE_INVALID", "Cannot start a thread in this channel.")
    thread = _thread(call, parent, world.ids.next(), type_)
    return Reply(201, payloads.channel(world, thread))
