"""Every component the extensions register round-trips through its custom id.

An id a class makes, with the longest values it meets in practice, fits Discord's 100
characters, is matched by its own template and no other class's (a press reaches the
right class), and parses back to the same fields. Forms' ids too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

import discord
import pytest

from bot.domain.compact import base36
from bot.domain.periods import Period
from bot.domain.questions import Difficulty
from bot.domain.review import Recall
from bot.exts.admin import reviews
from bot.exts.daily import components as daily
from bot.exts.daily import result_actions
from bot.exts.leaderboards import components as boards
from bot.exts.leaderboards.query import TOPIC_TOKEN
from bot.exts.practice import components as practice
from bot.exts.practice import lookup, reminders
from bot.exts.practice.state import MAX_STEP, Mode, Session
from bot.exts.privacy import components as privacy
from bot.exts.quiz import components as quiz
from bot.exts.quiz import my_result
from bot.exts.server_bank import components as bank_list
from bot.exts.server_bank import preview
from bot.exts.shared.buttons import CustomId, Direction, StatefulItem
from bot.exts.suggestions import cog as suggest
from bot.exts.suggestions import review as suggestions
from bot.questionbank.bank import Bank
from bot.services.leaderboard_results import BoardKey
from tests.bot.conftest import MakeQotd

SNOWFLAKE = 2**64 - 1  # the largest a Discord id can be
ROW = 2**63 - 1  # the largest database id
LONGEST_TOKEN = "A" * 64
FAR = BoardKey(points=-(2**40), reached_at=datetime(9999, 12, 31, tzinfo=UTC), member_id=SNOWFLAKE)
LONGEST_TOPIC = "t" * TOPIC_TOKEN


def samples(question_id: str) -> dict[type[StatefulItem[Any]], list[dict[str, Any]]]:
    """For each class, field values to build it with: the longest ones, and each look it has."""
    session = Session(Mode.PRACTICE, topic=999, difficulty=Difficulty.MEDIUM, step=MAX_STEP)
    scope = {"caller_id": SNOWFLAKE, "role_id": SNOWFLAKE, "topic": LONGEST_TOPIC}
    every = list(Direction)
    return {
        daily.AnswerButton: [{"post": ROW}],
        daily.ChoiceButton: [{"post": ROW, "key": key} for key in "AJ"],
        daily.FullAnswerButton: [{"post": ROW, "page": 999, "direction": d} for d in (None, *every)],
        daily.ResultButton: [{"post": ROW}],
        result_actions.AskReviewButton: [{"post": ROW}],
        result_actions.ShareButton: [{"post": ROW}],
        result_actions.OldSelfGradeButton: [
            {"post": ROW, "grade": g} for g in ("nailed", "partly", "missed")
        ],
        quiz.QuizChoiceButton: [{"quiz": ROW, "number": 99, "key": "J"}],
        quiz.QuizAnswerButton: [{"quiz": ROW, "number": 99}],
        my_result.QuizMyResultButton: [{"quiz": ROW, "number": 99}],
        reviews.QueuePageButton: [{"page": 99_999, "direction": d} for d in every],
        reviews.ReviewActionButton: [{"review": ROW, "action": a} for a in reviews.ACTION_LABELS],
        suggestions.SuggestionPageButton: [{"page": 99_999, "direction": d} for d in every],
        suggestions.SuggestionActionButton: [{"suggestion": ROW, "action": a} for a in suggestions.ACTIONS],
        bank_list.ListPageButton: [{"page": 99_999, "direction": d} for d in every],
        preview.PreviewPageButton: [{"token": LONGEST_TOKEN, "page": 99_999, "direction": d} for d in every],
        preview.ImportChoiceButton: [{"add": add, "token": LONGEST_TOKEN} for add in (True, False)],
        privacy.ForgetButton: [{"member": SNOWFLAKE, "delete": delete} for delete in (True, False)],
        practice.AnswerPageButton: [{"question_id": question_id, "page": 999, "session": session}],
        practice.RecallButton: [
            {"question_id": question_id, "recall": r, "session": session} for r in Recall
        ],
        lookup.RevealButton: [{"question_id": question_id}],
        lookup.ShareButton: [{"question_id": question_id}],
        reminders.RemindersOffButton: [{"guild": SNOWFLAKE}],
        boards.PeriodButton: [{"period": p, **scope} for p in Period]
        + [{"period": Period.ALL, "caller_id": 1, "role_id": None, "topic": None}],
        boards.TopicMenu: [{"period": p, "caller_id": SNOWFLAKE, "role_id": SNOWFLAKE} for p in Period],
        boards.RoleMenu: [{"period": p, "caller_id": SNOWFLAKE, "topic": LONGEST_TOPIC} for p in Period],
        boards.PageButton: [{"direction": d, "period": Period.WEEK, "key": FAR, **scope} for d in every]
        + [
            {
                "direction": Direction.NEXT,
                "period": Period.DAY,
                "key": BoardKey(0, datetime(1970, 1, 1, tzinfo=UTC), 1),
                "caller_id": 1,
                "role_id": None,
                "topic": None,
            }
        ],
        boards.LegacyPageButton: [
            {"direction": d, "period": Period.MONTH, "page": 9_999_999, **scope, "topic": "12"} for d in every
        ]
        + [
            {
                "direction": Direction.NEXT,
                "period": Period.ALL,
                "page": 1,
                "caller_id": 5,
                "role_id": None,
                "topic": None,
            }
        ],
    }


FORMS: list[tuple[CustomId, dict[str, Any]]] = [
    (daily.FORM_ID, {"post": ROW}),
    (result_actions.REVIEW_FORM_ID, {"post": ROW}),
    (quiz.FORM_ID, {"quiz": ROW, "number": 99}),
    (reviews.SET_FORM_ID, {"review": ROW}),
    (reviews.KEEP_FORM_ID, {"review": ROW}),
    (suggestions.EDIT_FORM_ID, {"suggestion": ROW}),
    (suggestions.REJECT_FORM_ID, {"suggestion": ROW}),
    (suggest.SUGGEST_FORM_ID, {}),
]


def concrete_classes() -> set[type[StatefulItem[Any]]]:
    found: set[type[StatefulItem[Any]]] = set()
    pending: list[type[StatefulItem[Any]]] = [StatefulItem]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.id_format is not None:
            found.add(cls)
    return found


def names(classes: Iterable[type]) -> set[str]:
    """Classes by name: a bot that unloads its extensions drops their modules and the next bot
    imports them again, so the same button may exist as two class objects."""
    return {f"{cls.__module__}.{cls.__qualname__}" for cls in classes}


@pytest.fixture(scope="module")
def longest_question_id(full_bank: Bank) -> str:
    longest = max((q.id for q in full_bank.questions), key=len)
    assert len(longest) > 40  # pack ids are longer than the generated ones
    return longest


async def test_the_running_bot_registers_every_component_class(make_qotd: MakeQotd):
    q = await make_qotd()
    registered = set(q.bot._connection._view_store._dynamic_items.values())  # type: ignore[attr-defined]
    assert names(registered) == names(concrete_classes())
    assert names(concrete_classes()) == names(samples("qa40-000000"))


async def test_every_custom_id_round_trips_and_reaches_only_its_own_class(longest_question_id: str):
    table = samples(longest_question_id)
    templates = {cls: cls.__discord_ui_compiled_template__ for cls in table}
    for cls, cases in table.items():
        for values in cases:
            item = cls(**values)
            custom_id = item.custom_id
            assert len(custom_id) <= 100, custom_id
            assert [other for other, t in templates.items() if t.fullmatch(custom_id)] == [cls], custom_id
            match = templates[cls].fullmatch(custom_id)
            assert match is not None
            pressed = await cls.from_custom_id(None, item.item, match)  # type: ignore[arg-type]
            id_fields = cls.id_format.names if cls.id_format else ()
            assert {n: getattr(pressed, n) for n in id_fields} == {n: values[n] for n in id_fields}
            assert pressed.custom_id == custom_id
            assert {f.name for f in fields(pressed)} >= set(id_fields)  # type: ignore[arg-type]


def test_every_form_id_round_trips_and_is_its_own():
    for form, values in FORMS:
        custom_id = form.format(**values)
        assert len(custom_id) <= 100
        assert [other for other, _ in FORMS if other.read(custom_id) is not None] == [form]
        assert form.read(custom_id) == values


def test_ids_are_the_strings_buttons_on_old_messages_carry():
    """Deployed messages keep their buttons: the ids are spelled as they always were."""
    session = Session(Mode.REVIEW, topic=3, difficulty=None, step=2)
    key = BoardKey(10, datetime(2026, 1, 6, tzinfo=UTC), 36)
    expected = {
        daily.ChoiceButton(7, "B"): "qotd:choice:7:B",
        daily.FullAnswerButton(7, 0): "qotd:full:7:0",
        daily.FullAnswerButton(7, 1, Direction.NEXT): "qotd:full:7:1:n",
        daily.FullAnswerButton(7, 0, Direction.PREV): "qotd:full:7:0:p:n",
        reviews.QueuePageButton(2, Direction.PREV): "qotd:rvpage:2:p",
        suggestions.SuggestionPageButton(2, Direction.NEXT): "qotd:sgpage:2:next",
        preview.ImportChoiceButton(add=False, token="tok"): "bank:cancel:tok",
        privacy.ForgetButton(5, delete=True): "privacy:forget:5:delete",
        practice.RecallButton("qa40-3f2a1c", Recall.HARD, session): "srs:rate:qa40-3f2a1c:hard:r.3.any.2",
        reminders.RemindersOffButton(9): "srs:remind-off:9",
        boards.PageButton(Direction.PREV, Period.WEEK, 36, None, key, None): (
            f"lb:p:w:10::a:{base36(int(key.reached_at.timestamp()) * 1_000_000)}:10:"
        ),
        boards.LegacyPageButton(Direction.NEXT, Period.ALL, 1, 42, None, None): "lb:n:a:1:42::",
        boards.RoleMenu(Period.DAY, 36, "7"): "lbr:d:10:7",
    }
    for item, custom_id in expected.items():
        assert item.custom_id == custom_id


def test_a_view_holds_them_like_any_component():
    view = discord.ui.View(timeout=None)
    view.add_item(daily.ChoiceButton(1, "A"))
    assert [c.custom_id for c in view.children] == ["qotd:choice:1:A"]  # type: ignore[attr-defined]
