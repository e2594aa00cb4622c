""" "My result" under an open quiz question's result: each member's key points, privately."""

from __future__ import annotations

from typing import Any

import discord

from bot.domain.pages import truncate
from bot.domain.questions import Kind, Question
from bot.domain.scoring import QUIZ_CORRECT
from bot.exts.shared.buttons import CustomId, StatefulButton
from bot.exts.shared.context import services_of
from bot.exts.shared.formatting import bullets, member_text_block
from bot.exts.shared.replies import replies_errors, send_private

MY_RESULT_ID = CustomId("quiz:mine", quiz=int, number=int)


def my_result_view(quiz_id: int, number: int, question: Question) -> dict[str, Any]:
    """The ``view`` keyword for an open question's result message (nothing for multiple choice)."""
    if question.kind is Kind.MCQ:
        return {}
    view = discord.ui.View(timeout=None)
    view.add_item(QuizMyResultButton(quiz_id, number))
    return {"view": view}


class QuizMyResultButton(StatefulButton, custom_id=MY_RESULT_ID):
    quiz: int
    number: int

    label = "My result"
    style = discord.ButtonStyle.primary
    emoji = "🎯"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        mine = await services_of(interaction).quiz_results.mine(self.quiz, self.number, interaction.user.id)
        covered, total = len(mine.hits), len(mine.hits) + len(mine.misses)
        embed = discord.Embed(
            title=truncate(mine.question.prompt, 256),
            description="Your answer:\n" + member_text_block(mine.text, 1500),
            colour=discord.Colour.green(),
        )
        if mine.hits:
            embed.add_field(name="Key points you covered", value=bullets(mine.hits, "✅"), inline=False)
        if mine.misses:
            embed.add_field(name="Key points you missed", value=bullets(mine.misses, "❌"), inline=False)
        summary = (
            f"Key points covered {covered} of {total} → {mine.points}" if total else "No key points to check"
        )
        embed.add_field(
            name=f"Points: {mine.points}",
            value=f"{summary} (of {QUIZ_CORRECT}; quizzes have no taking-part or streak points)",
            inline=False,
        )
        await send_private(interaction, embed=embed)
