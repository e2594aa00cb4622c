"""A quiz's saved state: the domain's ``QuizState`` (and rules, filters) as the JSON of its session row.

Answers are not in it: they are rows of ``quiz_answers``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from bot.domain.quiz import QuizResult, QuizRules, QuizState

STATE_VERSION = 1


def encode_state(state: QuizState, rules: QuizRules, filters: str) -> dict[str, Any]:
    """The JSON kept in the session row."""
    return {
        "version": STATE_VERSION,
        "question_ids": list(state.question_ids),
        "position": state.position,
        "closes_at": None if state.closes_at is None else state.closes_at.isoformat(),
        "results": [
            {
                "question": r.question,
                "member_id": r.member_id,
                "points": r.points,
                "correct": r.correct,
                "answered_at": r.answered_at.isoformat(),
                "speed_rank": r.speed_rank,
            }
            for r in state.results
        ],
        "rules": {
            "mcq_seconds": rules.mcq_window.total_seconds(),
            "open_seconds": rules.open_window.total_seconds(),
        },
        "filters": filters,
    }


def decode_state(saved: Mapping[str, Any]) -> tuple[QuizState, QuizRules, str]:
    """The state, rules and filters description that :func:`encode_state` saved."""
    closes_at = saved.get("closes_at")
    state = QuizState(
        question_ids=tuple(saved["question_ids"]),
        position=int(saved["position"]),
        closes_at=None if closes_at is None else datetime.fromisoformat(closes_at),
        results=tuple(
            QuizResult(
                question=r["question"],
                member_id=int(r["member_id"]),
                points=int(r["points"]),
                correct=bool(r["correct"]),
                answered_at=datetime.fromisoformat(r["answered_at"]),
                speed_rank=r.get("speed_rank"),
            )
            for r in saved.get("results", ())
        ),
    )
    windows = saved["rules"]
    rules = QuizRules(
        count=len(state.question_ids),
        mcq_window=timedelta(seconds=windows["mcq_seconds"]),
        open_window=timedelta(seconds=windows["open_seconds"]),
    )
    return state, rules, saved.get("filters", "")


def forget_member(saved: Mapping[str, Any], member_id: int) -> dict[str, Any]:
    """A quiz's saved state without the member's results (forgetting a member)."""
    return dict(saved) | {"results": [r for r in saved.get("results", ()) if r["member_id"] != member_id]}
