"""Golden render: every question of the committed bank, through the embeds the bot sends, reads clean and fits.

Each question is rendered as the daily post, the reveal, every page of "Full
answer", the practice question and every page of its answer, with the real
builders. Discord's limits hold for all of them, always. The content checks
(no words run together by the dictionary, no raw Markdown table pipes, code
fences balanced on every page) fail on today's bank for content reasons that
the editorial pass (issue 11) corrects; until it has, they are expected to fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import discord
import pytest

from bot.domain.questions import Question
from bot.exts.daily import embeds as daily
from bot.exts.daily.components import page_view
from bot.exts.practice import embeds as practice
from bot.questionbank.bank import Bank, load_bank
from bot.questionbank.lint_markdown import TABLE_PIPES
from bot.questionbank.lint_markdown import field_findings as layout_findings
from bot.questionbank.lint_text import FENCE, Field
from bot.questionbank.lint_words import RUN_TOGETHER, TABLE_CELLS, WordChecker, read_vocabulary
from tests.sim.harness import assert_within_discord_limits

CONTENT = Path(__file__).resolve().parents[2] / "content"
REVEAL_AT = datetime(2026, 5, 1, 18, 0, tzinfo=UTC)
DAY = 1234  # a four-digit day number: the longest title a server meets for years



@cache
def bank() -> Bank:
    return load_bank(CONTENT / "bank")


@cache
def words() -> WordChecker:
    return WordChecker(read_vocabulary(CONTENT / "lint" / "vocabulary.txt"))


def question_ids() -> list[str]:
    return [q.id for q in bank().questions]


def rendered(q: Question) -> Iterator[tuple[str, discord.Embed]]:
    """Every embed a member can be shown for ``q``, named by where it appears."""
    title = bank().topic_title(q.topic)
    yield "post", daily.post_embed(day_number=DAY, question=q, topic_title=title, reveal_at=REVEAL_AT)
    links = daily.RevealLinks(post="https://discord.com/channels/1/2/3", thread_id=4)
    yield (
        "reveal",
        daily.reveal_embed(
            day_number=DAY, question=q, topic_title=title, answer_count=1234, correct_count=567, links=links
        ),
    )
    pages = daily.full_answer_pages(q)
    for i in range(len(pages)):
        yield f"full answer page {i + 1}", daily.full_answer_embed(q, pages, i)
    # "Question" is the heading of a looked-up question (practice.embeds.heading in lookup mode).
    yield (
        "practice question",
        practice.question_embed(q, title="Question", topic_title=title, hint=practice.THINK_HINT),
    )
    answer = practice.answer_pages(q)
    for i in range(len(answer)):
        yield f"practice answer page {i + 1}", practice.answer_embed(q, answer, i, rating=True)


def texts(embed: discord.Embed) -> Iterator[tuple[str, str]]:
    """The embed's title, description and field values: where the question's text lands."""
    data = embed.to_dict()
    yield "title", data.get("title") or ""
    yield "description", data.get("description") or ""
    for item in data.get("fields") or []:
        yield f"field {item.get('name')!r}", item.get("value") or ""


def problems(q: Question, find: str) -> list[str]:
    """Where in ``q``'s rendered embeds ``find`` (run-together, pipes, fences) shows, with the text."""
    found = []
    for where, embed in rendered(q):
        for part, text in texts(embed):
            field = Field(part, text, one_line=False)
            if find == "run-together":
                hits = [
                    f.text
                    for f in words().field_findings(q.id, field)
                    if f.check in (RUN_TOGETHER, TABLE_CELLS)
                ]
            elif find == "pipes":
                hits = [f.text for f in layout_findings(q.id, field) if f.check == TABLE_PIPES]
            else:
                hits = [f"{text.count(FENCE)} fences"] if text.count(FENCE) % 2 else []
            found += [f"{q.id} {where}, {part}: {hit}" for hit in hits]
    return found


def bank_problems(find: str) -> list[str]:
    return [problem for q in bank().questions for problem in problems(q, find)]


@pytest.mark.parametrize("qid", question_ids())
def test_every_embed_fits_discords_limits(qid):
    q = bank().by_id[qid]
    for where, embed in rendered(q):
        try:
            assert_within_discord_limits(embed)
        except AssertionError as exc:
            raise AssertionError(f"{qid} {where}: {exc}") from None
    pages = daily.full_answer_pages(q)
    for page in range(len(pages)):
        assert_within_discord_limits(page_view(1, page, len(pages)))


# One test per check over the whole bank: its failure lists every question and page that fails it.
def test_no_words_run_together_in_what_members_see():
    assert bank_problems("run-together") == []


def test_no_raw_table_pipes_in_what_members_see():
    assert bank_problems("pipes") == []


def test_code_fences_are_balanced_on_every_page():  # holds today: enforced already
    assert bank_problems("fences") == []


def test_the_checks_catch_what_they_look_for():
    """The content checks are not vacuous: a damaged question fails each of them."""
    damaged = replace(
        bank().questions[0],
        short_answer="Run it with ```js and see.",
        full_answer="Executes closeevent callbacks.\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    )
    assert any("closeevent" in p for p in problems(damaged, "run-together"))
    assert any("| a | b |" in p for p in problems(damaged, "pipes"))
    assert any("reveal, description: 1 fences" in p for p in problems(damaged, "fences"))
