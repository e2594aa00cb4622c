"""Discord JSON for the emulator's state objects, in the shapes the API and gateway send."""

from __future__ import annotations

from typing import Any

from .snowflakes import iso, snowflake_time
from .state import DM, THREAD_TYPES, ApplicationCommand, Channel, Guild, Member, Message, Role, User, World

JSON = dict[str, Any]


def user(u: User) -> JSON:
    return {
        "id": str(u.id),
        "username": u.username,
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": u.bot,
        "public_flags": 0,
        "flags": 0,
    }


def role(r: Role, guild_id: int, bot_id: int) -> JSON:
    payload: JSON = {
        "id": str(r.id),
        "name": r.name,
        "color": 0,
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": r.position,
        "permissions": str(r.permissions),
        "managed": r.managed,
        "mentionable": False,
        "flags": 0,
    }
    if r.managed:
        payload["tags"] = {"bot_id": str(bot_id)}
    return payload


def member(world: World, m: Member, *, permissions: int | None = None) -> JSON:
    payload: JSON = {
        "user": user(world.users[m.user_id]),
        "nick": m.nick,
        "avatar": None,
        "roles": [str(r) for r in m.roles],
        "joined_at": iso(m.joined_at),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }
    if permissions is not None:
        payload["permissions"] = str(permissions)
    return payload


def channel(world: World, c: Channel) -> JSON:
    if c.type == DM:
        return {
            "id": str(c.id),
            "type": DM,
            "last_message_id": _opt_id(c.last_message_id),
            "recipients": [user(world.users[c.recipient_id or 0])],
            "flags": 0,
        }
    if c.type in THREAD_TYPES:
        created = iso(snowflake_time(c.id))
        return {
            "id": str(c.id),
            "type": c.type,
            "guild_id": str(c.guild_id),
            "parent_id": str(c.parent_id),
            "owner_id": str(c.owner_id),
            "name": c.name,
            "last_message_id": _opt_id(c.last_message_id),
            "rate_limit_per_user": 0,
            "message_count": c.message_count,
            "member_count": 1,
            "total_message_sent": c.message_count,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": c.auto_archive_duration,
                "archive_timestamp": created,
                "locked": False,
                "create_timestamp": created,
            },
        }
    return {
        "id": str(c.id),
        "type": c.type,
        "guild_id": str(c.guild_id),
        "name": c.name,
        "position": c.position,
        "permission_overwrites": [o.to_payload() for o in c.overwrites],
        "topic": None,
        "nsfw": False,
        "last_message_id": _opt_id(c.last_message_id),
        "rate_limit_per_user": 0,
        "parent_id": None,
        "flags": 0,
    }


def guild(world: World, g: Guild) -> JSON:
    return {
        "id": str(g.id),
        "name": g.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(g.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [role(r, g.id, world.bot.id) for r in g.roles.values()],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "max_members": 500000,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
    }


def guild_create(world: World, g: Guild) -> JSON:
    """GUILD_CREATE's extra fields: channels, threads, the members (the bot among them)."""
    payload = guild(world, g)
    payload.update(
        joined_at=iso(g.created_at),
        large=False,
        unavailable=False,
        member_count=len(g.members),
        voice_states=[],
        members=[member(world, m) for m in g.members.values()],
        channels=[channel(world, world.channels[cid]) for cid in g.channel_ids],
        threads=[channel(world, world.channels[t]) for t in g.thread_ids],
        presences=[],
        stage_instances=[],
        guild_scheduled_events=[],
        soundboard_sounds=[],
    )
    return payload


def message(world: World, m: Message) -> JSON:
    payload: JSON = {
        "id": str(m.id),
        "channel_id": str(m.channel_id),
        "author": user(world.users[m.author_id]),
        "content": m.content,
        "timestamp": iso(m.created_at),
        "edited_timestamp": iso(m.edited_at) if m.edited_at else None,
        "tts": m.tts,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": m.attachments,
        "embeds": [] if m.embeds_suppressed else m.embeds,
        "components": m.components,
        "pinned": False,
        "type": m.type,
        "flags": m.flags,
    }
    if m.guild_id is not None:
        payload["guild_id"] = str(m.guild_id)
    if m.nonce is not None:
        payload["nonce"] = m.nonce
    if m.webhook_id is not None:
        payload["webhook_id"] = str(m.webhook_id)
        payload["application_id"] = str(m.webhook_id)
    if m.message_reference is not None:
        payload["message_reference"] = m.message_reference
    if m.thread_id is not None and m.thread_id in world.channels:
        payload["thread"] = channel(world, world.channels[m.thread_id])
    return payload


def command(world: World, c: ApplicationCommand) -> JSON:
    payload: JSON = {
        "description": "",
        "options": [],
        "default_member_permissions": None,
        "nsfw": False,
        **c.data,
        "id": str(c.id),
        "application_id": str(world.application_id),
        "type": c.type,
        "name": c.name,
        "version": str(c.id),
    }
    if c.guild_id is not None:
        payload["guild_id"] = str(c.guild_id)
    return payload


def application(world: World) -> JSON:
    """GET /oauth2/applications/@me (and /applications/@me)."""
    return {
        "id": str(world.application_id),
        "name": world.bot.username,
        "icon": None,
        "description": "Emulated application",
        "summary": "",
        "type": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": 0,
        "owner": user(world.owner),
        "team": None,
        "bot": user(world.bot),
        "redirect_uris": [],
        "interactions_endpoint_url": None,
    }


def _opt_id(value: int | None) -> str | None:
    return None if value is None else str(value)
