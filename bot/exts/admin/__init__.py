"""/qotd: admin commands to set up and manage the question of the day; /moderate for moderators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.admin.cog import QotdAdmin
from bot.exts.admin.moderate import Moderate

if TYPE_CHECKING:
    from bot.app import QotdBot


async def setup(bot: QotdBot) -> None:
    await bot.add_cog(QotdAdmin(bot))
    await bot.add_cog(Moderate(bot))
