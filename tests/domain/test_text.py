"""Answer text is compared word by word, forgiving word forms and keeping code names whole."""

import pytest

from bot.domain.text import normalize, stem, tokens


def test_normalize_drops_punctuation_but_keeps_identifiers():
    assert normalize("What does process.nextTick() do?") == "what does process.nexttick do"
    assert normalize("setImmediate vs. setTimeout!") == "setimmediate vs settimeout"
    assert normalize("Node.js, Express & NestJS") == "node.js express nestjs"
    assert normalize("snake_case_name = 3.14;") == "snake_case_name 3.14"


def test_normalize_folds_case_width_and_apostrophes():
    assert normalize("ＦＵＬＬ width") == "full width"
    assert normalize("Straße") == "strasse"
    assert normalize("Don't block Node’s loop") == "dont block nodes loop"
    assert normalize("  many\n\tspaces  ") == "many spaces"


def test_tokens_keep_order_and_join_i_o():
    assert tokens("Async I/O with async/await") == ["async", "io", "with", "async", "await"]
    assert tokens("") == []
    assert tokens("...!?") == []


@pytest.mark.parametrize(
    "forms",
    [
        ("caching", "cached", "cache", "caches"),
        ("queues", "queue", "queued", "queuing", "queueing"),
        ("blocking", "blocks", "block", "blocked"),
        ("threads", "threaded", "thread"),
        ("running", "runs", "run"),
        ("stopped", "stops", "stop"),
        ("processes", "process", "processing"),
        ("queries", "query", "queried"),
        ("handled", "handle", "handling", "handles"),
    ],
)
def test_word_forms_meet_on_one_stem(forms):
    assert len({stem(word) for word in forms}) == 1, {word: stem(word) for word in forms}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("cache", "queue"),
        ("thread", "threshold"),
        ("block", "blob"),
        ("process", "promise"),
        ("status", "state"),
    ],
)
def test_different_words_stay_apart(one, other):
    assert stem(one) != stem(other)


def test_words_that_only_look_inflected_are_kept():
    assert stem("status") == "status"
    assert stem("process") == "process"
    assert stem("asynchronous") == "asynchronous"
    assert stem("string") == "string"
    assert stem("process.nexttick") == "process.nexttick"
    assert stem("http2") == "http2"
