"""Private replies, and the one place errors become friendly messages.

A rule's error (``DomainError``) is shown as is: its text was written for
members. Anything unexpected is logged with an incident number and the member
gets a short apology with that number, never a traceback.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Concatenate, ParamSpec, TypeVar

import discord
from discord import app_commands

from bot.domain.errors import DomainError
from bot.domain.pages import truncate
from bot.services.members import MemberRef

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
ERROR_COLOUR = discord.Colour.red()

P = ParamSpec("P")
S = TypeVar("S")


class NotAdmin(app_commands.CheckFailure):
    """The member lacks Manage Server for an admin command."""

    def __init__(self) -> None:
        super().__init__("Only members with the **Manage Server** permission can do that.")


def member_ref(interaction: discord.Interaction) -> MemberRef:
    """Who is acting, with the role ids Discord sent along (no member intent needed)."""
    if interaction.guild_id is None:
        raise DomainError("That only works inside a server.")
    user = interaction.user
    roles: Sequence[int] = (
        [r.id for r in user.roles if not r.is_default()] if isinstance(user, discord.Member) else []
    )
    return MemberRef(guild_id=interaction.guild_id, member_id=user.id, role_ids=tuple(sorted(roles)))


async def send_private(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: Sequence[discord.Embed] = (),
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> None:
    """An ephemeral reply, as the first response or as a follow-up; never pings."""
    kwargs: dict[str, Any] = {"ephemeral": True, "allowed_mentions": NO_PINGS}
    if content is not None:
        kwargs["content"] = truncate(content, 2000)
    if embed is not None:
        kwargs["embed"] = embed
    elif embeds:
        kwargs["embeds"] = list(embeds)
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


def error_text(error: BaseException) -> str:
    """What to tell the member about ``error``."""
    original = getattr(error, "original", None) or getattr(error, "__cause__", None)
    if isinstance(error, DomainError):
        return str(error)
    if isinstance(original, DomainError):
        return str(original)
    if isinstance(error, NotAdmin):
        return str(error)
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That only works inside a server."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: you can use that again in {error.retry_after:.0f} seconds."
    if isinstance(error, app_commands.BotMissingPermissions):
        missing = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
        return f"I'm missing the permission(s) {missing} here."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that here."
    incident = secrets.token_hex(3)
    log.error("unexpected error (incident %s)", incident, exc_info=error)
    return f"Something went wrong on my side (incident `{incident}`); it has been logged. Please try again later."


async def reply_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the member privately what went wrong; never raises."""
    text = error_text(error)
    try:
        await send_private(interaction, embed=discord.Embed(description=text, colour=ERROR_COLOUR))
    except discord.HTTPException:
        log.warning("could not deliver an error reply to interaction %s", interaction.id)


def replies_errors(
    func: Callable[Concatenate[S, discord.Interaction, P], Awaitable[None]],
) -> Callable[Concatenate[S, discord.Interaction, P], Awaitable[None]]:
    """For component and modal callbacks: any error becomes a private reply."""

    @functools.wraps(func)
    async def wrapper(self: S, interaction: discord.Interaction, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await func(self, interaction, *args, **kwargs)
        except Exception as exc:  # the member gets a message; the log gets the rest
            await reply_error(interaction, exc)

    return wrapper
