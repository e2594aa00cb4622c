"""Topic filing, tags and near-duplicate groups on small, readable examples."""

from bot.domain.questions import Difficulty, KeyPoint, Kind, Question, Subtopic, Topic
from bot.questionbank.groups import near_duplicate_groups
from bot.questionbank.taxonomy import Taxonomy, Texts, compile_term, coverage, unknown_subtopics

TOPICS = [
    Topic(
        "node-core",
        1,
        "Node.js Core",
        (
            Subtopic("event-loop-internals", "Event loop internals"),
            Subtopic("worker-threads-vs-child-processes", "Worker threads vs child processes"),
        ),
    ),
    Topic(
        "express",
        2,
        "Express.js and HTTP Middleware",
        (Subtopic("middleware-stack", "How middleware stacks work"),),
    ),
    Topic(
        "databases", 9, "Database and ORM Usage", (Subtopic("query-optimization-explain", "EXPLAIN plans"),)
    ),
]
TAXONOMY = Taxonomy(
    TOPICS,
    {1: ["event loop", "worker thread*", "nexttick"], 2: ["middleware*", "express*"], 9: ["quer*", "index*"]},
    {"event-loop": ["event loop", "nexttick"], "express": ["express*"]},
)


def q(
    qid: str,
    prompt: str,
    *,
    group: str | None = None,
    points: tuple[str, ...] = (),
    subtopics: tuple[str, ...] = (),
) -> Question:
    return Question(
        qid,
        Kind.OPEN,
        prompt,
        "",
        "answer",
        "node-core",
        Difficulty.EASY,
        key_points=tuple(map(KeyPoint, points)),
        group=group,
        subtopics=subtopics,
    )


def test_terms_match_whole_words_and_endings():
    assert compile_term("middleware*").search("Express middlewares run in order")
    assert compile_term("event loop").search("the Event  Loop phases")
    assert compile_term("event loop").search("event-loop lag")
    assert not compile_term("index*").search("reindexing")  # word-bounded at the start
    assert compile_term("next(err)").search("call next(err) to skip")


def test_prompt_words_weigh_more_than_answer_words():
    texts = Texts(
        prompt="How do Express middleware stacks work?",
        section="",
        summary="",
        answer="Each middleware may run a query against an index. " * 3,
    )
    assert TAXONOMY.classify(texts) == "express"


def test_ties_go_to_the_lower_syllabus_number():
    assert TAXONOMY.classify(Texts("Tell me about yourself", "", "", "")) == "node-core"


def test_tags_come_from_the_vocabulary():
    assert TAXONOMY.tags("process.nextTick vs the event loop in Express") == ("event-loop", "express")


def test_the_same_concept_in_different_documents_is_one_group():
    questions = [
        q("qa40-1", "What is event Loop?"),
        q("guide-1", "Explain the Node.js Event Loop. How does it enable non-blocking I/O?"),
        q("deep-1", "Explain Node.js event loop phases and how async/await works internally."),
        q("qa40-2", "What is Middleware?"),
        q("qa40-3", "What is Docker?"),
        q("guide-2", "Design a scalable real-time notification service using Node.js."),
    ]
    groups = near_duplicate_groups(questions)
    assert list(groups.values()) == [["deep-1", "guide-1", "qa40-1"]]
    assert "event-loop" in next(iter(groups))


def test_a_hand_set_group_is_kept_as_given():
    questions = [q("a-1", "What is event Loop?", group="loops"), q("b-1", "Explain the event loop")]
    assert near_duplicate_groups(questions) == {"loops": ["a-1"]}


def test_coverage_counts_the_subtopics_questions_name_not_their_words():
    questions = [
        q(
            "qa40-1", "Explain event loop internals", points=("phases",)
        ),  # names no sub-topic: counted nowhere
        q(
            "qa40-2",
            "How do you read an EXPLAIN plan?",
            subtopics=("query-optimization-explain", "middleware-stack"),
        ),
        q("qa40-3", "What runs a middleware stack?", subtopics=("middleware-stack",)),
    ]
    rows = {r.subtopic.slug: [x.id for x in r.questions] for r in coverage(TOPICS, questions)}
    assert rows == {
        "event-loop-internals": [],
        "worker-threads-vs-child-processes": [],
        "middleware-stack": ["qa40-2", "qa40-3"],
        "query-optimization-explain": ["qa40-2"],
    }


def test_a_slug_the_syllabus_does_not_have_is_found():
    questions = [q("qa40-2", "EXPLAIN?", subtopics=("query-optimization-explain", "explain-plans"))]
    assert [(x.id, slug) for x, slug in unknown_subtopics(TOPICS, questions)] == [("qa40-2", "explain-plans")]
