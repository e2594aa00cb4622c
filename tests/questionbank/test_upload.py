"""read_upload, the one function every upload goes through: limits before parsing, caps after."""

from __future__ import annotations

import re

import pytest

from bot.questionbank.builder import load_taxonomy
from bot.questionbank.errors import UploadRefused
from bot.questionbank.taxonomy import Taxonomy
from bot.questionbank.upload import UploadRequest, read_upload
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(PROJECT_ROOT / "content")


def read(taxonomy: Taxonomy, name: str, text: str):
    return read_upload(UploadRequest(name, text.encode(), "g1", taxonomy))


def test_a_document_of_more_questions_than_a_file_may_hold_is_refused_as_too_large(taxonomy):
    text = "".join(f"Q: What is thing {i}?\nA: Thing {i} is a thing.\n\n" for i in range(501))

    with pytest.raises(UploadRefused) as caught:
        read(taxonomy, "many.txt", text)

    assert caught.value.over_limit
    assert caught.value.reason == (
        "`many.txt` holds 501 questions; the limit is 500 a file: split it into smaller files"
    )


def test_a_question_over_a_cap_is_left_out_with_the_reason_and_the_others_kept(taxonomy):
    long_prompt = "Why " + "really " * 200 + "?"
    text = f"Q: What is a closure?\nA: A function with its scope.\n\nQ: {long_prompt}\nA: Because.\n"

    upload = read(taxonomy, "notes.txt", text)

    assert [q.prompt for q in upload.questions] == ["What is a closure?"]
    assert upload.left_out == ["lines 4–5: the prompt is 1,405 characters long; the limit is 1,000"]
    assert all(q.id.startswith("g1-") and len(q.id) == len("g1-") + 12 for q in upload.questions)


def test_nothing_recognised_is_a_refusal_but_not_over_a_limit(taxonomy):
    with pytest.raises(UploadRefused) as caught:
        read(taxonomy, "shopping.txt", "eggs\nmilk\nbread\n")
    assert not caught.value.over_limit
    assert "shopping.txt" in caught.value.reason


MCQ_DOCUMENT = """\
1. Which status code should a POST that creates a resource return?
A) 200 OK
B) 201 Created
C) 204 No Content
Answer: B) 201 Created, usually with a Location header pointing at the new resource.

2. Which HTTP method is idempotent?
A) POST
B) PUT
Answer: B) PUT.

3. Which header carries a bearer token?
A) Accept
B) Authorization
"""


def test_an_answer_line_that_restates_the_option_says_it_once(taxonomy):
    created, put, token = read(taxonomy, "quiz.md", MCQ_DOCUMENT).questions

    # The short answer was "Correct answer: B) 201 Created 201 Created, usually with…".
    assert created.short_answer == "B) 201 Created."
    assert created.explanation == "Usually with a Location header pointing at the new resource."
    assert created.full_answer.count("201 Created") == 1
    assert (put.short_answer, put.explanation) == ("B) PUT.", "")
    assert token.correct_choice is None


def test_the_report_says_what_the_bot_filled_in_with_the_questions_numbers(taxonomy):
    text = MCQ_DOCUMENT + (
        "\n4. What does the event loop do?\n"
        "Answer: It runs queued callbacks one at a time. A slow callback delays every other one.\n"
        "Key points:\n- one callback at a time\n- a slow callback blocks the rest\n"
        "\n5. Why use a connection pool?\nAnswer: Opening a connection is slow, so a pool reuses open ones.\n"
    )

    upload = read(taxonomy, "quiz.md", text)

    assert upload.notes == (
        "Short answers written from the answers for all 5 questions (the document gives none; "
        "for multiple choice, the right option)",
        "Key points drawn from the answers for question 5 (the document lists none): "
        "members' answers are graded on them, so read them below",
        "No correct letter for question 3: add a line such as `Answer: B` under the options "
        "and upload the file again",
    )


def test_repaired_extraction_damage_is_counted_where_the_parsed_text_no_longer_shows_it(taxonomy):
    guide = (PROJECT_ROOT / "content" / "sources" / "guide-node-backend-2026.txt").read_text()

    notes = read(taxonomy, "guide.txt", guide).notes

    assert notes[0].startswith("Repaired PDF-extraction damage in questions 1, 2, 3, 4, 5, 6 and 7 (")
    assert re.search(r"\(\d+ places: words glued to code, list items run together\)$", notes[0])
    clean = read(taxonomy, "quiz.md", MCQ_DOCUMENT).notes
    assert not any(n.startswith("Repaired") for n in clean)
