"""Answer forms (modals) that never lose what a member typed.

discord.py keeps an open ``Modal`` object in memory and routes its submission
to it; that object is gone after a restart or its timeout, and the member's
text with it ("This interaction failed"). Here a form is only sent, never
kept: its ``custom_id`` carries the state (``qotd:form:<post_id>``, a ``CustomId``),
and a submission is routed by that id to a handler registered by a cog, whenever
it arrives; the handler gets the id's fields parsed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import discord

from bot.domain import limits
from bot.exts.shared.buttons import CustomId, FormFields
from bot.exts.shared.replies import reply_error

log = logging.getLogger(__name__)

FormHandler = Callable[[discord.Interaction, FormFields, Mapping[str, str]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Field:
    custom_id: str
    label: str
    default: str | None = None
    placeholder: str | None = None
    paragraph: bool = True
    max_length: int = limits.TEXT_INPUT_VALUE
    required: bool = True
    min_length: int | None = None
    # (label, value) pairs: a select menu of one choice instead of a text box (``default`` picks one).
    choices: tuple[tuple[str, str], ...] = ()


def _select(f: Field) -> discord.ui.Label[Any]:
    options = [
        discord.SelectOption(
            label=label[: limits.SELECT_OPTION_LABEL], value=value, default=value == f.default
        )
        for label, value in f.choices[: limits.SELECT_OPTIONS]
    ]
    select: discord.ui.Select[Any] = discord.ui.Select(
        custom_id=f.custom_id, options=options, placeholder=f.placeholder, required=f.required
    )
    return discord.ui.Label(text=f.label[: limits.TEXT_INPUT_LABEL], component=select)


async def open_form(
    interaction: discord.Interaction, *, custom_id: str, title: str, fields: Sequence[Field]
) -> None:
    """Show a form as the first response to ``interaction``; its submission goes to ``FormRouter``."""
    modal = discord.ui.Modal(title=title[: limits.MODAL_TITLE], custom_id=custom_id, timeout=None)
    for f in fields:
        if f.choices:
            modal.add_item(_select(f))
            continue
        modal.add_item(
            discord.ui.TextInput(
                custom_id=f.custom_id,
                label=f.label[: limits.TEXT_INPUT_LABEL],
                style=discord.TextStyle.paragraph if f.paragraph else discord.TextStyle.short,
                default=f.default,
                placeholder=f.placeholder,
                max_length=f.max_length,
                min_length=f.min_length,
                required=f.required,
            )
        )
    await interaction.response.send_modal(modal)
    modal.stop()  # not kept in memory: the router answers the submission, even after a restart


def form_values(interaction: discord.Interaction) -> dict[str, str]:
    """The submitted text of each input, by custom_id, exactly as typed (a select: the value picked)."""
    values: dict[str, str] = {}
    data: Any = interaction.data or {}
    for row in data.get("components", []):
        for component in row.get("components", [row]) if "components" in row else [row]:
            custom_id = component.get("custom_id")
            if custom_id is not None:
                values[custom_id] = component.get("value") or ""
        if "component" in row:  # label-wrapped inputs (components v2 modals)
            inner = row["component"]
            picked = inner.get("values")
            values[inner.get("custom_id", "")] = (
                ",".join(picked) if isinstance(picked, list) else inner.get("value") or ""
            )
    return values


class FormRouter:
    """Routes modal submissions to the handler whose ``CustomId`` their custom_id is of."""

    def __init__(self) -> None:
        self._routes: list[tuple[CustomId, FormHandler]] = []

    def register(self, form: CustomId, handler: FormHandler) -> None:
        self._routes.append((form, handler))

    def unregister(self, handler: FormHandler) -> None:
        self._routes = [(p, h) for p, h in self._routes if h != handler]

    async def dispatch(self, interaction: discord.Interaction) -> bool:
        if interaction.type is not discord.InteractionType.modal_submit:
            return False
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        for form, handler in self._routes:
            fields = form.read(custom_id)
            if fields is not None:
                try:
                    await handler(interaction, fields, form_values(interaction))
                except Exception as exc:  # the member gets a reply; the log gets the rest
                    await reply_error(interaction, exc)
                return True
        return False
