"""A per-member rate limit owned by one bot, for commands that make the bot work hard."""

from __future__ import annotations

import discord
from discord import app_commands


class MemberCooldown:
    """At most ``rate`` uses per ``per`` seconds for each member of each server.

    ``app_commands.checks.cooldown`` keeps its buckets in the decorator, shared by
    every bot built in the process; here they belong to the cog, so a restarted
    bot (and each test's bot, whose simulated members get the same ids) starts
    afresh. Time is the interaction's own (``created_at``), as discord.py does.
    """

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._buckets: dict[tuple[int | None, int], app_commands.Cooldown] = {}

    def hit(self, interaction: discord.Interaction) -> None:
        """Count one use; ``CommandOnCooldown`` (worded by the tree's error handler) when over the rate."""
        now = interaction.created_at.timestamp()
        for key, old in list(self._buckets.items()):
            if old.get_tokens(now) >= old.rate:  # fully recovered: nothing to remember
                del self._buckets[key]
        bucket = self._buckets.setdefault(
            (interaction.guild_id, interaction.user.id), app_commands.Cooldown(self.rate, self.per)
        )
        retry_after = bucket.update_rate_limit(now)
        if retry_after is not None:
            raise app_commands.CommandOnCooldown(bucket, retry_after)
