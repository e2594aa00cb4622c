"""Every domain error reads as one short sentence a member can be shown."""

import pytest

from bot.domain import errors
from bot.domain.errors import DomainError, InvalidChoice, InvalidTimezone

EXAMPLES = [
    errors.NotConfigured(),
    errors.InvalidTimezone("Mars/Olympus_Mons"),
    errors.InvalidTime("25:99"),
    errors.QuestionClosed(),
    errors.AlreadyAnswered(),
    errors.UnknownQuestion("qa40-123456"),
    errors.UnknownPost(),
    errors.EmptyPool("topic databases, difficulty hard"),
    errors.EmptyPool(),
    errors.AnswerTooLong(4000),
    errors.EmptyAnswer(),
    errors.InvalidChoice("E", ["A", "B", "C", "D"]),
    errors.NotAllowed(),
    errors.QuizAlreadyRunning(),
    errors.NoActiveQuiz(),
    errors.InvalidQuizLength(30, 1, 20),
    errors.NothingDue(),
    errors.InvalidImport("line 3 has no answer"),
    errors.TodaysQuestion("qa40-123456"),
    errors.TodaysQuestion("qa40-123456", near=True),
    errors.UnknownSource("pack-underwater-basket-weaving.yaml"),
]


def test_every_error_class_has_an_example():
    classes = {
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type) and issubclass(obj, DomainError) and obj is not DomainError
    }
    assert classes == {type(e) for e in EXAMPLES}


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_message_is_one_friendly_sentence(error):
    text = str(error)
    assert isinstance(error, DomainError)
    assert text[0].isupper() or text[0] == "`"
    assert text.endswith(".")
    assert "\n" not in text
    assert len(text) <= 150
    assert type(error).__name__ not in text
    assert "Traceback" not in text
    assert "None" not in text


def test_messages_carry_the_details_a_member_needs():
    assert "4,000" in str(errors.AnswerTooLong(4000))
    assert "topic databases, difficulty hard" in str(errors.EmptyPool("topic databases, difficulty hard"))
    assert "A, B, C, D" in str(InvalidChoice("E", ["A", "B", "C", "D"]))
    assert "between 1 and 20" in str(errors.InvalidQuizLength(30, 1, 20))
    assert "line 3 has no answer." in str(errors.InvalidImport("line 3 has no answer."))
    assert "no answer.." not in str(errors.InvalidImport("line 3 has no answer."))


def test_typed_values_are_echoed_short_and_harmless():
    typed = "@everyone ```" + "x" * 500
    text = str(InvalidTimezone(typed))
    assert len(text) < 150
    assert "```" not in text
    # The echo sits inside one pair of backticks, so Discord shows it as code.
    assert text.count("`") == 2
    assert InvalidTimezone(typed).name == typed
    assert "`that`" not in str(InvalidTimezone("Europe/Berlin"))
    assert "that" in str(InvalidTimezone("   "))


def test_base_error_has_a_default_and_accepts_a_message():
    assert str(DomainError()).endswith(".")
    assert str(DomainError("Custom sentence.")) == "Custom sentence."
