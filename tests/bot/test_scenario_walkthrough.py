"""A mock-interview scenario's walk-through reads once in its full answer, wherever it is shown."""

from __future__ import annotations

from bot.domain.questions import Difficulty, Kind, Question, ScenarioStep
from bot.exts.daily.embeds import full_answer_pages
from bot.exts.practice.embeds import answer_text
from bot.questionbank.bank import Bank


def _scenario(bank: Bank) -> Question:
    return next(q for q in bank.questions if q.kind is Kind.SCENARIO)


def test_the_seed_scenario_walks_through_each_step_once(full_bank: Bank) -> None:
    question = _scenario(full_bank)
    shown = {"full answer": "\n".join(full_answer_pages(question)), "practice answer": answer_text(question)}
    for where, text in shown.items():
        flat = " ".join(text.split())
        for step in question.steps:
            opening = " ".join(step.expected.split())[:80]  # a step may read differently after corrections
            assert flat.count(opening) == 1, f"{where}: {opening[:40]!r}"
        assert "**Red Flags to Avoid:**" in text, where


def test_steps_the_full_answer_does_not_hold_are_shown_after_it(full_bank: Bank) -> None:
    question = Question(
        id="t-1",
        kind=Kind.SCENARIO,
        prompt="Design a rate limiter",
        short_answer="Token bucket per client in Redis.",
        full_answer="Start from the requirements.",
        topic=_scenario(full_bank).topic,
        difficulty=Difficulty.HARD,
        steps=(ScenarioStep("Where do you keep the counters?", "In Redis, shared by every instance."),),
    )
    text = "\n".join(full_answer_pages(question))
    assert text.index("Start from the requirements.") < text.index(
        "**Step 1.** Where do you keep the counters?"
    )
    assert "> In Redis, shared by every instance." in answer_text(question)
