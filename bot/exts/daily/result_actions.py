"""What a member can do with their result after the reveal: ask for a review, share the answer.

Points come from the automatic grade and from moderators only; the old
self-grade buttons ("I nailed it" ...) on earlier results still answer, with a
pointer to the review, and change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.exts.shared.answer_posts import SHARED_HEADING, post_answer
from bot.exts.shared.buttons import CustomId, DynamicItems, FormFields, StatefulButton, text
from bot.exts.shared.context import services_of
from bot.exts.shared.forms import Field, open_form
from bot.exts.shared.replies import member_ref, replies_errors, send_private
from bot.services.answers import DailyResult
from bot.services.moderation import NOTE_MAX

ASK_REVIEW_ID = CustomId("qotd:askreview", post=int)
SHARE_ID = CustomId("qotd:share", post=int)
OLD_SELF_GRADE_ID = CustomId("qotd:grade", post=int, grade=text("nailed|partly|missed"))
REVIEW_FORM_ID = CustomId("qotd:reviewask", post=int)
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


class AskReviewButton(StatefulButton, custom_id=ASK_REVIEW_ID):
    post: int

    label = "Ask for a review"
    emoji = "🧑‍⚖️"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await open_form(
            interaction,
            custom_id=REVIEW_FORM_ID.format(post=self.post),
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
    interaction: discord.Interaction, form: FormFields, values: Mapping[str, str]
) -> None:
    """A member sent the review form (routed by ``FormRouter``)."""
    await services_of(interaction).moderation.request_review(
        form["post"], member_ref(interaction), values.get("note")
    )
    await send_private(
        interaction,
        "Asked for a review. A moderator will look at your answer; you'll get a direct message "
        "(if your DMs are open) and see the outcome under **My result**.",
    )


class ShareButton(StatefulButton, custom_id=SHARE_ID):
    post: int

    label = "Share my answer"
    emoji = "💬"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        moderation = services_of(interaction).moderation
        shared = await moderation.share(self.post, member_ref(interaction))
        try:
            message = await post_answer(interaction.client, shared, SHARED_HEADING)
        except discord.HTTPException:
            await moderation.unshare(shared.answer_id)  # nothing was posted: the member may try again
            raise
        await send_private(interaction, f"Shared your answer: {message.jump_url}")


class OldSelfGradeButton(StatefulButton, custom_id=OLD_SELF_GRADE_ID):
    """The self-grade buttons on results shown before they were removed: they explain, and change nothing."""

    post: int
    grade: str

    label = "Grade"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await send_private(interaction, SELF_GRADE_GONE)


RESULT_ITEMS: DynamicItems = (
    AskReviewButton,
    ShareButton,
    OldSelfGradeButton,
)
