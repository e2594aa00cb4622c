"""Building and editing messages from request bodies (channel sends, interaction responses, follow-ups)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .errors import EMPTY_MESSAGE, ApiError, invalid_body
from .routing import UploadedFile
from .state import Channel, Message, World

REPLY = 19
SUPPRESS_EMBEDS = 1 << 2


class Attachments:
    """Uploaded file contents, served back at the attachment's URL."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.data: dict[int, bytes] = {}

    def add(
        self, world: World, channel_id: int, upload: UploadedFile, description: str | None
    ) -> dict[str, Any]:
        attachment_id = world.ids.next()
        self.data[attachment_id] = upload.data
        url = f"{self.base_url}/attachments/{channel_id}/{attachment_id}/{upload.filename}"
        payload: dict[str, Any] = {
            "id": str(attachment_id),
            "filename": upload.filename,
            "size": len(upload.data),
            "url": url,
            "proxy_url": url,
            "content_type": upload.content_type,
        }
        if description:
            payload["description"] = description
        return payload


def _attachments(
    store: Attachments,
    world: World,
    channel_id: int,
    listed: list[dict[str, Any]] | None,
    files: list[UploadedFile],
    kept: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Resolve ``attachments`` entries: ids that index ``files[n]`` are new uploads, others keep existing ones."""
    uploads = {f.field.removeprefix("files[").removesuffix("]"): f for f in files}
    existing = {a["id"]: a for a in kept}
    result: list[dict[str, Any]] = []
    used: set[str] = set()
    for entry in listed or []:
        key = str(entry.get("id"))
        if key in uploads:
            result.append(store.add(world, channel_id, uploads[key], entry.get("description")))
            used.add(key)
        elif key in existing:
            result.append(existing[key])
        else:
            raise invalid_body("attachments", "ATTACHMENT_NOT_FOUND", f"Unknown attachment {key}.")
    for key, upload in uploads.items():
        if key not in used:
            result.append(store.add(world, channel_id, upload, None))
    if listed is None and not files:
        return kept
    return result


def build_message(
    world: World,
    store: Attachments,
    channel: Channel,
    body: dict[str, Any],
    files: list[UploadedFile],
    *,
    now: datetime,
    webhook_id: int | None = None,
    interaction_id: int | None = None,
    flags: int = 0,
) -> Message:
    """A new message by the bot (not yet stored); 50006 if it would be empty."""
    content = body.get("content") or ""
    embeds = body.get("embeds") or []
    components = body.get("components") or []
    attachments = _attachments(store, world, channel.id, body.get("attachments"), files, [])
    if not (content or embeds or components or attachments or body.get("sticker_ids") or body.get("poll")):
        raise ApiError(EMPTY_MESSAGE)
    message = Message(
        id=world.ids.next(),
        channel_id=channel.id,
        guild_id=channel.guild_id,
        author_id=world.bot.id,
        content=content,
        created_at=now,
        embeds=embeds,
        components=components,
        attachments=attachments,
        nonce=body.get("nonce"),
        allowed_mentions=body.get("allowed_mentions"),
        flags=(body.get("flags") or 0) | flags,
        tts=bool(body.get("tts")),
        webhook_id=webhook_id,
        interaction_id=interaction_id,
        raw=body,
    )
    reference = body.get("message_reference")
    if reference and reference.get("message_id") is not None:
        target = world.messages.get(int(reference["message_id"]))
        if target is None and reference.get("fail_if_not_exists", True):
            raise invalid_body("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
        message.type = REPLY
        message.message_reference = {
            "type": 0,
            "message_id": str(reference["message_id"]),
            "channel_id": str(reference.get("channel_id") or channel.id),
            **({"guild_id": str(channel.guild_id)} if channel.guild_id else {}),
        }
    return message


def apply_edit(
    world: World, store: Attachments, message: Message, body: dict[str, Any], files: list[UploadedFile]
) -> Message:
    """PATCH semantics: only the fields present change."""
    if "content" in body:
        message.content = body["content"] or ""
    if "embeds" in body:
        message.embeds = body["embeds"] or []
        message.embeds_suppressed = False
    if "components" in body:
        message.components = body["components"] or []
    if "flags" in body and body["flags"] is not None:
        # Only SUPPRESS_EMBEDS can be changed by an edit.
        message.flags = (message.flags & ~SUPPRESS_EMBEDS) | (body["flags"] & SUPPRESS_EMBEDS)
    if "allowed_mentions" in body:
        message.allowed_mentions = body["allowed_mentions"]
    if "attachments" in body or files:
        message.attachments = _attachments(
            store, world, message.channel_id, body.get("attachments"), files, message.attachments
        )
    message.edited_at = datetime.now(UTC)
    return message
