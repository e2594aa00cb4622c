"""Unfenced code in plain text is found, fenced and labelled with its language."""

from bot.questionbank.parsing.code import find_code_runs, guess_language, is_code_line
from bot.questionbank.parsing.render import render_text


def test_statements_are_code_and_sentences_are_not():
    for line in [
        'const fs = require("fs");',
        "app.use((req, res, next) => {",
        "})",
        "SELECT * FROM users",
        "npm install express-rate-limit",
        "@Injectable()",
        "next(error); // Pass to error handling middleware",
    ]:
        assert is_code_line(line), line
    for line in [
        "Concurrency = Event Loop handling many network requests (waiting).",
        "Middleware runs before the request reaches the controller; it logs and checks auth.",
        "| Syntax | require() for importing | import for importing |",
        "- Use Pagination.",
    ]:
        assert not is_code_line(line), line


def test_a_block_with_blank_lines_inside_is_one_fence():
    lines = [
        "Example:",
        "",
        "// main.js",
        'const { Worker } = require("worker_threads");',
        "",
        "function run(data) {",
        "  return data;",
        "}",
        "",
        "That is all.",
    ]
    runs = find_code_runs(lines)
    assert [(r.start, r.end, r.language) for r in runs] == [(2, 8, "js")]


def test_render_fences_code_and_keeps_it_verbatim():
    text = render_text(
        [
            "Middleware logs requests:",
            "",
            "app.use((req, res, next) => {",
            '    console.log("Req");',
            "    next();",
            "})",
        ]
    )
    assert text == (
        "**Middleware logs requests:**\n\n```js\napp.use((req, res, next) => {\n"
        '    console.log("Req");\n    next();\n})\n```'
    )


def test_languages_are_named_only_when_evident():
    assert guess_language(["SELECT * FROM users", "WHERE id = 1"]) == "sql"
    assert guess_language(["{", '  "name": "A"', "}"]) == "json"
    assert guess_language(["GET /users", "Accept: application/json"]) == "http"
    assert guess_language(["npm install bcrypt"]) == "bash"
    assert guess_language(["{", "  user(id: 1) {", "    name", "  }", "}"]) == ""


def test_diagrams_drawn_with_arrows_are_fenced_to_keep_their_layout():
    text = render_text(["Main Thread", "        |", "        | creates worker", "        ↓", "Worker Thread"])
    assert text == "```\nMain Thread\n        |\n        | creates worker\n        ↓\nWorker Thread\n```"


def test_lists_lose_the_blank_lines_the_page_put_between_items():
    assert render_text(["  • one", "", "  • two", "", "after"]) == "- one\n- two\n\nafter"
