"""Shapes of public interview-question collections beyond the seeds, recognised by content."""

from textwrap import dedent

import pytest

from bot.domain.questions import Kind
from bot.questionbank.parsed import NothingRecognized, ParseError
from bot.questionbank.parsing import parse_document, unaccounted_lines


def _parse(text: str):
    text = dedent(text).lstrip("\n")
    result = parse_document(text, name="upload.md")
    assert unaccounted_lines(text, result) == []
    return result


def _reasons(result) -> list[str]:
    return [block.reason for block in result.skipped]


def test_markdown_headings_with_a_linked_table_of_contents_give_each_question_once():
    result = _parse(
        """
        # JavaScript Interview Questions

        ## Table of Contents

        1. [What is a closure?](#what-is-a-closure)
        2. [What is hoisting?](#what-is-hoisting)

        ## What is a closure?

        A closure is a function that remembers the scope it was created in.

        ```js
        function counter() {
          let n = 0;
          return () => ++n;
        }
        ```

        ## What is hoisting?

        Declarations move to the top of their scope.

        ## References

        - MDN Web Docs
        """
    )
    assert result.format == "markdown-headings"
    assert [q.prompt for q in result.questions] == ["What is a closure?", "What is hoisting?"]
    assert "table of contents" in _reasons(result)
    assert "references" in _reasons(result)
    assert "```js\nfunction counter() {\n  let n = 0;" in result.questions[0].full_answer


def test_a_plain_list_of_titles_repeating_the_headings_is_a_table_of_contents():
    result = _parse(
        """
        # Node.js questions

        - What is npm?
        - How does require work?

        ### 1. What is npm?
        npm is the package manager that ships with Node.js.

        ### 2. How does require work?
        **Answer:** It resolves the path, loads the file once and caches `module.exports`.
        """
    )
    assert [(q.label, q.prompt) for q in result.questions] == [
        ("1", "What is npm?"),
        ("2", "How does require work?"),
    ]
    assert "table of contents" in _reasons(result)
    assert result.questions[1].full_answer.startswith("It resolves the path")


def test_markdown_categories_become_sections_and_sub_headings_split_the_answer():
    result = _parse(
        """
        # Interview prep

        ## Databases

        ### What is an index?
        A data structure that speeds up reads at the cost of writes.

        #### Key Points
        - Faster reads
        - Slower writes

        #### Follow-up Questions
        - What is a covering index?

        ## Networking

        ### Explain the TCP handshake
        SYN, SYN-ACK, ACK.
        """
    )
    index, tcp = result.questions
    assert (index.section, tcp.section) == ("Databases", "Networking")
    assert index.key_points == ["Faster reads", "Slower writes"]
    assert index.follow_ups == ["What is a covering index?"]
    assert "Key Points" not in index.full_answer
    assert tcp.prompt == "Explain the TCP handshake"


@pytest.mark.parametrize(
    "text",
    [
        """
        Q: What is REST?
        A: An architectural style built on resources and stateless requests.

        Q: What does idempotent mean?
        A: Repeating a request has the same effect as making it once.
        """,
        """
        **Q:** What is REST?
        **A:** An architectural style built on resources and stateless requests.

        **Q:** What does idempotent mean?
        **A:** Repeating a request has the same effect as making it once.
        """,
        """
        Question: What is REST?
        Answer: An architectural style built on resources and stateless requests.

        Question: What does idempotent mean?
        Answer: Repeating a request has the same effect as making it once.
        """,
    ],
    ids=["q-a", "bold", "question-answer"],
)
def test_question_answer_pairs(text):
    result = _parse(text)
    assert result.format == "qa-pairs"
    assert [q.prompt for q in result.questions] == ["What is REST?", "What does idempotent mean?"]
    assert result.questions[1].full_answer == "Repeating a request has the same effect as making it once."


def test_numbered_questions_keep_their_inner_steps_and_code():
    result = _parse(
        """
        Top Node.js interview questions

        1. What is Node.js?
        Node.js is a JavaScript runtime built on V8.

        2) Why is Node.js single-threaded?
        JavaScript runs on one thread; the I/O goes to the system:
        1. Receive the request
        2. Hand the I/O to libuv

        3. How do you read a file?
        Use fs.readFile:

        const fs = require("fs");
        fs.readFile("a.txt", "utf8", (err, data) => console.log(data));
        """
    )
    assert result.format == "numbered-questions"
    assert [q.prompt for q in result.questions] == [
        "What is Node.js?",
        "Why is Node.js single-threaded?",
        "How do you read a file?",
    ]
    assert "1. Receive the request\n2. Hand the I/O to libuv" in result.questions[1].full_answer
    assert result.questions[2].full_answer.endswith(
        '```js\nconst fs = require("fs");\nfs.readFile("a.txt", "utf8", (err, data) => console.log(data));\n```'
    )
    assert _reasons(result) == ["text before the first question"]


def test_a_numbered_table_of_contents_does_not_duplicate_questions():
    result = _parse(
        """
        Contents
        1. What is a callback?
        2. What is a promise?

        1. What is a callback?
        A function passed to another function to be called later.

        2. What is a promise?
        An object standing for a value that will be available later.
        """
    )
    assert [q.prompt for q in result.questions] == ["What is a callback?", "What is a promise?"]
    assert _reasons(result) == ["table of contents"]


def test_multiple_choice_in_the_common_notations():
    result = _parse(
        """
        1. Which keyword declares a block-scoped variable?
        (a) var
        (b) let
        (c) function
        Correct answer: (b)
        Explanation: let is block-scoped, var is function-scoped.

        2. Which method turns JSON text into an object?
        A) JSON.stringify
        B) JSON.parse
        C) Object.assign
        Answer: B

        3. What does typeof null return?
        A. "null"
        B. "object"
        Ans: b
        """
    )
    assert [q.kind for q in result.questions] == [Kind.MCQ] * 3
    assert [q.correct_choice for q in result.questions] == ["B", "B", "B"]
    assert [c.text for c in result.questions[1].choices] == ["JSON.stringify", "JSON.parse", "Object.assign"]
    assert result.questions[0].explanation == "let is block-scoped, var is function-scoped."
    assert result.questions[2].full_answer.startswith('**Correct answer: B) "object"**')


def test_multiple_choice_inside_question_answer_pairs():
    result = _parse(
        """
        Q: Which HTTP method is idempotent? A) POST B) PUT C) PATCH
        A: B
        """
    )
    (q,) = result.questions
    assert (q.kind, q.prompt, q.correct_choice) == (Kind.MCQ, "Which HTTP method is idempotent?", "B")


def test_a_document_without_questions_says_what_is_understood():
    with pytest.raises(NothingRecognized) as caught:
        parse_document("Meeting notes\n\nWe talked about the roadmap.\n", name="notes.txt")
    message = str(caught.value)
    assert "notes.txt" in message
    for shape in [
        "Q-1:",
        "Q:",
        "## What is REST?",
        "1. What is X?",
        "Answer: B",
        "Simple Definition",
        "syllabus",
    ]:
        assert shape in message


@pytest.mark.parametrize("text", ["", "\n\n   \n", "\ufeff"])
def test_empty_documents_are_not_recognised(text):
    with pytest.raises(ParseError):
        parse_document(text)
