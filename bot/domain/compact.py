"""Numbers written short: Discord ids and keys in base 36, for nonces and custom ids (≤ 100 characters)."""

from __future__ import annotations

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(number: int) -> str:
    """``number`` in base 36 (``int(text, 36)`` reads it back); a minus sign for a negative one."""
    sign, number = ("-", -number) if number < 0 else ("", number)
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = _DIGITS[digit] + text
        if number == 0:
            return sign + text
