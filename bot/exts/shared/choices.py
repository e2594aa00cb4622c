"""Slash-command choices that several commands offer, defined once."""

from __future__ import annotations

from discord import app_commands

from bot.domain.questions import Difficulty

DIFFICULTIES = [app_commands.Choice(name=d.value.title(), value=d.value) for d in Difficulty]
