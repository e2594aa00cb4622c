from datetime import timedelta

import pytest

from bot.domain.durations import InvalidDuration, describe, parse_duration


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90", 90), ("90m", 90), ("6h", 360), ("1h30m", 90), ("1h 30m", 90), ("2 hours", 120), ("1d", 1440)],
)
def test_reads_what_people_type(text, minutes):
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "soon", "0", "-5m", "6 parsecs", "6h later"])
def test_refuses_anything_else_with_a_readable_message(text):
    with pytest.raises(InvalidDuration, match="as a duration"):
        parse_duration(text)


def test_describe_is_the_inverse_for_messages():
    assert describe(timedelta(minutes=90)) == "1h 30m"
    assert describe(timedelta(days=1, minutes=5)) == "1d 5m"
