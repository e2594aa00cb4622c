"""Interactions a member's client would create, and the bot's answers to them.

``build_*`` functions turn "member M runs /name with these options" into the INTERACTION_CREATE
payload Discord sends; they refuse what a real client could not do (an unregistered command,
an unknown option, a disabled or missing button, a modal that was never opened).
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from . import payloads
from .state import Channel, Guild, Message, World

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5

# Callback types (https://discord.com/developers/docs/interactions/receiving-and-responding).
PONG = 1
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {
    PING: frozenset({PONG}),
    APPLICATION_COMMAND: frozenset({CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL}),
    MESSAGE_COMPONENT: frozenset(
        {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE, MODAL}
    ),
    AUTOCOMPLETE: frozenset({AUTOCOMPLETE_RESULT}),
    MODAL_SUBMIT: frozenset(
        {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE}
    ),
}

EPHEMERAL = 1 << 6
LOADING = 1 << 7
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

_OPTION_TYPES = {str: 3, int: 4, bool: 5, float: 10}
_SELECTS = {3, 5, 6, 7, 8}


@dataclass(frozen=True, slots=True)
class Callback:
    """The bot's answer to an interaction (the body of its callback request)."""

    type: int
    data: dict[str, Any] | None
    elapsed: float  # seconds from the dispatch of INTERACTION_CREATE to the callback's arrival
    interaction: Interaction = field(repr=False, compare=False)


@dataclass(eq=False)
class Interaction:
    """One dispatched interaction, as the emulator tracks it."""

    id: int
    token: str
    type: int
    guild_id: int | None
    channel_id: int
    user_id: int
    data: dict[str, Any]
    message_id: int | None = None  # the message whose component was used
    created: float = field(default_factory=time.monotonic)
    callback: Callback | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    late_callbacks: int = 0  # callbacks refused because the 3-second deadline had passed
    _acked: asyncio.Future[Callback] = field(
        init=False, repr=False, default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    async def acknowledged(self, within: float = 5.0) -> Callback:
        """Wait for the bot's callback; ``TimeoutError`` if it does not answer ``within`` seconds."""
        return await asyncio.wait_for(asyncio.shield(self._acked), within)

    def record_callback(self, type_: int, data: dict[str, Any] | None) -> Callback:
        self.callback = Callback(type_, data, time.monotonic() - self.created, self)
        if not self._acked.done():
            self._acked.set_result(self.callback)
        return self.callback


def new_interaction(world: World, **fields: Any) -> Interaction:
    return Interaction(id=world.ids.next(), token="emu." + secrets.token_urlsafe(24), **fields)


def interaction_payload(
    world: World, ix: Interaction, channel: Channel, guild: Guild | None
) -> dict[str, Any]:
    """INTERACTION_CREATE's ``d`` for a guild channel."""
    user_perms = world.permissions_in(channel, ix.user_id)
    app_perms = world.permissions_in(channel, world.bot.id)
    payload: dict[str, Any] = {
        "id": str(ix.id),
        "application_id": str(world.application_id),
        "type": ix.type,
        "token": ix.token,
        "version": 1,
        "channel_id": str(channel.id),
        "channel": {**payloads.channel(world, channel), "permissions": str(user_perms)},
        "locale": "en-US",
        "app_permissions": str(app_perms),
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "context": 0 if guild else 1,
    }
    if ix.type != PING:
        payload["data"] = ix.data
    if guild is not None:
        member = guild.members[ix.user_id]
        payload.update(
            guild_id=str(guild.id),
            guild={"id": str(guild.id), "locale": "en-US", "features": []},
            guild_locale="en-US",
            member=payloads.member(world, member, permissions=user_perms),
            authorizing_integration_owners={"0": str(guild.id)},
        )
    else:
        payload["user"] = payloads.user(world.user(ix.user_id))
    if ix.message_id is not None:
        payload["message"] = payloads.message(world, world.messages[ix.message_id])
    return payload


# -- slash commands -------------------------------------------------------------------------------
def _option_value(
    world: World, guild: Guild, type_: int, value: Any, resolved: dict[str, dict[str, Any]]
) -> Any:
    if type_ in (3, 4, 5, 10):
        return value
    target = int(getattr(value, "id", getattr(value, "user_id", value)))
    key = str(target)
    if type_ in (6, 9) and target in world.users:
        resolved.setdefault("users", {})[key] = payloads.user(world.users[target])
        member = guild.members.get(target)
        if member is not None:
            body = payloads.member(world, member, permissions=0)
            body.pop("user")
            resolved.setdefault("members", {})[key] = body
    elif type_ == 7:
        channel = world.channel(target)
        resolved.setdefault("channels", {})[key] = {
            **payloads.channel(world, channel),
            "permissions": str(world.permissions_in(channel, world.bot.id)),
        }
    elif type_ in (8, 9) and target in guild.roles:
        resolved.setdefault("roles", {})[key] = payloads.role(guild.roles[target], guild.id, world.bot.id)
    else:
        raise LookupError(f"option value {value!r} is not a known user, channel or role")
    return key


def build_options(
    world: World,
    guild: Guild,
    definitions: list[dict[str, Any]],
    values: dict[str, Any],
    *,
    focused: str | None = None,
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The ``options`` and ``resolved`` of a chat-input interaction, typed by the command's definition."""
    by_name = {d["name"]: d for d in definitions if d.get("type") not in (1, 2)}
    unknown = set(values) - set(by_name)
    if unknown:
        raise LookupError(f"the command has no option(s) {sorted(unknown)}")
    missing = [n for n, d in by_name.items() if d.get("required") and n not in values and n != focused]
    if missing and focused is None:
        raise ValueError(f"required option(s) {missing} missing: a client would not send this")
    resolved: dict[str, dict[str, Any]] = {}
    options = []
    for name, value in values.items():
        type_ = int(by_name[name].get("type") or _OPTION_TYPES.get(type(value), 3))
        option: dict[str, Any] = {"name": name, "type": type_}
        option["value"] = value if name == focused else _option_value(world, guild, type_, value, resolved)
        if name == focused:
            option["focused"] = True
        options.append(option)
    return options, resolved


def slash_data(
    world: World,
    guild: Guild,
    name: str,
    options: dict[str, Any],
    subcommand: str | None,
    *,
    focused: str | None = None,
) -> dict[str, Any]:
    command = world.find_command(guild.id, name)
    path = subcommand.split() if subcommand else []
    built, resolved = build_options(world, guild, command.option(path), options, focused=focused)
    for depth in range(len(path), 0, -1):
        built = [{"name": path[depth - 1], "type": 1 if depth == len(path) else 2, "options": built}]
    data: dict[str, Any] = {"id": str(command.id), "name": command.name, "type": 1, "options": built}
    if command.guild_id is not None:
        data["guild_id"] = str(command.guild_id)
    if resolved:
        data["resolved"] = resolved
    return data


# -- components and modals -----------------------------------------------------------------------
def _walk(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for component in components:
        found.append(component)
        found.extend(_walk(component.get("components") or []))
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                found.extend(_walk([component[key]]))
    return found


def component_data(message: Message, custom_id: str, values: list[str] | None) -> dict[str, Any]:
    component = next((c for c in _walk(message.components) if c.get("custom_id") == custom_id), None)
    if component is None:
        raise LookupError(f"message {message.id} has no component with custom_id {custom_id!r}")
    if component.get("disabled"):
        raise ValueError(f"component {custom_id!r} is disabled: a client cannot use it")
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
    if component["type"] in _SELECTS:
        data["values"] = list(values or [])
    elif values is not None:
        raise ValueError("only select menus take values")
    return data


def modal_data(modal: dict[str, Any], values: dict[str, str | list[str]]) -> dict[str, Any]:
    """A MODAL_SUBMIT's data from the modal the bot opened and what the member typed."""
    fields: dict[str, dict[str, Any]] = {
        c["custom_id"]: c for c in _walk(modal.get("components") or []) if c.get("custom_id")
    }
    unknown = set(values) - set(fields)
    if unknown:
        raise LookupError(f"the modal has no input(s) {sorted(unknown)}")

    def answer(component: dict[str, Any]) -> dict[str, Any]:
        custom_id = component["custom_id"]
        given = values.get(custom_id, component.get("value", ""))
        if component["type"] == 4:
            if component.get("required", True) and not given:
                raise ValueError(f"input {custom_id!r} is required: a client would not submit the modal")
            return {"type": 4, "custom_id": custom_id, "value": given}
        return {"type": component["type"], "custom_id": custom_id, "values": list(given or [])}

    rows: list[dict[str, Any]] = []
    for component in modal.get("components") or []:
        if component["type"] == 1:
            rows.append({"type": 1, "components": [answer(c) for c in component.get("components") or []]})
        elif component["type"] == 18 and isinstance(component.get("component"), dict):
            rows.append({"type": 18, "component": answer(component["component"])})
    return {"custom_id": modal["custom_id"], "components": rows}
