"""Choosing the day's question: filters, no repeats, near-duplicates apart, reproducible."""

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import EmptyPool
from bot.domain.questions import Difficulty, Kind
from bot.domain.selection import Candidate, Filters, choose, day_seed, preview

from .factories import make_question

SECRET = "an installation secret"


def cand(
    qid: str, topic: str = "node", difficulty: str = "easy", kind: str = "open", group: str | None = None
):
    return Candidate(qid, topic, difficulty, kind, group)


POOL = [
    cand("a", "node", "easy", "open"),
    cand("b", "node", "hard", "mcq"),
    cand("c", "databases", "hard", "open"),
    cand("d", "databases", "medium", "mcq"),
    cand("e", "security", "easy", "open"),
]
SEEDS = [f"seed-{n}" for n in range(40)]


def picks(pool, asked=(), filters=None, previous_group=None) -> set[str]:
    """Every id ``choose`` picks over many seeds."""
    filters = filters or Filters()
    return {choose(pool, list(asked), filters, previous_group=previous_group, seed=s).id for s in SEEDS}


def test_filters_limit_the_choice():
    filters = Filters(topics=frozenset({"databases"}))
    assert picks(POOL, filters=filters) == {"c", "d"}
    hard_mcq = Filters(difficulty="hard", kinds=frozenset({"mcq"}))
    assert picks(POOL, filters=hard_mcq) == {"b"}


def test_nothing_matching_names_the_filters():
    filters = Filters(topics=frozenset({"security"}), difficulty="hard")
    with pytest.raises(EmptyPool) as caught:
        choose(POOL, [], filters, previous_group=None, seed="x")
    assert "topic security" in str(caught.value)
    assert "difficulty hard" in str(caught.value)
    with pytest.raises(EmptyPool):
        choose([], [], Filters(), previous_group=None, seed="x")


def test_never_asked_questions_come_first():
    asked = ["a", "b", "c", "a", "b"]
    assert picks(POOL, asked) == {"d", "e"}


def test_a_new_cycle_starts_with_the_least_asked_then_least_recently_asked():
    assert choose(POOL, ["a", "b", "c", "d", "e"], Filters(), previous_group=None, seed="x").id == "a"
    assert choose(POOL, ["e", "d", "c", "b", "a", "e"], Filters(), previous_group=None, seed="x").id == "d"
    assert (
        choose(POOL, ["a", "b", "c", "d", "e", "a", "c"], Filters(), previous_group=None, seed="x").id == "b"
    )


def test_yesterdays_question_repeats_only_when_it_is_the_only_one():
    single = [cand("only")]
    assert choose(single, ["only"], Filters(), previous_group=None, seed="x").id == "only"
    pair = [cand("x"), cand("y")]
    assert choose(pair, ["y", "x"], Filters(), previous_group=None, seed="s").id == "y"
    assert choose(pair, ["x", "y", "x", "y"], Filters(), previous_group=None, seed="s").id == "x"


def test_yesterdays_near_duplicate_group_is_avoided():
    pool = [
        cand("loop-1", group="event-loop"),
        cand("loop-2", group="event-loop"),
        cand("loop-3", group="event-loop"),
        cand("jwt", group="auth"),
        cand("index"),
    ]
    assert picks(pool, ["loop-1"], previous_group="event-loop") == {"jwt", "index"}


def test_group_avoidance_applies_among_equally_fresh_questions():
    pool = [
        cand("loop-1", group="g1"),
        cand("loop-2", group="g1"),
        cand("jwt-1", group="g2"),
        cand("jwt-2", group="g2"),
    ]
    assert picks(pool, ["jwt-1", "loop-1"], previous_group="g1") == {"jwt-2"}


def test_group_avoidance_applies_in_a_new_cycle():
    pool = [cand("loop-1", group="g"), cand("loop-2", group="g"), cand("jwt"), cand("index")]
    asked = ["loop-1", "jwt", "index", "loop-2"]
    # loop-1 was asked longest ago, but yesterday's loop-2 is in its group.
    assert choose(pool, asked, Filters(), previous_group="g", seed="s").id == "jwt"


def test_near_duplicates_still_come_up_when_nothing_else_is_left_in_the_cycle():
    pool = [cand("loop-1", group="g"), cand("loop-2", group="g"), cand("other")]
    assert choose(pool, ["other", "loop-1"], Filters(), previous_group="g", seed="s").id == "loop-2"


def test_groups_not_yet_seen_are_preferred():
    pool = [cand("loop-1", group="g"), cand("loop-2", group="g"), cand("solo"), cand("jwt", group="auth")]
    assert picks(pool, ["loop-1", "solo"]) == {"jwt"}


def test_choice_is_deterministic_for_a_seed_and_varies_across_seeds():
    seed = day_seed(1234, date(2026, 3, 1), SECRET)
    repeated = [choose(POOL, [], Filters(), previous_group=None, seed=seed) for _ in range(5)]
    assert len(set(repeated)) == 1
    assert len(picks(POOL)) > 2
    assert day_seed(1234, date(2026, 3, 1), SECRET) != day_seed(1234, date(2026, 3, 2), SECRET)
    assert day_seed(1234, date(2026, 3, 1), SECRET) != day_seed(4321, date(2026, 3, 1), SECRET)
    # Without the installation's secret the seed cannot be worked out from the server id and date.
    assert day_seed(1234, date(2026, 3, 1), SECRET) != day_seed(1234, date(2026, 3, 1), "another secret")


def test_preview_shows_what_the_next_days_will_pick():
    def seed_for_day(offset: int) -> str:
        return day_seed(42, date(2026, 3, 1 + offset), SECRET)

    shown = preview(POOL, ["a"], Filters(), None, seed_for_day, 7)
    asked, group = ["a"], None
    for offset, expected in enumerate(shown):
        pick = choose(POOL, asked, Filters(), previous_group=group, seed=seed_for_day(offset))
        assert pick == expected
        asked.append(pick.id)
        group = pick.group
    assert {c.id for c in shown[:4]} == {"b", "c", "d", "e"}


def test_candidate_from_a_question():
    question = make_question(id="qa40-3f2a1c", kind=Kind.MCQ, difficulty=Difficulty.HARD, group="event-loop")
    assert Candidate.of(question) == Candidate(
        "qa40-3f2a1c", "node-core-runtime", "hard", "mcq", "event-loop"
    )
    assert Filters(difficulty="hard", kinds=frozenset({"mcq"})).matches(Candidate.of(question))


def test_a_question_out_of_the_rotation_is_never_chosen_whatever_the_filters():
    own = Candidate.of(make_question(id="qa40-0000aa", daily=False))
    assert own.daily is False
    assert not Filters().matches(own)
    pool = [own, cand("a", "node-core-runtime")]
    for day in range(20):
        assert choose(pool, [], Filters(), previous_group=None, seed=str(day)).id == "a"
    with pytest.raises(EmptyPool):
        choose([own], [], Filters(), previous_group=None, seed="s")


candidates = st.lists(
    st.builds(
        Candidate,
        id=st.text("abcdefgh", min_size=1, max_size=3),
        topic=st.sampled_from(["node", "db"]),
        difficulty=st.sampled_from(["easy", "hard"]),
        kind=st.sampled_from(["open", "mcq"]),
        group=st.one_of(st.none(), st.sampled_from(["g1", "g2", "g3"])),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda c: c.id,
)


@settings(max_examples=150, deadline=None)
@given(pool=candidates, topic=st.sampled_from([None, "node", "db"]), seed=st.text(max_size=5))
def test_no_question_repeats_until_every_eligible_one_was_asked(pool, topic, seed):
    filters = Filters(topics=frozenset({topic}) if topic else frozenset())
    eligible = {c.id for c in pool if filters.matches(c)}
    if not eligible:
        with pytest.raises(EmptyPool):
            choose(pool, [], filters, previous_group=None, seed=seed)
        return
    picks = preview(pool, [], filters, None, lambda day: f"{seed}:{day}", 3 * len(eligible))
    ids = [c.id for c in picks]
    n = len(eligible)
    for cycle in range(3):
        assert set(ids[cycle * n : (cycle + 1) * n]) == eligible
    # And never the same question two days running while there is a choice.
    if n > 1:
        assert all(a != b for a, b in itertools.pairwise(ids))


def test_a_source_turned_off_is_never_chosen_and_the_filters_say_so():
    pool = [
        Candidate("a", "node", "easy", "open", source="cards.txt"),
        Candidate("p", "node", "easy", "open", source="pack-x.yaml"),
    ]
    off = Filters(sources_off=frozenset({"pack-x.yaml"}))
    picks = {choose(pool, [], off, previous_group=None, seed=str(n)).id for n in range(20)}
    assert picks == {"a"}
    everything_off = Filters(difficulty="easy", sources_off=frozenset({"pack-x.yaml", "cards.txt"}))
    with pytest.raises(
        EmptyPool, match=r"difficulty easy, the sources left on \(2 turned off with /bank sources\)"
    ):
        choose(pool, [], everything_off, previous_group=None, seed="s")
