"""What a member can do with their result after the reveal: ask for a review, share the answer.

Points come from the automatic grade and from moderators only; the old
self-grade buttons ("I nailed it" ...) on earlier results still answer, with a
pointer to the review, and change nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import discord

from bot.exts.shared.answer_posts import SHARED_HEADING, post_answer
from bot.exts.shared.context import services_of
from bot.exts.shared.forms import Field, open_form
from bot.exts.shared.replies import member_ref, replies_errors, send_private
from bot.services.answers import DailyResult
from bot.services.moderation import NOTE_MAX

REVIEW_FORM_ID = r"qotd:reviewask:(?P<post>[0-9]+)"
SELF_GRADE_GONE = (
    "Grading yourself no longer changes points: ask for a review instead "
    "(**Ask for a review** under your result), and a moderator will look at your answer."
)


def result_view(post_id: int, result: DailyResult) -> discord.ui.View | None:
    """Ask for a review and Share my answer, for an answered open question; each used once."""
    if not result.can_ask_review:
        return None
    view = discord.ui.View(timeout=None)
    ask = AskReviewButton(post_id)
    ask.item.disabled = result.review is not None
    share = ShareButton(post_id)
    share.item.disabled = result.shared
    view.add_item(ask)
    view.add_item(share)
    return view


class AskReviewButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qotd:askreview:(?P<post>[0-9]+)"
):
    def __init__(self, post_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Ask for a review",
                style=discord.ButtonStyle.secondary,
                emoji="🧑‍⚖️",
                custom_id=f"qotd:askreview:{post_id}",
            )
        )
        self.post_id = post_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> AskReviewButton:
        return cls(int(match["post"]))

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await open_form(
            interaction,
            custom_id=f"qotd:reviewask:{self.post_id}",
            title="Ask a moderator to review your answer",
            fields=[
                Field(
                    custom_id="note",
                    label="What did the grade miss? (optional)",
                    placeholder="e.g. I explained parameterized queries in my second sentence.",
                    max_length=NOTE_MAX,
                    required=False,
                )
            ],
        )


async def submit_review_request(
    interaction: discord.Interaction, match: re.Match[str], values: Mapping[str, str]
) -> None:
    """A member sent the review form (routed by ``FormRouter``)."""
    await services_of(interaction).moderation.request_review(
        int(match["post"]), member_ref(interaction), values.get("note")
    )
    await send_private(
        interaction,
        "Asked for a review. A moderator will look at your answer; you'll get a direct message "
        "(if your DMs are open) and see the outcome under **My result**.",
    )


class ShareButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qotd:share:(?P<post>[0-9]+)"):
    def __init__(self, post_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Share my answer",
                style=discord.ButtonStyle.secondary,
                emoji="💬",
                custom_id=f"qotd:share:{post_id}",
            )
        )
        self.post_id = post_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> ShareButton:
        return cls(int(match["post"]))

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        moderation = services_of(interaction).moderation
        shared = await moderation.share(self.post_id, member_ref(interaction))
        try:
            message = await post_answer(interaction.client, shared, SHARED_HEADING)
        except discord.HTTPException:
            await moderation.unshare(shared.answer_id)  # nothing was posted: the member may try again
            raise
        await send_private(interaction, f"Shared your answer: {message.jump_url}")


class OldSelfGradeButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"qotd:grade:(?P<post>[0-9]+):(?P<grade>nailed|partly|missed)",
):
    """The self-grade buttons on results shown before they were removed: they explain, and change nothing."""

    def __init__(self, post_id: int, grade: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Grade", style=discord.ButtonStyle.secondary, custom_id=f"qotd:grade:{post_id}:{grade}"
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> OldSelfGradeButton:
        return cls(int(match["post"]), match["grade"])

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await send_private(interaction, SELF_GRADE_GONE)


RESULT_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    AskReviewButton,
    ShareButton,
    OldSelfGradeButton,
)
