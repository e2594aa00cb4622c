"""Topic filing, tags and near-duplicate groups on small, readable examples."""

from bot.domain.questions import Difficulty, KeyPoint, Kind, Question, Topic
from bot.questionbank.groups import near_duplicate_groups
from bot.questionbank.taxonomy import Taxonomy, Texts, compile_term, coverage

TOPICS = [
    Topic("node-core", 1, "Node.js Core", ("Event loop internals", "Worker Threads vs Child Processes")),
    Topic("express", 2, "Express.js and HTTP Middleware", ("How middleware stacks work",)),
    Topic("databases", 9, "Database and ORM Usage", ("Query optimization and EXPLAIN plans",)),
]
TAXONOMY = Taxonomy(
    TOPICS,
    {1: ["event loop", "worker thread*", "nexttick"], 2: ["middleware*", "express*"], 9: ["quer*", "index*"]},
    {"event-loop": ["event loop", "nexttick"], "express": ["express*"]},
)


def q(qid: str, prompt: str, *, group: str | None = None, points: tuple[str, ...] = ()) -> Question:
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


def test_coverage_lists_uncovered_subtopics():
    questions = [q("qa40-1", "Explain event loop internals", points=("phases",))]
    rows = {r.subtopic: r.question_ids for r in coverage(TOPICS, questions)}
    assert rows["Event loop internals"] == ("qa40-1",)
    assert rows["How middleware stacks work"] == ()
