"""Which board a leaderboard message shows, written into its components' ``custom_id``s.

A board's whole state (period, who asked, role, topic, and where the page
starts) lives in each control's ``custom_id``, so a board posted last week still
switches and pages after the bot restarts. Pages go by key, not by number: ▶
carries the key (points, when reached, member) of the page's last row and shows
the rows after it, ◀ the key of its first row and shows the rows before it, so a
page deep in a large board costs an index seek, and nobody is skipped or shown
twice when the board moves between presses. Numbers are in base 36.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.domain import limits
from bot.domain.compact import base36
from bot.domain.periods import Period
from bot.domain.questions import Topic
from bot.exts.shared.buttons import CustomId, Part, number, paging
from bot.services.leaderboard_results import BoardKey

PERIOD_CODES: dict[Period, str] = {Period.DAY: "d", Period.WEEK: "w", Period.MONTH: "m", Period.ALL: "a"}
PERIODS_BY_CODE = {code: period for period, code in PERIOD_CODES.items()}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NUMBER = r"-?[0-9a-z]{1,13}"  # base 36: a snowflake or a 64-bit number fits in 13 digits


def _key_token(key: BoardKey) -> str:
    micros = (key.reached_at - _EPOCH) // timedelta(microseconds=1)
    return f"{base36(key.points)}:{base36(micros)}:{base36(key.member_id)}"


def _key_from(token: str) -> BoardKey:
    points, reached, member = (int(number, 36) for number in token.split(":"))
    return BoardKey(points, _EPOCH + timedelta(microseconds=reached), member)


PERIOD = Part("[dwma]", PERIODS_BY_CODE.__getitem__, PERIOD_CODES.__getitem__)
BASE36 = Part(NUMBER, lambda digits: int(digits, 36), base36)
ROLE = Part(
    r"[0-9a-z]{0,13}",
    lambda digits: int(digits, 36) if digits else None,
    lambda role: base36(role) if role else "",
)
TOPIC = Part(r"[^:]*", lambda token: token or None, lambda token: token or "")
KEY = Part(f"{NUMBER}:{NUMBER}:{NUMBER}", _key_from, _key_token)
"""A row's key (points, when reached in µs since 1970, member): where a page starts or ends."""

# "lb:<p|n>:<period>:<caller>:<role>:<points>:<reached_at µs>:<member>:<topic>"
PAGE_ID = CustomId(
    "lb", direction=paging("p", "n"), period=PERIOD, caller_id=BASE36, role_id=ROLE, key=KEY, topic=TOPIC
)
_LONGEST_PREFIX = len("lb:n:w:") + 3 * len("3w5e11264sgsf:") + len("-zik0zj:") + len("-3w5e11264sgsf:")
TOPIC_TOKEN = limits.CUSTOM_ID - _LONGEST_PREFIX
"""Room left for the topic: its id (at most 40 characters by the slug rule), else its syllabus number."""
LEGACY_PAGE_ID = CustomId(
    "lb",
    direction=paging("p", "n"),
    period=PERIOD,
    page=number(r"[0-9]{1,7}"),
    caller_id=number(r"[0-9]{1,20}"),
    role_id=Part(
        r"[0-9]{0,20}", lambda digits: int(digits) if digits else None, lambda role: str(role or "")
    ),
    topic=TOPIC,
)
"""Buttons of boards posted before pages went by key (a page number); they open the first page."""

# The switches: a period button names the period it shows; a menu names all but what it picks.
PERIOD_ID = CustomId("lbv", period=PERIOD, caller_id=BASE36, role_id=ROLE, topic=TOPIC)
TOPIC_MENU_ID = CustomId("lbt", period=PERIOD, caller_id=BASE36, role_id=ROLE)
ROLE_MENU_ID = CustomId("lbr", period=PERIOD, caller_id=BASE36, topic=TOPIC)
ALL_TOPICS = "*"  # the topic menu's "All topics" (a select option needs a value)


@dataclass(frozen=True, slots=True)
class BoardQuery:
    """Which board a message shows; ``topic`` is a token ``find_topic`` reads (an id or a number).

    ``after``/``before``: the page starts after (ends before) that row's key; neither is the first page.
    """

    period: Period
    caller_id: int
    role_id: int | None = None
    topic: str | None = None
    after: BoardKey | None = None
    before: BoardKey | None = None

    @staticmethod
    def topic_token(topic: Topic | None) -> str | None:
        if topic is None:
            return None
        return topic.id if len(topic.id) <= TOPIC_TOKEN else str(topic.number)
