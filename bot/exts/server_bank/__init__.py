"""(being built) The server_bank feature."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import QotdBot


async def setup(bot: QotdBot) -> None:
    """Registers nothing yet."""
