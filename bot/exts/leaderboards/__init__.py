"""Leaderboards, ranks, streaks, personal stats with a chart, and topic areas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.leaderboards.cog import LeaderboardsCog

if TYPE_CHECKING:
    from bot.app import QotdBot


async def setup(bot: QotdBot) -> None:
    await bot.add_cog(LeaderboardsCog(bot))
