"""read_upload, the one function every upload goes through: limits before parsing, caps after."""

from __future__ import annotations

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
