"""Channel quizzes: /quiz start and /quiz stop, timed questions, results and standings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.quiz.cog import QuizCog

if TYPE_CHECKING:
    from bot.app import QotdBot


async def setup(bot: QotdBot) -> None:
    await bot.add_cog(QuizCog(bot))
