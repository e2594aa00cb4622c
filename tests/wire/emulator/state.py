"""What the emulated Discord knows: users, guilds, channels, roles, members, messages, commands.

Plain slotted dataclasses keyed by id, so a world of 10,000 guilds stays small; the Discord
JSON for each object is built on demand in ``payloads``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from . import permissions as perms
from .errors import (
    MISSING_ACCESS,
    MISSING_PERMISSIONS,
    UNKNOWN_CHANNEL,
    UNKNOWN_GUILD,
    UNKNOWN_MEMBER,
    UNKNOWN_MESSAGE,
    UNKNOWN_USER,
    ApiError,
)
from .permissions import MEMBER_OVERWRITE, Overwrite
from .snowflakes import Snowflakes

TEXT = 0
DM = 1
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12
THREAD_TYPES = (PUBLIC_THREAD, PRIVATE_THREAD)


@dataclass(slots=True)
class User:
    id: int
    username: str
    bot: bool = False
    dms_open: bool = True  # False: sending a DM answers 50007


@dataclass(slots=True)
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False


@dataclass(slots=True)
class Member:
    user_id: int
    roles: list[int]
    joined_at: datetime
    nick: str | None = None


@dataclass(slots=True)
class Channel:
    id: int
    type: int
    name: str
    guild_id: int | None = None
    position: int = 0
    parent_id: int | None = None  # a thread's channel
    owner_id: int | None = None  # a thread's creator
    recipient_id: int | None = None  # a DM's other user
    overwrites: list[Overwrite] = field(default_factory=list)
    last_message_id: int | None = None
    message_count: int = 0
    auto_archive_duration: int = 1440


@dataclass(slots=True)
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role]
    channel_ids: list[int]
    members: dict[int, Member]
    created_at: datetime
    thread_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Message:
    id: int
    channel_id: int
    guild_id: int | None
    author_id: int
    content: str
    created_at: datetime
    type: int = 0
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    nonce: str | int | None = None
    allowed_mentions: dict[str, Any] | None = None
    flags: int = 0
    tts: bool = False
    edited_at: datetime | None = None
    webhook_id: int | None = None
    interaction_id: int | None = None
    thread_id: int | None = None
    message_reference: dict[str, Any] | None = None
    embeds_suppressed: bool = False  # sent with embeds but without Embed Links: the API drops them
    raw: dict[str, Any] | None = None  # the request body as the bot sent it


@dataclass(slots=True)
class ApplicationCommand:
    id: int
    guild_id: int | None
    name: str
    type: int
    data: dict[str, Any]  # as the bot registered it

    def option(self, path: list[str]) -> list[dict[str, Any]]:
        """The option definitions under a subcommand path (``[]`` for the top level)."""
        options: list[dict[str, Any]] = self.data.get("options") or []
        for name in path:
            found = next((o for o in options if o.get("name") == name and o.get("type") in (1, 2)), None)
            if found is None:
                raise LookupError(f"/{self.name} has no subcommand {' '.join(path)!r}")
            options = found.get("options") or []
        return options


@dataclass(slots=True)
class NonceEntry:
    message_id: int
    at: float  # time.monotonic()


@dataclass
class World:
    """All state, with the look-ups the REST handlers need (raising Discord's errors)."""

    ids: Snowflakes
    application_id: int
    bot: User
    owner: User
    users: dict[int, User] = field(default_factory=dict)
    guilds: dict[int, Guild] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    channel_messages: dict[int, list[int]] = field(default_factory=dict)
    global_commands: dict[str, ApplicationCommand] = field(default_factory=dict)
    guild_commands: dict[int, dict[str, ApplicationCommand]] = field(default_factory=dict)
    dm_channels: dict[int, int] = field(default_factory=dict)
    nonces: dict[tuple[int, int, str], NonceEntry] = field(default_factory=dict)

    @classmethod
    def seeded(cls, *, guilds: int, channels_per_guild: int = 2, members_per_guild: int = 3) -> World:
        """A bot in ``guilds`` servers, each with text channels, @everyone, the bot's role and members.

        Member users are shared between guilds (the same people in every server) to keep a
        10,000-guild world light.
        """
        ids = Snowflakes()
        application_id = ids.seeded()
        bot = User(application_id, "qotd-emulated", bot=True)
        owner = User(ids.seeded(), "owner")
        world = cls(ids=ids, application_id=application_id, bot=bot, owner=owner)
        for user in (bot, owner):
            world.users[user.id] = user
        humans = [User(ids.seeded(), f"member{i}") for i in range(members_per_guild)]
        for user in humans:
            world.users[user.id] = user
        created = datetime(2024, 1, 1, tzinfo=UTC)
        # Guild ids in a row (1 ms apart) spread evenly over shards: (id >> 22) % shard_count.
        guild_ids = [ids.seeded() for _ in range(guilds)]
        for index, guild_id in enumerate(guild_ids):
            world.add_guild(
                f"Server {index}",
                channel_names=[f"channel-{c}" for c in range(channels_per_guild)],
                member_ids=[owner.id, *(u.id for u in humans)],
                created_at=created,
                guild_id=guild_id,
            )
        return world

    def add_guild(
        self,
        name: str,
        *,
        channel_names: list[str],
        member_ids: list[int],
        created_at: datetime,
        guild_id: int | None = None,
    ) -> Guild:
        guild_id = guild_id or self.ids.seeded()
        bot_role = Role(self.ids.seeded(), "qotd", perms.BOT_ROLE_DEFAULT, position=1, managed=True)
        roles = {guild_id: Role(guild_id, "@everyone", perms.EVERYONE_DEFAULT), bot_role.id: bot_role}
        members = {uid: Member(uid, [], created_at) for uid in member_ids}
        members[self.bot.id] = Member(self.bot.id, [bot_role.id], created_at)
        guild = Guild(guild_id, name, self.owner.id, roles, [], members, created_at)
        self.guilds[guild_id] = guild
        for position, channel_name in enumerate(channel_names):
            self.add_channel(
                Channel(self.ids.seeded(), TEXT, channel_name, guild_id=guild_id, position=position)
            )
        return guild

    def add_channel(self, channel: Channel) -> Channel:
        self.channels[channel.id] = channel
        if channel.guild_id is not None:
            guild = self.guilds[channel.guild_id]
            (guild.thread_ids if channel.type in THREAD_TYPES else guild.channel_ids).append(channel.id)
        return channel

    def remove_channel(self, channel_id: int) -> Channel:
        """Remove a channel (and its threads)."""
        channel = self.channel(channel_id)
        del self.channels[channel_id]
        if channel.guild_id is not None:
            guild = self.guilds[channel.guild_id]
            for listed in (guild.channel_ids, guild.thread_ids):
                if channel_id in listed:
                    listed.remove(channel_id)
            for thread_id in [t for t in guild.thread_ids if self.channels[t].parent_id == channel_id]:
                guild.thread_ids.remove(thread_id)
                del self.channels[thread_id]
        return channel

    # -- look-ups that answer like the API ------------------------------------------------------
    def guild(self, guild_id: int) -> Guild:
        try:
            return self.guilds[guild_id]
        except KeyError:
            raise ApiError(UNKNOWN_GUILD) from None

    def channel(self, channel_id: int) -> Channel:
        try:
            return self.channels[channel_id]
        except KeyError:
            raise ApiError(UNKNOWN_CHANNEL) from None

    def user(self, user_id: int) -> User:
        try:
            return self.users[user_id]
        except KeyError:
            raise ApiError(UNKNOWN_USER) from None

    def member(self, guild_id: int, user_id: int) -> Member:
        try:
            return self.guild(guild_id).members[user_id]
        except KeyError:
            raise ApiError(UNKNOWN_MEMBER) from None

    def message(self, channel_id: int, message_id: int) -> Message:
        message = self.messages.get(message_id)
        if message is None or message.channel_id != channel_id:
            raise ApiError(UNKNOWN_MESSAGE)
        return message

    def channel_messages_of(self, channel_id: int) -> list[Message]:
        return [self.messages[mid] for mid in self.channel_messages.get(channel_id, ())]

    # -- permissions ---------------------------------------------------------------------------
    def permissions_in(self, channel: Channel, user_id: int) -> int:
        """The user's permissions in a guild channel (a thread uses its parent's overwrites)."""
        if channel.guild_id is None:
            return perms.ALL
        guild = self.guilds[channel.guild_id]
        member = guild.members.get(user_id)
        if member is None:
            return 0
        base = perms.base_permissions(
            guild_id=guild.id,
            owner_id=guild.owner_id,
            member_id=user_id,
            member_roles=member.roles,
            role_permissions={rid: r.permissions for rid, r in guild.roles.items()},
        )
        source = self.channels.get(channel.parent_id, channel) if channel.parent_id else channel
        return perms.channel_permissions(
            base,
            guild_id=guild.id,
            member_id=user_id,
            member_roles=member.roles,
            overwrites=source.overwrites,
        )

    def bot_channel(self, channel_id: int, *, need: int = 0) -> tuple[Channel, int]:
        """The channel as the bot may use it: 10003 if gone, 50001 without View Channel, 50013 without ``need``."""
        channel = self.channel(channel_id)
        if channel.type == DM:
            return channel, perms.ALL
        granted = self.permissions_in(channel, self.bot.id)
        if not granted & perms.VIEW_CHANNEL:
            raise ApiError(MISSING_ACCESS)
        if need and granted & need != need:
            raise ApiError(MISSING_PERMISSIONS)
        return channel, granted

    def set_member_overwrite(
        self, channel_id: int, user_id: int, *, allow: int = 0, deny: int = 0
    ) -> Channel:
        channel = self.channel(channel_id)
        target = channel
        if channel.parent_id is not None:
            target = self.channel(channel.parent_id)
        target.overwrites = [
            o for o in target.overwrites if not (o.type == MEMBER_OVERWRITE and o.id == user_id)
        ]
        if allow or deny:
            target.overwrites.append(Overwrite(user_id, MEMBER_OVERWRITE, allow, deny))
        return target

    # -- messages ------------------------------------------------------------------------------
    def store_message(self, message: Message) -> Message:
        self.messages[message.id] = message
        self.channel_messages.setdefault(message.channel_id, []).append(message.id)
        channel = self.channels.get(message.channel_id)
        if channel is not None:
            channel.last_message_id = message.id
            channel.message_count += 1
        return message

    def remove_message(self, message: Message) -> None:
        self.messages.pop(message.id, None)
        ids = self.channel_messages.get(message.channel_id)
        if ids and message.id in ids:
            ids.remove(message.id)

    def remembered_nonce(self, channel_id: int, author_id: int, nonce: str, window: float) -> Message | None:
        entry = self.nonces.get((channel_id, author_id, nonce))
        if entry is None or time.monotonic() - entry.at > window:
            return None
        return self.messages.get(entry.message_id)

    def remember_nonce(self, channel_id: int, author_id: int, nonce: str, message_id: int) -> None:
        self.nonces[(channel_id, author_id, nonce)] = NonceEntry(message_id, time.monotonic())

    # -- commands -------------------------------------------------------------------------------
    def find_command(self, guild_id: int | None, name: str, type_: int = 1) -> ApplicationCommand:
        """The command a member's client would offer: the guild's own first, then the global one."""
        for table in (self.guild_commands.get(guild_id or 0, {}), self.global_commands):
            command = table.get(name)
            if command is not None and command.type == type_:
                return command
        raise LookupError(f"no application command /{name} is registered (did the bot sync its tree?)")
