"""What member-typed text may contain before it is stored.

Text is stored exactly as typed, with one exception: characters that are no
text at all. NUL cannot be stored by PostgreSQL, a lone surrogate cannot be
encoded as UTF-8 by any driver, and the other C0 control characters (bells,
escapes, backspaces) only ever come from pasted binary or a crafted request.
Such text is refused with a clear message before anything is written, so it
can neither fail a whole batch of other members' answers nor reach an embed.
Line breaks and tabs are text; so is the carriage return of a pasted Windows
line break (\r\n).
"""

from __future__ import annotations

import re

from bot.domain.errors import DomainError

# C0 controls except \t (09), \n (0a) and \r (0d); and every surrogate code point: in a Python
# str a surrogate is always a lone one (a valid pair decodes to one astral character).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


class ControlCharacters(DomainError):
    message = (
        "Your text contains invisible control characters (such as a NUL byte) that can't be stored; "
        "retype it or paste it as plain text, then send it again."
    )


def check_member_text(text: str) -> str:
    """``text`` unchanged when it may be stored; raises ``ControlCharacters`` otherwise."""
    if _NOT_TEXT.search(text):
        raise ControlCharacters()
    return text
