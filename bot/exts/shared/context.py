"""Reaching the services from any interaction, typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

if TYPE_CHECKING:
    from bot.app import QotdBot
    from bot.services.container import Services


def bot_of(interaction: discord.Interaction) -> QotdBot:
    return cast("QotdBot", interaction.client)


def services_of(interaction: discord.Interaction) -> Services:
    return bot_of(interaction).services
