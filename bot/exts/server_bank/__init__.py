"""/bank: a server's own questions, imported from documents, listed, removed and exported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.server_bank.cog import ServerBank

if TYPE_CHECKING:
    from bot.app import QotdBot


async def setup(bot: QotdBot) -> None:
    await bot.add_cog(ServerBank(bot))
