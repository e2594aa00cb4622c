"""Autocomplete relevance: every word of the query must be there (typos and half-typed words allowed)."""

from bot.domain.relevance import RELEVANT, ranked, relevance


def test_a_text_missing_a_word_of_the_query_is_not_relevant():
    assert relevance("event loop", "What is the event loop in Node.js?") == 100
    assert relevance("event loop", "What is SQL injection, and how do you prevent it?") < RELEVANT
    assert relevance("event loop", "How do event emitters work?") < RELEVANT  # one word of two


def test_typos_half_typed_words_plurals_and_dotted_names_still_match():
    assert relevance("evnt lop", "What is the event loop?") >= RELEVANT
    assert relevance("event l", "What is the event loop?") >= RELEVANT  # the last word is still being typed
    assert relevance("event l ", "What is the event loop?") < RELEVANT  # ... unless a space ended it
    assert relevance("redis cache", "How does caching with Redis help?") >= RELEVANT
    assert relevance("nextTick", "process.nextTick() or setImmediate()?") == 100
    assert relevance("what is", "What is Docker?") == 100  # only filler words: they count then


def test_prompt_matches_rank_before_tag_matches_and_the_list_ends_with_the_matches():
    texts = {
        "tagged": ("What are worker threads?", "event-loop workers"),
        "prompt": ("What is the event loop in Node.js?", "async"),
        "unrelated": ("What is SQL injection?", "security"),
    }
    assert ranked("event loop", texts, limit=25) == ["prompt", "tagged"]


def test_a_word_no_question_has_is_read_as_a_typo_but_a_real_word_is_not():
    texts = {"loop": ("What is the event loop in Node.js?", ""), "code": ("How do you structure code?", "")}
    assert ranked("event lopp", texts, 10) == ["loop"]  # one letter wrong
    assert ranked("node", texts, 10) == ["loop"]  # "node" is a word here: it never stands for "code"
