"""A local Discord API emulator (REST /api/v10 + gateway) that the real discord.py connects to.

    async with Emulator(guilds=3) as emu, running_bot(emu, bot):   # see tests/wire/pingbot.py
        ix = await emu.invoke_slash(guild, channel, member, "ping")
        answer = await ix.acknowledged()

See ``server.Emulator`` for the in-process API, ``redirect.point_discord_at`` for pointing
discord.py at it, ``remote.spawn_emulator`` for the subprocess mode and its control API.
"""

from .faults import Faults
from .interactions import Callback, Interaction
from .permissions import (
    ATTACH_FILES,
    CREATE_PUBLIC_THREADS,
    EMBED_LINKS,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
)
from .ratelimits import MESSAGE_CREATE, RateLimitConfig, Rule
from .recording import RequestRecord
from .redirect import point_discord_at
from .remote import RemoteEmulator, spawn_emulator
from .server import DEFAULT_TOKEN, Emulator
from .state import Channel, Guild, Message, World
from .validation import ValidationFailure

__all__ = [
    "ATTACH_FILES",
    "CREATE_PUBLIC_THREADS",
    "DEFAULT_TOKEN",
    "EMBED_LINKS",
    "MESSAGE_CREATE",
    "READ_MESSAGE_HISTORY",
    "SEND_MESSAGES",
    "SEND_MESSAGES_IN_THREADS",
    "VIEW_CHANNEL",
    "Callback",
    "Channel",
    "Emulator",
    "Faults",
    "Guild",
    "Interaction",
    "Message",
    "RateLimitConfig",
    "RemoteEmulator",
    "RequestRecord",
    "Rule",
    "ValidationFailure",
    "World",
    "point_discord_at",
    "spawn_emulator",
]
