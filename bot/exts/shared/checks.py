"""Permission checks done in code (hiding a command is not enough)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.exts.shared.replies import NotAdmin


def is_admin(interaction: discord.Interaction) -> bool:
    """Whether the member may manage the server's question of the day (Manage Server)."""
    permissions = interaction.permissions
    return bool(permissions.manage_guild or permissions.administrator)


def admin_only() -> app_commands.Check:  # type: ignore[type-arg]
    """An app-command check: Manage Server required, whatever the server's command settings say."""

    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        if not is_admin(interaction):
            raise NotAdmin()
        return True

    return app_commands.check(predicate)


# What the bot needs in the question channel, with the names Discord's settings show.
POST_PERMISSIONS: dict[str, str] = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
    "read_message_history": "Read Message History",
}
THREAD_PERMISSIONS: dict[str, str] = {
    "create_public_threads": "Create Public Threads",
    "send_messages_in_threads": "Send Messages in Threads",
}


def missing_permissions(channel: discord.abc.GuildChannel, me: discord.Member, *, threads: bool) -> list[str]:
    """The human names of the permissions the bot lacks in ``channel`` for posting there."""
    have = channel.permissions_for(me)
    wanted = {**POST_PERMISSIONS, **(THREAD_PERMISSIONS if threads else {})}
    return [name for attr, name in wanted.items() if not getattr(have, attr)]
