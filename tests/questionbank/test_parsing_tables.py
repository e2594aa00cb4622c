"""Tables: the seed cards' glued tables rebuilt from their rows, every table rendered for Discord."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.questionbank.parsing import parse_document
from bot.questionbank.parsing.document import split_lines
from bot.questionbank.parsing.glued import GluedTables
from bot.questionbank.parsing.render import render_text
from bot.questionbank.parsing.tables import Table, pipe_table, render_table

SOURCES = Path(__file__).resolve().parents[2] / "content" / "sources"
CARDS = split_lines((SOURCES / "cards-node-backend-24.txt").read_text(encoding="utf-8"))

# The seed's 13 glued tables: the first line of each as the page has it, then the grid a reader sees.
SEED_TABLES: dict[str, list[list[str]]] = {
    "FeatureEvent LoopWorker Threads": [
        ["Feature", "Event Loop", "Worker Threads"],
        ["Threads", "1", "multiple"],
        ["Best for", "I/O tasks", "CPU-heavy tasks"],
        ["Blocking risk", "yes", "no"],
        ["Parallel execution", "no", "yes"],
    ],
    "FeaturenextTicksetImmediatePhase": [
        ["Feature", "nextTick", "setImmediate"],
        ["Phase", "before event loop continues", "after I/O phase"],
        ["Priority", "highest", "lower"],
        ["Timing", "immediate (after current code)", "next loop iteration"],
        ["Risk", "can block event loop", "safe"],
    ],
    "HTTP MethodEndpointSemantic ActionSuccess Code": [
        ["HTTP Method", "Endpoint", "Semantic Action", "Success Code"],
        ["GET", "/api/books", "Retrieve list of books", "200 OK"],
        ["POST", "/api/books", "Create a new book", "201 Created"],
        ["PUT", "/api/books/:id", "Replace book entirely", "200 OK"],
        ["DELETE", "/api/books/:id", "Remove book", "204 No Content"],
    ],
    "FeatureAuthenticationAuthorization": [
        ["Feature", "Authentication", "Authorization"],
        ["Meaning", "Verify identity", "Verify permissions"],
        ["Question", "Who are you?", "What can you do?"],
        ["Happens", "First", "After login"],
        ["Example", "login password", "role check"],
    ],
    "Storage OptionPrimary VulnerabilityPrevention Strategy": [
        ["Storage Option", "Primary Vulnerability", "Prevention Strategy"],
        [
            "LocalStorage",
            "XSS (Cross-Site Scripting): Malicious JS scripts can read localStorage data.",
            "Strict input sanitization, strong Content Security Policy (CSP).",
        ],
        [
            "HttpOnly Cookie",
            "CSRF (Cross-Site Request Forgery): Browser automatically appends cookies to requests.",
            "Use SameSite=Strict or Lax cookie flags, implement anti-CSRF tokens.",
        ],
    ],
    "FeatureSession-basedToken-based (JWT)": [
        ["Feature", "Session-based", "Token-based (JWT)"],
        ["Storage", "Server", "Client"],
        ["State", "Stateful", "Stateless"],
        ["Scalability", "Harder", "Easier"],
        ["Logout", "Easy (server delete session)", "Hard (token expiry/blacklist)"],
        ["Performance", "DB lookup", "No DB lookup"],
    ],
    "FeatureRESTGraphQLData shape": [
        ["Feature", "REST", "GraphQL"],
        ["Data shape", "fixed", "flexible"],
        ["Endpoint count", "multiple", "single"],
        ["Client control", "low", "high"],
    ],
    "ConceptMeaningModule": [
        ["Concept", "Meaning"],
        ["Module", "Groups related features"],
        ["Provider", "Injectable service"],
        ["DI", "Automatic dependency management"],
    ],
    "FeatureBullBullMQ": [
        ["Feature", "Bull", "BullMQ"],
        ["Architecture", "older", "modern"],
        ["Performance", "good", "better"],
        ["TypeScript", "limited", "full support"],
        ["Maintenance", "slower updates", "actively maintained"],
    ],
    "FeatureXSSCSRFGoal": [
        ["Feature", "XSS", "CSRF"],
        ["Goal", "Run malicious JS", "Send fake requests"],
        ["Requires user login", "Not always", "Usually yes"],
        ["Attack location", "Victim website", "External website"],
        ["Main defense", "Sanitization + CSP", "CSRF token + SameSite cookies"],
    ],
    "FeatureOffsetCursor": [
        ["Feature", "Offset", "Cursor"],
        ["Mechanism", "Skip N rows", "Continue from pointer"],
        ["Performance", "Slow on large data", "Fast"],
        ["Consistency", "Can break", "Stable"],
        ["Complexity", "Easy", "Medium"],
        ["Use case", "Small apps", "Large-scale systems"],
    ],
    "MethodIdempotentGET": [
        ["Method", "Idempotent"],
        ["GET", "Yes"],
        ["PUT", "Yes"],
        ["DELETE", "Yes"],
        ["POST", "No"],
    ],
    "FeatureMessage QueueMessage Broker": [
        ["Feature", "Message Queue", "Message Broker"],
        ["Interaction Pattern", "Point-to-point (One-to-One)", "Publish/Subscribe (One-to-Many)"],
        ["Message Routing", "None (direct FIFO queue)", "Complex routing via exchanges, headers, topics"],
        [
            "Consumer Model",
            "Competing consumers (first worker takes it)",
            "Broadcast/Multicast (all subscribers get a copy)",
        ],
        ["Example Technologies", "BullMQ, Amazon SQS, Redis Lists", "RabbitMQ, Apache Kafka, Google Pub/Sub"],
    ],
}


def _paragraph(opening: str) -> list[str]:
    start = next(i for i, line in enumerate(CARDS) if line.startswith(opening))
    end = start
    while end < len(CARDS) and CARDS[end].strip():
        end += 1
    return CARDS[start:end]


@pytest.mark.parametrize("opening", SEED_TABLES)
def test_each_glued_table_of_the_seed_cards_is_rebuilt_from_its_rows(opening):
    table = GluedTables(CARDS).table(_paragraph(opening))
    assert table is not None
    assert [list(table.header), *map(list, table.rows)] == SEED_TABLES[opening]


def test_the_cards_show_every_table_rebuilt_and_no_glued_row():
    result = parse_document("\n".join(CARDS), name="cards-node-backend-24.txt")
    answers = "\n".join(q.full_answer for q in result.questions)
    for opening in SEED_TABLES:
        assert not any(opening in line for line in answers.split("\n")), opening
    # Thirteen tables: eleven lists (one item per compared thing or row), two aligned code blocks.
    assert answers.count("- **nextTick**: phase: before event loop continues; priority: highest; ") == 1
    assert answers.count("Data shape      fixed     flexible") == 1
    assert answers.count("DELETE  Yes") == 1
    rebuilt = [q.label for q in result.questions if "- **" in q.full_answer or "------" in q.full_answer]
    assert len(rebuilt) >= 12


def test_a_comparison_reads_as_one_item_per_compared_thing():
    table = GluedTables(CARDS).table(_paragraph("FeaturenextTicksetImmediatePhase"))
    assert table is not None
    assert render_table(table) == (
        "- **nextTick**: phase: before event loop continues; priority: highest; "
        "timing: immediate (after current code); risk: can block event loop\n"
        "- **setImmediate**: phase: after I/O phase; priority: lower; timing: next loop iteration; risk: safe"
    )


def test_other_tables_read_as_one_item_per_row():
    rows = GluedTables(CARDS).table(_paragraph("HTTP MethodEndpointSemantic ActionSuccess Code"))
    pairs = GluedTables(CARDS).table(_paragraph("ConceptMeaningModule"))
    assert rows is not None
    assert pairs is not None
    assert render_table(rows).split("\n")[0] == (
        "- **GET**: endpoint: /api/books; semantic action: Retrieve list of books; success code: 200 OK"
    )
    assert render_table(pairs) == (
        "- **Module**: Groups related features\n- **Provider**: Injectable service\n"
        "- **DI**: Automatic dependency management"
    )


def test_a_narrow_table_is_an_aligned_code_block():
    table = GluedTables(CARDS).table(_paragraph("MethodIdempotentGET"))
    assert table is not None
    assert render_table(table).split("\n") == [
        "```",
        "Method  Idempotent",
        "------  ----------",
        "GET     Yes",
        "PUT     Yes",
        "DELETE  Yes",
        "POST    No",
        "```",
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        ["AuthN = Name (identity)", "AuthZ = Zone (permissions)"],  # names, not two cells each
        ["SendEmail(user123)", "SendEmail(user123)"],  # code
        ["Concurrency = Event Loop handling many network requests (waiting)."],  # prose
        ["process.nextTick() and setImmediate() are both ways to schedule async code in Node.js."],
        ["API Server → Queue → Redis → Worker Cluster"],
    ],
)
def test_lines_that_are_not_a_table_are_left_as_they_are(paragraph):
    assert GluedTables(CARDS).table(paragraph) is None


def test_a_glued_table_is_looked_for_only_at_the_start_or_after_a_label():
    lines = ["Some text before it.", "FeatureRESTGraphQLData shapefixedflexibleEndpoint countmultiplesingle"]
    assert render_text(lines, glued_tables=GluedTables(CARDS)) == "\n".join(lines)
    after_label = ["Comparison:", "", lines[1]]
    assert "Data shape" in render_text(after_label, glued_tables=GluedTables(CARDS))


def test_a_document_spends_a_bounded_effort_on_glued_tables():
    tables = GluedTables(CARDS)
    tables.budget = 10
    assert tables.table(_paragraph("FeatureOffsetCursor")) is None


def test_pipe_tables_render_like_the_others():
    lines = [
        "| Feature | CommonJS | ES Modules |",
        "|---|:---:|---|",
        "| Syntax | require() | import |",
        "Top-level this | module.exports | undefined |",  # an extractor dropped the leading pipe
        "| Pipe | a \\| b | c |",
    ]
    found = pipe_table(lines, 0)
    assert found == (
        5,
        Table(
            ("Feature", "CommonJS", "ES Modules"),
            (
                ("Syntax", "require()", "import"),
                ("Top-level this", "module.exports", "undefined"),
                ("Pipe", "a | b", "c"),
            ),
        ),
    )
    assert render_table(found[1]) == (
        "- **CommonJS**: syntax: require(); top-level this: module.exports; pipe: a | b\n"
        "- **ES Modules**: syntax: import; top-level this: undefined; pipe: c"
    )


def test_a_markdown_document_shows_no_raw_table_pipes():
    text = (
        "## What is the difference between PUT and PATCH?\n\n"
        "| Method | Replaces | Sends |\n|---|---|---|\n"
        "| PUT | the whole resource, every field of it | the full representation |\n"
        "| PATCH | only the fields named in the request | a partial update document |\n\n"
        "PUT is idempotent; PATCH need not be.\n"
    )
    (question,) = parse_document(text, name="notes.md").questions
    assert not re.search(r"^\s*\|", question.full_answer, re.M)
    assert "- **PUT**: replaces: the whole resource, every field of it; sends: the full representation" in (
        question.full_answer
    )
    assert question.full_answer.endswith("PUT is idempotent; PATCH need not be.")
