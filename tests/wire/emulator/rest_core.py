"""REST: the bot user, the gateway address, the application, guilds, channels, DMs, application commands."""

from __future__ import annotations

import math
from typing import Any

from . import payloads
from .errors import MISSING_ACCESS, ApiError
from .routing import Call, Reply, route
from .state import DM, ApplicationCommand, Channel


@route("GET", "/users/@me")
async def get_me(call: Call) -> Reply:
    return Reply(body={**payloads.user(call.emu.world.bot), "verified": True, "mfa_enabled": False})


@route("GET", "/users/{user_id}")
async def get_user(call: Call) -> Reply:
    return Reply(body=payloads.user(call.emu.world.user(call.id("user_id"))))


@route("GET", "/gateway")
async def get_gateway(call: Call) -> Reply:
    return Reply(body={"url": call.emu.gateway_url})


@route("GET", "/gateway/bot")
async def get_gateway_bot(call: Call) -> Reply:
    return Reply(
        body={
            "url": call.emu.gateway_url,
            "shards": max(1, math.ceil(len(call.emu.world.guilds) / call.emu.gateway.max_guilds_per_shard)),
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 86_400_000,
                "max_concurrency": 1,
            },
        }
    )


@route("GET", "/oauth2/applications/@me")
async def get_oauth_application(call: Call) -> Reply:
    return Reply(body=payloads.application(call.emu.world))


@route("GET", "/applications/@me")
async def get_application(call: Call) -> Reply:
    return Reply(body=payloads.application(call.emu.world))


# -- guilds and channels --------------------------------------------------------------------------
@route("GET", "/guilds/{guild_id}")
async def get_guild(call: Call) -> Reply:
    world = call.emu.world
    guild = world.guild(call.id("guild_id"))
    body = payloads.guild(world, guild)
    if call.flag("with_counts"):
        body.update(approximate_member_count=len(guild.members), approximate_presence_count=0)
    return Reply(body=body)


@route("GET", "/guilds/{guild_id}/channels")
async def get_guild_channels(call: Call) -> Reply:
    world = call.emu.world
    guild = world.guild(call.id("guild_id"))
    return Reply(body=[payloads.channel(world, world.channels[c]) for c in guild.channel_ids])


@route("GET", "/guilds/{guild_id}/members/{user_id}")
async def get_member(call: Call) -> Reply:
    world = call.emu.world
    return Reply(body=payloads.member(world, world.member(call.id("guild_id"), call.id("user_id"))))


@route("GET", "/channels/{channel_id}")
async def get_channel(call: Call) -> Reply:
    world = call.emu.world
    channel, _ = world.bot_channel(call.id("channel_id"))
    return Reply(body=payloads.channel(world, channel))


@route("POST", "/users/@me/channels")
async def open_dm(call: Call) -> Reply:
    world = call.emu.world
    user = world.user(int(call.body["recipient_id"]))
    channel_id = world.dm_channels.get(user.id)
    if channel_id is None:
        channel = world.add_channel(Channel(world.ids.next(), DM, "", recipient_id=user.id))
        world.dm_channels[user.id] = channel.id
    else:
        channel = world.channels[channel_id]
    return Reply(body=payloads.channel(world, channel))


# -- application commands -------------------------------------------------------------------------
def _check_application(call: Call) -> None:
    if call.id("application_id") != call.emu.world.application_id:
        raise ApiError(MISSING_ACCESS)


def _overwrite(
    call: Call, table: dict[str, ApplicationCommand], guild_id: int | None
) -> list[dict[str, Any]]:
    """Bulk overwrite: commands keep their id when a command of that name and type existed."""
    world = call.emu.world
    previous = {(c.name, c.type): c.id for c in table.values()}
    table.clear()
    for data in call.body or []:
        type_ = int(data.get("type") or 1)
        command_id = previous.get((data["name"], type_)) or world.ids.next()
        table[data["name"]] = ApplicationCommand(command_id, guild_id, data["name"], type_, dict(data))
    return [payloads.command(world, c) for c in table.values()]


@route("PUT", "/applications/{application_id}/commands")
async def put_global_commands(call: Call) -> Reply:
    _check_application(call)
    return Reply(body=_overwrite(call, call.emu.world.global_commands, None))


@route("GET", "/applications/{application_id}/commands")
async def get_global_commands(call: Call) -> Reply:
    _check_application(call)
    world = call.emu.world
    return Reply(body=[payloads.command(world, c) for c in world.global_commands.values()])


@route("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
async def put_guild_commands(call: Call) -> Reply:
    _check_application(call)
    world = call.emu.world
    guild = world.guild(call.id("guild_id"))
    return Reply(body=_overwrite(call, world.guild_commands.setdefault(guild.id, {}), guild.id))


@route("GET", "/applications/{application_id}/guilds/{guild_id}/commands")
async def get_guild_commands(call: Call) -> Reply:
    _check_application(call)
    world = call.emu.world
    guild = world.guild(call.id("guild_id"))
    return Reply(body=[payloads.command(world, c) for c in world.guild_commands.get(guild.id, {}).values()])
