"""/forget-me: members' own data, deleted on request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.privacy.cog import PrivacyCog

if TYPE_CHECKING:
    from bot.app import QotdBot


async def setup(bot: QotdBot) -> None:
    await bot.add_cog(PrivacyCog(bot))
