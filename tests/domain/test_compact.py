"""Numbers written short for nonces and custom ids read back exactly."""

import pytest

from bot.domain.compact import base36


@pytest.mark.parametrize("number", [0, 35, 36, -1, -123456, 1456074443980800002, 2**63 - 1])
def test_base36_reads_back(number):
    assert int(base36(number), 36) == number


def test_a_snowflake_fits_in_13_digits():
    assert base36(1456074443980800002) == "b293b94y3uo2"
    assert len(base36(2**63 - 1)) == 13
