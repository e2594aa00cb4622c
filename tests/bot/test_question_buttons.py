"""Buttons that carry a question id work for every question of the bank, the longest id included."""

from __future__ import annotations

from bot.domain.questions import Difficulty
from bot.domain.review import Recall
from bot.exts.practice.components import AnswerPageButton, RecallButton
from bot.exts.practice.lookup import RevealButton, ShareButton
from bot.exts.practice.state import MAX_STEP, Mode, Session
from bot.questionbank.bank import Bank


def test_every_question_id_fits_the_practice_and_lookup_buttons(full_bank: Bank) -> None:
    longest = max((q.id for q in full_bank.questions), key=len)
    assert len(longest) > 40  # pack ids are longer than the generated ones
    session = Session(Mode.PRACTICE, topic=999, difficulty=Difficulty.MEDIUM, step=MAX_STEP)
    buttons = [
        AnswerPageButton(longest, 999, session),
        RecallButton(longest, Recall.AGAIN, session),
        RevealButton(longest),
        ShareButton(longest),
    ]
    for button in buttons:
        custom_id = button.item.custom_id
        assert custom_id is not None
        assert len(custom_id) <= 100, custom_id
        assert longest in custom_id
