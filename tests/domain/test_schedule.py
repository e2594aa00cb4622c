"""Posting once a day at a local time, across daylight-saving changes."""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import InvalidTime, InvalidTimezone
from bot.domain.schedule import (
    DEFAULT_REVEAL_LEAD,
    MIN_REVEAL_DELAY,
    common_zones,
    format_post_time,
    load_zone,
    local_date,
    next_post,
    parse_post_time,
    resolve_local,
    reveal_instant,
    search_zones,
    zone_or_utc,
)

NEW_YORK = load_zone("America/New_York")
BERLIN = load_zone("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- zones -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  AMERICA/NEW YORK ", "America/New_York"),
        ("utc", "UTC"),
        ("US/Eastern", "US/Eastern"),
    ],
)
def test_load_zone_accepts_any_case_and_spaces(typed, key):
    assert load_zone(typed).key == key


@pytest.mark.parametrize("typed", ["", "Mars/Olympus", "Berlin", "../etc/passwd", "localtime", "Europe/"])
def test_load_zone_rejects_unknown_names_with_a_friendly_error(typed):
    with pytest.raises(InvalidTimezone) as caught:
        load_zone(typed)
    assert "time zone" in str(caught.value)


def test_a_listed_zone_whose_data_no_longer_loads_is_an_unknown_zone(monkeypatch):
    # tzdata changed under a running process: the name was listed at start-up, its file is gone.
    def gone(key: str) -> zoneinfo.ZoneInfo:
        raise zoneinfo.ZoneInfoNotFoundError(f"No time zone found with key {key}")

    monkeypatch.setattr(zoneinfo, "ZoneInfo", gone)
    with pytest.raises(InvalidTimezone):
        load_zone("Europe/Berlin")


@pytest.mark.parametrize("name", [None, "", "Mars/Olympus", "../etc/passwd"])
def test_zone_or_utc_falls_back_to_utc_for_no_zone_or_one_that_does_not_load(name):
    assert zone_or_utc(name).key == "UTC"


def test_zone_or_utc_keeps_a_zone_that_loads():
    assert zone_or_utc("europe/berlin").key == "Europe/Berlin"


def test_common_zones_are_sorted_city_names_without_legacy_aliases():
    zones = common_zones()
    assert zones == sorted(zones)
    assert {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"} <= set(zones)
    assert not [z for z in zones if z.startswith(("US/", "Etc/", "Canada/", "Brazil/", "Mexico/"))]
    assert not {"EST5EDT", "Cuba", "GMT", "Zulu", "localtime", "Factory"} & set(zones)
    for name in zones:
        load_zone(name)  # every offered zone loads


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("berlin", "Europe/Berlin"),
        ("kolkatta", "Asia/Kolkata"),
        ("LOS ANGELES", "America/Los_Angeles"),
        ("europe/lond", "Europe/London"),
        ("utc", "UTC"),
    ],
)
def test_search_zones_puts_the_meant_zone_first(query, first):
    assert search_zones(query)[0] == first


def test_search_zones_respects_the_limit_and_lists_zones_for_an_empty_query():
    assert len(search_zones("america")) == 25
    assert all(z.startswith("America/") for z in search_zones("america"))
    assert len(search_zones("america", limit=5)) == 5
    assert search_zones("") == common_zones()[:25]
    assert search_zones("qqqqzzzz") == []


# --- post times --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("21:05", time(21, 5)),
        ("9pm", time(21, 0)),
        ("9 PM", time(21, 0)),
        ("9:30 am", time(9, 30)),
        ("9.30p.m.", time(21, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:15 am", time(0, 15)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("7", time(7, 0)),
        ("noon", time(12, 0)),
        ("Midnight", time(0, 0)),
    ],
)
def test_parse_post_time_reads_common_spellings(typed, expected):
    assert parse_post_time(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "24:00", "9:60", "13pm", "0am", "9:7", "nine", "9:30:15", "-1:00", "930"]
)
def test_parse_post_time_rejects_nonsense(typed):
    with pytest.raises(InvalidTime):
        parse_post_time(typed)


def test_post_time_is_stored_as_hh_mm():
    assert format_post_time(parse_post_time("9pm")) == "21:00"
    assert format_post_time(time(7, 5)) == "07:05"


# --- resolving local times ---------------------------------------------------

DST_CASES = [
    # zone, local date, post time, expected UTC instant
    pytest.param(NEW_YORK, date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 0), id="new-york-gap"),
    pytest.param(NEW_YORK, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30), id="new-york-repeat"),
    pytest.param(BERLIN, date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1, 0), id="berlin-gap"),
    pytest.param(BERLIN, date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30), id="berlin-repeat"),
    pytest.param(NEW_YORK, date(2026, 3, 8), time(9, 0), utc(2026, 3, 8, 13, 0), id="new-york-after-gap"),
    pytest.param(BERLIN, date(2026, 10, 25), time(9, 0), utc(2026, 10, 25, 8, 0), id="berlin-after-repeat"),
]


@pytest.mark.parametrize(("zone", "day", "at", "expected"), DST_CASES)
def test_resolve_local_on_dst_days(zone, day, at, expected):
    assert resolve_local(day, at, zone) == expected


@pytest.mark.parametrize(("zone", "day", "at", "expected"), DST_CASES)
def test_a_month_of_next_post_posts_once_per_local_date(zone, day, at, expected):
    first_day = day - timedelta(days=15)
    after = resolve_local(first_day, at, zone) - timedelta(minutes=1)
    posts = []
    for _ in range(31):
        post_day, after = next_post(after, at, zone)
        posts.append((post_day, after))
    days = [d for d, _ in posts]
    assert days == [first_day + timedelta(days=i) for i in range(31)]
    assert dict(posts)[day] == expected
    for post_day, instant in posts:
        local = instant.astimezone(zone)
        assert local.date() == post_day
        if post_day != day:
            assert local.time() == at  # ordinary days post at the set time exactly


def test_day_lengths_around_spring_forward_post_in_the_gap():
    # 02:30 does not exist on 2026-03-08 in New York: the post goes at 03:00 EDT.
    before = resolve_local(date(2026, 3, 7), time(2, 30), NEW_YORK)
    gap = resolve_local(date(2026, 3, 8), time(2, 30), NEW_YORK)
    after = resolve_local(date(2026, 3, 9), time(2, 30), NEW_YORK)
    assert gap.astimezone(NEW_YORK).strftime("%H:%M %Z") == "03:00 EDT"
    assert gap - before == timedelta(hours=23, minutes=30)
    assert after - gap == timedelta(hours=23, minutes=30)


def test_repeated_hour_posts_at_its_first_occurrence_only():
    day, instant = next_post(utc(2026, 11, 1, 0, 0), time(1, 30), NEW_YORK)
    assert (day, instant.astimezone(NEW_YORK).strftime("%H:%M %Z")) == (date(2026, 11, 1), "01:30 EDT")
    # An hour later the wall clock reads 01:30 again (EST): not a second post.
    second_reading = instant + timedelta(hours=1)
    assert second_reading.astimezone(NEW_YORK).strftime("%H:%M") == "01:30"
    assert next_post(second_reading - timedelta(seconds=1), time(1, 30), NEW_YORK)[0] == date(2026, 11, 2)


def test_next_post_is_strictly_after():
    instant = resolve_local(date(2026, 5, 4), time(9, 0), BERLIN)
    assert next_post(instant - timedelta(microseconds=1), time(9, 0), BERLIN) == (date(2026, 5, 4), instant)
    assert next_post(instant, time(9, 0), BERLIN)[0] == date(2026, 5, 5)


def test_next_post_rejects_naive_instants():
    with pytest.raises(ValueError, match="aware"):
        next_post(datetime(2026, 1, 1), time(9, 0), BERLIN)  # noqa: DTZ001


def test_a_skipped_calendar_day_gets_no_post():
    # Samoa jumped over 2011-12-30 to the other side of the date line.
    apia = load_zone("Pacific/Apia")
    after = utc(2011, 12, 28, 0, 0)
    days = []
    for _ in range(4):
        day, after = next_post(after, time(9, 0), apia)
        days.append(day)
    assert days == [date(2011, 12, 28), date(2011, 12, 29), date(2011, 12, 31), date(2012, 1, 1)]


def test_local_date_uses_the_server_calendar():
    assert local_date(utc(2026, 3, 31, 20, 0), load_zone("Asia/Kolkata")) == date(2026, 4, 1)
    assert local_date(utc(2026, 4, 1, 3, 0), load_zone("America/Los_Angeles")) == date(2026, 3, 31)


@settings(max_examples=120, deadline=None)
@given(
    zone_name=st.sampled_from(common_zones()),
    at=st.times(),
    start=st.dates(min_value=date(2015, 1, 1), max_value=date(2037, 12, 31)),
    offset=st.integers(min_value=-36 * 3600, max_value=36 * 3600),
)
def test_consecutive_next_posts_visit_each_local_date_once(zone_name, at, start, offset):
    zone = load_zone(zone_name)
    after = datetime.combine(start, time(12, 0), tzinfo=UTC) + timedelta(seconds=offset)
    previous_day, previous = next_post(after, at, zone)
    assert previous > after
    for _ in range(40):
        day, instant = next_post(previous, at, zone)
        assert instant > previous
        assert day == previous_day + timedelta(days=1)
        previous_day, previous = day, instant


# --- reveals -------------------------------------------------------------------


def test_default_reveal_is_before_the_next_post_even_on_short_and_long_days():
    at = time(9, 0)
    spring_post = resolve_local(date(2026, 3, 7), at, NEW_YORK)
    spring = reveal_instant(spring_post, date(2026, 3, 7), at, NEW_YORK, None)
    assert spring == utc(2026, 3, 8, 13, 0) - DEFAULT_REVEAL_LEAD
    assert spring - spring_post == timedelta(hours=22, minutes=45)

    fall_post = resolve_local(date(2026, 10, 31), at, NEW_YORK)
    fall = reveal_instant(fall_post, date(2026, 10, 31), at, NEW_YORK, None)
    assert fall.astimezone(NEW_YORK).strftime("%Y-%m-%d %H:%M") == "2026-11-01 08:45"
    assert fall - fall_post == timedelta(hours=24, minutes=45)


def test_explicit_reveal_delay_counts_from_the_post():
    post = utc(2026, 6, 1, 7, 0)
    assert reveal_instant(post, date(2026, 6, 1), time(9, 0), BERLIN, timedelta(hours=2)) == utc(
        2026, 6, 1, 9, 0
    )


def test_reveal_is_never_sooner_than_the_minimum_after_the_post():
    post = utc(2026, 6, 1, 7, 0)
    assert reveal_instant(post, date(2026, 6, 1), time(9, 0), BERLIN, timedelta(0)) == post + MIN_REVEAL_DELAY
    # A post sent very late (bot was down) still leaves time to answer.
    late = resolve_local(date(2026, 6, 2), time(9, 0), BERLIN) - timedelta(minutes=1)
    assert reveal_instant(late, date(2026, 6, 1), time(9, 0), BERLIN, None) == late + MIN_REVEAL_DELAY
