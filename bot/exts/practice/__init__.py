"""Private practice, spaced-repetition reviews with an opt-in daily reminder, and question lookup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.practice.cog import PracticeCog

if TYPE_CHECKING:
    from bot.app import QotdBot


async def setup(bot: QotdBot) -> None:
    await bot.add_cog(PracticeCog(bot))
