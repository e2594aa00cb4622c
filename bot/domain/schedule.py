"""When a server's question goes out and when its answer is revealed, in the server's time zone.

A schedule is a local time of day (``09:30``) in an IANA zone. Two days a
year many zones break the "once a day at 09:30" picture, and the rules here
settle them once for everyone:

- a local time that does not exist (the spring-forward gap) resolves to the
  first instant after it, the transition itself: 02:30 on 2026-03-08 in
  America/New_York posts at 03:00 EDT (07:00 UTC);
- a local time that happens twice (fall-back) resolves to its first
  occurrence (``fold=0``), so the day still posts once;
- a local date that does not exist at all (Pacific/Apia skipped 2011-12-30)
  gets no post.

Services must key posts by the local date ``next_post`` returns, not by
``local_date(instant)``: a post time inside a gap that crosses midnight
resolves to an instant early on the next local date.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from rapidfuzz import fuzz

from bot.domain.clock import require_aware
from bot.domain.errors import InvalidTime, InvalidTimezone

DEFAULT_REVEAL_LEAD = timedelta(minutes=15)
"""With no explicit reveal delay, reveal this long before the next day's post."""

MIN_REVEAL_DELAY = timedelta(minutes=5)
"""A reveal is never sooner than this after its post."""

# Zone names under these areas are the canonical "Area/City" names; everything
# else (US/*, Etc/*, Canada/*, "Cuba", "EST5EDT", ...) is a legacy alias.
_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)
# Names the tz database ships that are not places a server lives in.
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})


@cache
def _zone_names() -> dict[str, str]:
    """Every loadable zone name, keyed by its case-folded form."""
    names = zoneinfo.available_timezones() - _NOT_ZONES
    return {name.casefold(): name for name in names}


def _zone_key(name: str) -> str:
    """How a typed zone name is looked up: case-folded, spaces as underscores."""
    return "_".join(name.strip().split()).casefold()


def load_zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone called ``name`` (any case, spaces for underscores); raises ``InvalidTimezone``.

    Also for a name this process listed but can no longer load (its tzdata changed underneath).
    """
    canonical = _zone_names().get(_zone_key(name))
    if canonical is None:
        raise InvalidTimezone(name)
    try:
        return zoneinfo.ZoneInfo(canonical)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise InvalidTimezone(name) from exc


UTC_ZONE = zoneinfo.ZoneInfo("UTC")


def zone_or_utc(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone called ``name``, or UTC when there is none or it no longer loads.

    For what must go on whatever the stored zone: revealing and scoring a post
    already out counts its points in UTC days rather than not at all.
    """
    if not name:
        return UTC_ZONE
    try:
        return load_zone(name)
    except InvalidTimezone:
        return UTC_ZONE


@cache
def _common_zones() -> tuple[str, ...]:
    names = {n for n in _zone_names().values() if n.split("/", 1)[0] in _AREAS and "/" in n}
    return tuple(sorted(names | {"UTC"}))


def common_zones() -> list[str]:
    """Zone names worth offering a member: ``Area/City`` names plus ``UTC``, sorted."""
    return list(_common_zones())


@cache
def _search_forms() -> tuple[tuple[str, str, str], ...]:
    """(name, whole name as words, city as words) for every common zone, case-folded."""
    forms = []
    for name in _common_zones():
        spoken = name.replace("_", " ").casefold()
        forms.append((name, spoken, spoken.rsplit("/", 1)[-1]))
    return tuple(forms)


_FUZZY_CUTOFF = 75


def search_zones(query: str, limit: int = 25) -> list[str]:
    """Common zones matching ``query`` for autocomplete, best first.

    Matches the city ("berlin", "new york"), any part of the name
    ("america/"), and tolerates typos ("Kolkatta"). An empty query lists the
    first ``limit`` zones alphabetically.
    """
    wanted = " ".join(query.replace("_", " ").split()).casefold()
    if not wanted:
        return list(_common_zones()[:limit])
    ranked: list[tuple[int, float, str]] = []
    for name, spoken, city in _search_forms():
        if city == wanted or spoken == wanted:
            tier = 0
        elif city.startswith(wanted):
            tier = 1
        elif any(part.startswith(wanted) for part in spoken.split("/")) or f" {wanted}" in spoken:
            tier = 2
        elif wanted in spoken:
            tier = 3
        else:
            score = fuzz.WRatio(wanted, city, score_cutoff=_FUZZY_CUTOFF)
            if not score:
                continue
            ranked.append((4, -score, name))
            continue
        ranked.append((tier, 0.0, name))
    ranked.sort()
    return [name for _, _, name in ranked[:limit]]


_TIME = re.compile(
    r"""^\s*(?P<hour>\d{1,2})
        (?:\s*[:.h]\s*(?P<minute>\d{2}))?
        \s*(?P<half>a\.?\s?m\.?|p\.?\s?m\.?)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def parse_post_time(text: str) -> time:
    """Read a time of day: ``9:30``, ``09:30``, ``21:05``, ``9pm``, ``9:30 am``, ``noon``.

    Raises ``InvalidTime`` for anything else (``25:00``, ``13pm``, ``9:7``).
    """
    named = _NAMED_TIMES.get(text.strip().casefold())
    if named is not None:
        return named
    match = _TIME.match(text)
    if match is None:
        raise InvalidTime(text)
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    half = match["half"]
    if half is not None:
        if not 1 <= hour <= 12:
            raise InvalidTime(text)
        hour = hour % 12 + (12 if half.casefold().startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise InvalidTime(text)
    return time(hour, minute)


def format_post_time(at: time) -> str:
    """The stored form of a post time: ``HH:MM``."""
    return f"{at.hour:02d}:{at.minute:02d}"


def local_date(instant: datetime, zone: zoneinfo.ZoneInfo) -> date:
    """The date on the server's calendar at ``instant``."""
    return require_aware(instant).astimezone(zone).date()


def _wall(instant: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The naive local wall-clock reading at ``instant``."""
    return instant.astimezone(zone).replace(tzinfo=None)


def resolve_local(day: date, at: time, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant the local wall clock shows ``at`` on ``day``.

    In a fall-back overlap: the first occurrence. In a spring-forward gap: the
    transition instant, the first instant after the missing time.
    """
    wanted = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    first = wanted.replace(tzinfo=zone).astimezone(UTC)
    if _wall(first, zone) == wanted:
        return first  # exists; fold=0 is the earlier of two occurrences
    # A gap: fold=0 and fold=1 read the missing time with the offsets either
    # side of the transition, so the transition lies between the two readings.
    # tz transitions fall on whole seconds: binary-search the first second
    # whose wall clock has passed the missing time.
    second = wanted.replace(tzinfo=zone, fold=1).astimezone(UTC)
    low = int(min(first, second).timestamp())  # wall clock still before `wanted`
    high = int(max(first, second).timestamp()) + 1  # wall clock after it
    while high - low > 1:
        middle = (low + high) // 2
        if _wall(datetime.fromtimestamp(middle, UTC), zone) > wanted:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _date_exists(day: date, zone: zoneinfo.ZoneInfo) -> bool:
    """False for a local date a zone skipped entirely (e.g. 2011-12-30 in Pacific/Apia)."""
    return local_date(resolve_local(day, time(0), zone), zone) == day


def next_post(after: datetime, at: time, zone: zoneinfo.ZoneInfo) -> tuple[date, datetime]:
    """The first local date whose post instant is strictly after ``after``, and that instant (UTC).

    Feeding each result's instant back as ``after`` visits every local date
    once, in order.
    """
    after = require_aware(after, "after")
    # Start a day early: a post time in a gap can resolve past local midnight.
    day = local_date(after, zone) - timedelta(days=1)
    while True:
        instant = resolve_local(day, at, zone)
        if instant > after and (local_date(instant, zone) == day or _date_exists(day, zone)):
            return day, instant
        day += timedelta(days=1)


def reveal_instant(
    post_instant: datetime,
    local_day: date,
    at: time,
    zone: zoneinfo.ZoneInfo,
    reveal_after: timedelta | None,
) -> datetime:
    """When the answer to ``local_day``'s question is revealed (UTC).

    With ``reveal_after`` None: ``DEFAULT_REVEAL_LEAD`` before the next day's
    post (so 23 or 25 hours after on DST days). Otherwise ``post_instant +
    reveal_after``. Never sooner than ``MIN_REVEAL_DELAY`` after the post.
    """
    post_instant = require_aware(post_instant, "post_instant")
    if reveal_after is None:
        reveal = resolve_local(local_day + timedelta(days=1), at, zone) - DEFAULT_REVEAL_LEAD
    else:
        reveal = post_instant + reveal_after
    return max(reveal, post_instant + MIN_REVEAL_DELAY)
