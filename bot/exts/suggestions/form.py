"""The suggestion form (a modal): question, answer, optional key points, topic.

The same form opens empty for ``/suggest`` and prefilled for a moderator's
Edit. The topic is a select menu of the bot's topics (a short text box,
checked against them, if there were ever more than a select holds). Discord
enforces the lengths before the form is sent, so a member rarely loses text
to a refusal; when a rule still says no, the reply gives their text back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import discord

from bot.domain import limits
from bot.domain.errors import DomainError
from bot.domain.pages import truncate
from bot.domain.questions import Topic
from bot.domain.suggestions import (
    ANSWER_MAX,
    ANSWER_MIN,
    KEY_POINTS_FIELD_MAX,
    KEY_POINTS_MAX,
    PROMPT_MAX,
    PROMPT_MIN,
    Draft,
)
from bot.exts.shared.context import services_of
from bot.exts.shared.formatting import member_text_block
from bot.exts.shared.forms import Field, open_form
from bot.exts.shared.replies import send_private

FIELDS = ("prompt", "answer", "key_points", "topic")
TOPIC_TEXT_MAX = 100


def _topic_field(topics: Sequence[Topic], chosen: str | None) -> Field:
    if len(topics) <= limits.SELECT_OPTIONS:
        return Field(
            custom_id="topic",
            label="Topic",
            default=chosen,
            placeholder="Pick the topic it belongs to",
            choices=tuple((f"{t.number}. {t.title}", t.id) for t in topics),
        )
    return Field(
        custom_id="topic",
        label="Topic (its number or name, see /topics)",
        default=chosen,
        paragraph=False,
        max_length=TOPIC_TEXT_MAX,
    )


async def open_suggestion_form(
    interaction: discord.Interaction,
    *,
    custom_id: str,
    title: str,
    topics: Sequence[Topic],
    draft: Draft | None = None,
) -> None:
    """Show the form, prefilled with ``draft`` when a moderator edits a suggestion."""
    await open_form(
        interaction,
        custom_id=custom_id,
        title=title,
        fields=[
            Field(
                custom_id="prompt",
                label="Question",
                default=draft.prompt if draft else None,
                placeholder="e.g. What does the Node.js event loop do between two callbacks?",
                min_length=PROMPT_MIN,
                max_length=PROMPT_MAX,
            ),
            Field(
                custom_id="answer",
                label="Model answer",
                default=draft.answer if draft else None,
                placeholder="The answer a good candidate gives, as you would explain it.",
                min_length=ANSWER_MIN,
                max_length=ANSWER_MAX,
            ),
            Field(
                custom_id="key_points",
                label=f"Key points (optional, up to {KEY_POINTS_MAX}, one a line)",
                default="\n".join(draft.key_points) if draft else None,
                placeholder="What an answer must say to count. Left empty: taken from your answer.",
                max_length=KEY_POINTS_FIELD_MAX,
                required=False,
            ),
            _topic_field(topics, draft.topic if draft else None),
        ],
    )


def given_back(values: Mapping[str, str], problem: str) -> str:
    """A refusal with the member's text, so nothing they typed is lost (within one message)."""
    head = f"{problem}\nHere is what you wrote, to copy into the form again:"
    room = limits.MESSAGE_CONTENT - len(head) - 1
    parts = [values.get(name, "") for name in FIELDS[:3] if values.get(name, "").strip()]
    return truncate(f"{head}\n{member_text_block(chr(10).join(parts), room)}", limits.MESSAGE_CONTENT)


async def read_form(interaction: discord.Interaction, values: Mapping[str, str]) -> Draft | None:
    """The submitted form as a checked draft; None, after giving the text back with the reason, when a rule says no."""
    try:
        return services_of(interaction).suggestions.draft(
            values.get("prompt", ""),
            values.get("answer", ""),
            values.get("key_points", ""),
            values.get("topic", ""),
        )
    except DomainError as refused:
        await send_private(interaction, given_back(values, str(refused)))
        return None
