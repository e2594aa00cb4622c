"""The committed bank, as the bot and its members see it."""

from pathlib import Path

import pytest

from bot.domain import limits
from bot.domain.pages import split_markdown
from bot.domain.questions import Kind
from bot.questionbank import builder
from bot.questionbank.bank import load_bank
from tests.questionbank.content_folders import SEED_DOCUMENTS

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def bank():
    return load_bank(CONTENT / "bank")


@pytest.fixture(scope="module")
def build():
    return builder.build(CONTENT)


def test_every_source_yields_its_declared_questions(bank):
    by_source: dict[str, list] = {}
    for q in bank.questions:
        by_source.setdefault(q.source.file, []).append(q)
    counts = {f: len(qs) for f, qs in by_source.items() if not f.startswith("pack-")}
    assert all(f.endswith(".yaml") for f in set(by_source) - set(counts))  # the companion pack's files
    assert counts == SEED_DOCUMENTS
    guide = by_source["guide-node-backend-2026.txt"]
    assert sorted(q.kind.value for q in guide).count("open") == 8
    assert [q.correct_choice for q in guide if q.kind is Kind.MCQ] == ["C", "B", "C", "B", "C"]
    (scenario,) = [q for q in guide if q.kind is Kind.SCENARIO]
    assert len(scenario.steps) == 4


def test_the_syllabus_is_the_taxonomy_and_every_question_has_a_topic(bank):
    assert [t.number for t in bank.topics] == list(range(1, 10))
    assert bank.topics[0].title == "Node.js Core and Runtime Fundamentals"
    topic_ids = {t.id for t in bank.topics}
    assert all(q.topic in topic_ids for q in bank.questions)


def test_answer_cards_have_real_questions_from_the_overrides(bank):
    cards = [q for q in bank.questions if q.source.file == "cards-node-backend-24.txt"]
    assert all(q.prompt.endswith("?") for q in cards)
    prompts = {q.prompt for q in cards}
    assert "What is the difference between process.nextTick() and setImmediate()?" in prompts
    # The prompt is a question written for the card, not a sentence cut from its answer.
    assert all(q.prompt not in q.full_answer for q in cards)


def test_ids_are_unique_and_stable_under_a_rebuild(bank, build):
    ids = [q.id for q in bank.questions]
    assert len(ids) == len(set(ids))
    assert sorted(q.id for q in build.questions) == sorted(ids)


def test_committed_bank_is_byte_identical_to_a_fresh_build(build):
    assert builder.stale(CONTENT, build) == []


def test_the_event_loop_is_one_near_duplicate_group_across_documents(bank):
    group = bank.groups["event-loop"]
    sources = {bank.get(qid).source.file for qid in group}
    assert sources >= {
        "qa-node-express-40.txt",
        "guide-node-backend-2026.txt",
        "deep-dive-node-backend.md",
        "cards-node-backend-24.txt",
    }
    assert bank.get("qa40-0e7f92").prompt == "What is the event loop in Node.js?"
    assert bank.get("qa40-0e7f92").group == "event-loop"


def test_nothing_is_lost_silently(build):
    skipped = {b["reason"] for s in build.sources for b in s.skipped}
    joined = " | ".join(sorted(skipped))
    for reason in ("self-introduction", "tips", "summary", "references", "confidentiality"):
        assert reason in joined.lower(), reason


def test_every_question_renders_within_discord_limits(bank):
    for q in bank.questions:
        body = q.prompt + "".join(f"\n**{c.key})** {c.text}" for c in q.choices)
        assert len(body) <= limits.EMBED_DESCRIPTION, q.id
        assert len(q.short_answer) <= limits.EMBED_DESCRIPTION, q.id
        pages = split_markdown(q.full_answer, limits.EMBED_DESCRIPTION)
        assert pages, q.id
        for page in pages:
            assert len(page) <= limits.EMBED_DESCRIPTION, q.id
            assert page.count("```") % 2 == 0, f"{q.id}: a page breaks a code block"
        assert len(q.choices) <= limits.BUTTONS_PER_ROW * 2, q.id


def test_long_answers_are_split_into_pages_between_blocks(bank):
    longest = max(bank.questions, key=lambda q: len(q.full_answer))
    assert len(longest.full_answer) > 2000
    pages = split_markdown(longest.full_answer, 2000)
    assert len(pages) > 1
    assert all(p.count("```") % 2 == 0 for p in pages)
