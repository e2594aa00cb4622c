"""Gateway events the emulated API emits after a change, with the intent each needs."""

from __future__ import annotations

from . import payloads
from .gateway import DIRECT_MESSAGES, GUILD_MESSAGES, GUILDS, Gateway
from .interactions import EPHEMERAL
from .state import Channel, Message, World


def _message_intent(message: Message) -> int:
    return DIRECT_MESSAGES if message.guild_id is None else GUILD_MESSAGES


def message_created(gateway: Gateway, world: World, message: Message) -> None:
    _message_event(gateway, world, message, "MESSAGE_CREATE")


def message_updated(gateway: Gateway, world: World, message: Message) -> None:
    _message_event(gateway, world, message, "MESSAGE_UPDATE")


def _message_event(gateway: Gateway, world: World, message: Message, event: str) -> None:
    if message.flags & EPHEMERAL:
        return  # ephemeral messages never reach the gateway
    gateway.dispatch(
        event, payloads.message(world, message), guild_id=message.guild_id, intent=_message_intent(message)
    )


def message_deleted(gateway: Gateway, message: Message) -> None:
    data = {"id": str(message.id), "channel_id": str(message.channel_id)}
    if message.guild_id is not None:
        data["guild_id"] = str(message.guild_id)
    gateway.dispatch("MESSAGE_DELETE", data, guild_id=message.guild_id, intent=_message_intent(message))


def channel_changed(gateway: Gateway, world: World, channel: Channel, event: str) -> None:
    """CHANNEL_UPDATE / CHANNEL_DELETE / THREAD_CREATE / THREAD_DELETE."""
    data = payloads.channel(world, channel)
    if event == "THREAD_CREATE":
        data["newly_created"] = True
    gateway.dispatch(event, data, guild_id=channel.guild_id, intent=GUILDS)
