"""/help."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.help.cog import Help

if TYPE_CHECKING:
    from bot.app import QotdBot


async def setup(bot: QotdBot) -> None:
    await bot.add_cog(Help(bot))
