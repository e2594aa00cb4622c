"""The grader's rules, one by one, as a member would notice them in their result."""

import time

import pytest

from bot.domain.grading import grade_key_points
from bot.domain.questions import KeyPoint

PROMPT = "How does Node.js handle I/O without blocking the event loop?"
POINTS = (
    KeyPoint("libuv hands slow I/O to the operating system or a thread pool"),
    KeyPoint("the callback runs later when the call stack is empty", accept=("callbacks are queued",)),
)


def grade(answer: str, points=POINTS, prompt: str = PROMPT):
    return grade_key_points(answer, prompt, points)


def test_a_point_said_in_one_sentence_counts():
    result = grade("libuv hands the slow I/O work to the operating system or its thread pool.")
    assert result.hits == (POINTS[0].point,)


def test_the_same_words_scattered_over_the_answer_do_not_count():
    scattered = (
        "libuv is a C library. "
        "Then there is a lot to say about how a web server answers requests and logs them to disk. "
        "Sometimes the operating system is Linux. "
        "Caching in memory helps with speed and keeps the database quieter on busy days. "
        "A thread pool is also used in Java servers."
    )
    assert grade(scattered).hits == ()


def test_pasting_the_prompt_earns_nothing():
    result = grade(PROMPT)
    assert result.hits == ()
    assert result.scaled(10) == 0


def test_prompt_words_are_no_evidence():
    # "blocking", "event loop", "I/O", "Node.js" are the question's words; saying them proves nothing.
    points = (KeyPoint("the event loop is not blocked: a callback runs once the I/O is done"),)
    assert grade("Node.js I/O does not block the event loop, it is non blocking I/O.", points).hits == ()
    assert grade("The event loop isn't blocked by I/O because callbacks run once I/O is done.", points).hits


def test_a_negated_statement_does_not_say_the_point():
    said = "The callback runs later, when the call stack is empty."
    denied = "The callback never runs later when the call stack is empty."
    assert grade(said).hits == (POINTS[1].point,)
    assert grade(denied).hits == ()


def test_a_point_that_denies_is_said_only_by_denying():
    points = (KeyPoint("reading a file with fs.readFile does not block the main thread"),)
    assert grade("fs.readFile doesn't block the main thread while it reads the file.", points).hits
    assert grade("fs.readFile blocks the main thread while it reads the file.", points).hits == ()


def test_other_phrasings_count():
    assert grade("Callbacks are queued and picked up afterwards.").hits == (POINTS[1].point,)


def test_word_forms_typos_and_identifiers_keep_working():
    points = (KeyPoint("process.nextTick callbacks run before promise callbacks"),)
    prompt = "What runs first?"
    assert grade_key_points("nextTick callback is running before the promise callbacks", prompt, points).hits
    assert grade_key_points("process.nextTick calbacks run befor promis callbacks", prompt, points).hits


def test_a_bare_list_of_terms_earns_a_small_share_at_most():
    listed = "libuv, thread pool, operating system, callbacks queued, call stack empty, callback runs later"
    result = grade(listed)
    assert result.term_list
    assert result.scaled(10) <= 3
    sentences = (
        "libuv hands slow I/O to the operating system or a thread pool. "
        "When it is done the callback runs later, once the call stack is empty."
    )
    assert grade(sentences).scaled(10) == 10


def test_no_key_points_no_ratio():
    result = grade("anything at all", points=())
    assert result.ratio is None
    assert result.scaled(10) == 0


@pytest.mark.parametrize("size", [4000])
def test_a_4000_character_answer_grades_in_a_few_milliseconds(size):
    sentence = "libuv hands slow I/O to the operating system, and the callback runs when the stack is empty. "
    answer = (sentence * (size // len(sentence) + 1))[:size]
    grade(answer)  # warm caches as a long-running bot has them
    started = time.perf_counter()
    for _ in range(20):
        grade(answer + str(_))
    # 5 ms is the product's budget (bench/RESULTS.md measures it); 25 ms leaves room for a busy CI machine.
    assert (time.perf_counter() - started) / 20 < 0.025


LISTENERS = (KeyPoint("Listeners run synchronously, in the order they were registered"),)
EMITTER = "How does EventEmitter call its listeners?"


def test_the_opposite_word_by_a_prefix_does_not_say_the_point():
    # "asynchronously" is near enough to "synchronously" for the typo rule; it says the opposite.
    assert (
        grade("Listeners run asynchronously, in the order they were registered.", LISTENERS, EMITTER).hits
        == ()
    )
    assert grade("Listeners run synchronously, in the order they were registered.", LISTENERS, EMITTER).hits
    secure = (KeyPoint("Cookies are sent only over secure HTTPS connections"),)
    assert grade("cookies sent over insecure HTTP connections", secure, "Which cookie flags?").hits == ()


def test_plural_letter_words_meet_their_singular():
    point = (KeyPoint("The worker records processed job IDs so that a repeat is skipped"),)
    assert grade("store processed job ids so a repeat is skipped", point, "How to avoid duplicate jobs?").hits
    apis = (KeyPoint("Versioned APIs keep old clients working"),)
    assert grade("we version the API so old clients keep working", apis, "Why version?").hits


def test_instead_denies_what_follows_instead_of_but_not_a_new_advice():
    point = (KeyPoint("Stream the upload to disk with busboy rather than buffering it in memory"),)
    prompt = "How do you accept large file uploads?"
    assert grade("Buffering in memory is risky. Instead stream the upload to disk with busboy.", point, prompt).hits
    assert grade("Use buffering in memory instead of streaming to disk with busboy.", point, prompt).hits == ()
