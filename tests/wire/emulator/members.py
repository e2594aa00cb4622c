"""Driving the bot as a member's client would: slash commands, autocomplete, buttons, modals.

Each action dispatches INTERACTION_CREATE to the bot's sessions and returns the ``Interaction``;
``await interaction.acknowledged()`` gives the bot's ``Callback`` (type, data, and the seconds
from dispatch to the callback's arrival).
"""

from __future__ import annotations

import asyncio
from typing import Any

from .gateway import Gateway
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    Callback,
    Interaction,
    component_data,
    interaction_payload,
    modal_data,
    new_interaction,
    slash_data,
)
from .state import Channel, Guild, Message, World


def as_id(value: Any) -> int:
    """Accept an id or an object with ``.id`` / ``.user_id`` (emulator or discord.py objects)."""
    for attribute in ("id", "user_id"):
        if hasattr(value, attribute):
            return int(getattr(value, attribute))
    return int(value)


class MemberActions:
    """Mixed into ``Emulator``."""

    world: World
    gateway: Gateway
    interactions: dict[int, Interaction]
    interactions_by_token: dict[str, Interaction]

    async def invoke_slash(
        self,
        guild: Guild | int,
        channel: Channel | int,
        member: Any,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        subcommand: str | None = None,
    ) -> Interaction:
        """A member runs ``/name [subcommand] options``; returns the dispatched interaction."""
        g = self.world.guild(as_id(guild))
        data = slash_data(self.world, g, name, options or {}, subcommand)
        return await self._dispatch(APPLICATION_COMMAND, g, as_id(channel), as_id(member), data)

    async def autocomplete(
        self,
        guild: Guild | int,
        channel: Channel | int,
        member: Any,
        name: str,
        options: dict[str, Any],
        *,
        focused: str,
        subcommand: str | None = None,
    ) -> Interaction:
        """A member types into option ``focused``; the bot should answer with callback type 8."""
        g = self.world.guild(as_id(guild))
        data = slash_data(self.world, g, name, options, subcommand, focused=focused)
        return await self._dispatch(AUTOCOMPLETE, g, as_id(channel), as_id(member), data)

    async def click(
        self, message: Message | int, custom_id: str, member: Any, *, values: list[str] | None = None
    ) -> Interaction:
        """A member presses a button (or picks ``values`` in a select) on one of the bot's messages."""
        msg = message if isinstance(message, Message) else self.world.messages[as_id(message)]
        g = self.world.guild(msg.guild_id) if msg.guild_id is not None else None
        data = component_data(msg, custom_id, values)
        return await self._dispatch(
            MESSAGE_COMPONENT, g, msg.channel_id, as_id(member), data, message_id=msg.id
        )

    async def submit_modal(
        self, interaction_response: Callback, values: dict[str, Any], member: Any | None = None
    ) -> Interaction:
        """Submit the modal the bot opened (a callback of type 9) with the member's ``values`` by custom_id."""
        if interaction_response.type != MODAL or interaction_response.data is None:
            raise ValueError(f"callback type {interaction_response.type} opened no modal")
        source = interaction_response.interaction
        g = self.world.guild(source.guild_id) if source.guild_id is not None else None
        user_id = source.user_id if member is None else as_id(member)
        data = modal_data(interaction_response.data, values)
        return await self._dispatch(
            MODAL_SUBMIT, g, source.channel_id, user_id, data, message_id=source.message_id
        )

    async def _dispatch(
        self,
        type_: int,
        guild: Guild | None,
        channel_id: int,
        user_id: int,
        data: dict[str, Any],
        *,
        message_id: int | None = None,
    ) -> Interaction:
        channel = self.world.channels.get(channel_id)
        if channel is None:
            raise LookupError(f"channel {channel_id} does not exist")
        if guild is not None and user_id not in guild.members:
            raise LookupError(f"user {user_id} is not a member of guild {guild.id}")
        ix = new_interaction(
            self.world,
            type=type_,
            guild_id=guild.id if guild else None,
            channel_id=channel_id,
            user_id=user_id,
            data=data,
            message_id=message_id,
        )
        self.interactions[ix.id] = ix
        self.interactions_by_token[ix.token] = ix
        payload = interaction_payload(self.world, ix, channel, guild)
        reached = self.gateway.dispatch("INTERACTION_CREATE", payload, guild_id=ix.guild_id)
        if not reached:
            raise RuntimeError("no bot session is connected to receive the interaction")
        await asyncio.sleep(0)
        return ix
