"""/suggest: members' question suggestions, and the moderators' queue that /bank suggestions opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.suggestions.cog import Suggest

if TYPE_CHECKING:
    from bot.app import QotdBot


async def setup(bot: QotdBot) -> None:
    await bot.add_cog(Suggest(bot))
