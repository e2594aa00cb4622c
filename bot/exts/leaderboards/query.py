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
from typing import Any

from bot.domain import limits
from bot.domain.compact import base36
from bot.domain.periods import Period
from bot.domain.questions import Topic
from bot.services.leaderboard_views import BoardKey

PERIOD_CODES: dict[Period, str] = {Period.DAY: "d", Period.WEEK: "w", Period.MONTH: "m", Period.ALL: "a"}
PERIODS_BY_CODE = {code: period for period, code in PERIOD_CODES.items()}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NUMBER = r"-?[0-9a-z]{1,13}"  # base 36: a snowflake or a 64-bit number fits in 13 digits
ROLE = r"[0-9a-z]{0,13}"
PERIOD = r"[dwma]"
TOPIC = r"[^:]*"

# "lb:<p|n>:<period>:<caller>:<role>:<points>:<reached_at µs>:<member>:<topic>"
PAGE_TEMPLATE = (
    rf"lb:(?P<dir>[pn]):(?P<period>{PERIOD}):(?P<caller>{NUMBER}):(?P<role>{ROLE}):"
    rf"(?P<points>{NUMBER}):(?P<reached>{NUMBER}):(?P<member>{NUMBER}):(?P<topic>{TOPIC})"
)
_LONGEST_PREFIX = len("lb:n:w:") + 3 * len("3w5e11264sgsf:") + len("-zik0zj:") + len("-3w5e11264sgsf:")
TOPIC_TOKEN = limits.CUSTOM_ID - _LONGEST_PREFIX
"""Room left for the topic: its id (at most 40 characters by the slug rule), else its syllabus number."""
LEGACY_TEMPLATE = (
    r"lb:(?P<dir>[pn]):(?P<period>[dwma]):(?P<page>[0-9]{1,7}):(?P<caller>[0-9]{1,20}):"
    r"(?P<role>[0-9]{0,20}):(?P<topic>[^:]*)"
)
"""Buttons of boards posted before pages went by key (a page number); they open the first page."""

# The switches: a period button names the period it shows; a menu names all but what it picks.
PERIOD_TEMPLATE = rf"lbv:(?P<period>{PERIOD}):(?P<caller>{NUMBER}):(?P<role>{ROLE}):(?P<topic>{TOPIC})"
TOPIC_MENU_TEMPLATE = rf"lbt:(?P<period>{PERIOD}):(?P<caller>{NUMBER}):(?P<role>{ROLE})"
ROLE_MENU_TEMPLATE = rf"lbr:(?P<period>{PERIOD}):(?P<caller>{NUMBER}):(?P<topic>{TOPIC})"
ALL_TOPICS = "*"  # the topic menu's "All topics" (a select option needs a value)


def _key_token(key: BoardKey) -> str:
    micros = (key.reached_at - _EPOCH) // timedelta(microseconds=1)
    return f"{base36(key.points)}:{base36(micros)}:{base36(key.member_id)}"


def key_from(match: Any) -> BoardKey:
    reached = _EPOCH + timedelta(microseconds=int(match["reached"], 36))
    return BoardKey(int(match["points"], 36), reached, int(match["member"], 36))


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

    @classmethod
    def read(cls, match: Any, **overrides: Any) -> BoardQuery:
        """The query a control's ``custom_id`` names (the parts it does not hold come in ``overrides``)."""
        groups = match.groupdict()
        role = groups.get("role")
        values: dict[str, Any] = {
            "period": PERIODS_BY_CODE[match["period"]],
            "caller_id": int(match["caller"], 36),
            "role_id": int(role, 36) if role else None,
            "topic": groups.get("topic") or None,
        }
        return cls(**(values | overrides))

    @property
    def _role(self) -> str:
        return base36(self.role_id) if self.role_id else ""

    @property
    def _head(self) -> str:
        return f"{PERIOD_CODES[self.period]}:{base36(self.caller_id)}"

    def page_id(self, direction: str, key: BoardKey) -> str:
        return f"lb:{direction}:{self._head}:{self._role}:{_key_token(key)}:{self.topic or ''}"

    def period_id(self) -> str:
        return f"lbv:{self._head}:{self._role}:{self.topic or ''}"

    def topic_menu_id(self) -> str:
        return f"lbt:{self._head}:{self._role}"

    def role_menu_id(self) -> str:
        return f"lbr:{self._head}:{self.topic or ''}"
