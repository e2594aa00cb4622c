"""The daily question: posting, answering privately, revealing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.daily.cog import DailyCog

if TYPE_CHECKING:
    from bot.app import QotdBot


async def setup(bot: QotdBot) -> None:
    await bot.add_cog(DailyCog(bot))
