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

from bot.domain import limits
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


def fit_embed(embed: discord.Embed, total: int = limits.EMBED_TOTAL) -> discord.Embed:
    """A copy of ``embed`` within Discord's limits, every cut ending in a visible "…".

    Each part is cut to its own limit (title, description, field names and values,
    footer, author, 25 fields); then, while the whole is over ``total`` characters,
    the description and then the last fields' values give way. Discord refuses an
    oversized embed outright, so the member would get no reply at all.
    """
    fitted = embed.copy()
    if fitted.title:
        fitted.title = truncate(fitted.title, limits.EMBED_TITLE)
    if fitted.description:
        fitted.description = truncate(fitted.description, limits.EMBED_DESCRIPTION)
    while len(fitted.fields) > limits.EMBED_FIELDS:
        fitted.remove_field(-1)
    for i, field in enumerate(fitted.fields):
        fitted.set_field_at(
            i,
            name=truncate(field.name or "", limits.EMBED_FIELD_NAME),
            value=truncate(field.value or "", limits.EMBED_FIELD_VALUE),
            inline=bool(field.inline),
        )
    if fitted.footer.text:
        fitted.set_footer(
            text=truncate(fitted.footer.text, limits.EMBED_FOOTER), icon_url=fitted.footer.icon_url
        )
    if fitted.author.name:
        fitted.set_author(
            name=truncate(fitted.author.name, limits.EMBED_AUTHOR_NAME),
            url=fitted.author.url,
            icon_url=fitted.author.icon_url,
        )
    if len(fitted) > total and fitted.description:
        fitted.description = truncate(
            fitted.description, max(1, len(fitted.description) - (len(fitted) - total))
        )
    for i in reversed(range(len(fitted.fields))):
        if len(fitted) <= total:
            break
        field = fitted.fields[i]
        value = truncate(field.value or "", max(1, len(field.value or "") - (len(fitted) - total)))
        fitted.set_field_at(i, name=field.name, value=value, inline=bool(field.inline))
        name = field.name or ""
        if len(fitted) > total:
            name = truncate(name, max(1, len(name) - (len(fitted) - total)))
            fitted.set_field_at(i, name=name, value=value, inline=bool(field.inline))
    while len(fitted) > total and fitted.fields:
        fitted.remove_field(-1)  # only when even one character per field is too much
    if len(fitted) > total and fitted.title:
        fitted.title = truncate(fitted.title, max(1, len(fitted.title) - (len(fitted) - total)))
    return fitted


def fit_embeds(embeds: Sequence[discord.Embed]) -> list[discord.Embed]:
    """Several embeds of one message within Discord's limits, their text 6,000 characters together."""
    fitted: list[discord.Embed] = []
    budget = limits.EMBED_TOTAL
    for embed in embeds[: limits.EMBEDS_PER_MESSAGE]:
        if budget <= 0:
            break  # the ones before already end in "…"
        fitted.append(fit_embed(embed, total=budget))
        budget -= len(fitted[-1])
    return fitted


async def send_private(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: Sequence[discord.Embed] = (),
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
    files: Sequence[discord.File] = (),
) -> None:
    """An ephemeral reply, as the first response or as a follow-up; never pings; cut to Discord's limits."""
    kwargs: dict[str, Any] = {"ephemeral": True, "allowed_mentions": NO_PINGS}
    if content is not None:
        kwargs["content"] = truncate(content, limits.MESSAGE_CONTENT)
    if embed is not None:
        kwargs["embed"] = fit_embed(embed)
    elif embeds:
        kwargs["embeds"] = fit_embeds(embeds)
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    elif files:
        kwargs["files"] = list(files)
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
