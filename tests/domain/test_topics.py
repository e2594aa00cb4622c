import pytest

from bot.domain.questions import Topic
from bot.domain.topics import UnknownTopic, find_topic, resolve_topics, suggest

TOPICS = [
    Topic("node-core", 1, "Node.js Core and Runtime Fundamentals"),
    Topic("express-middleware", 2, "Express.js and HTTP Middleware"),
    Topic("apis-real-time", 3, "APIs and Real-Time Systems"),
]


@pytest.mark.parametrize(
    "text", ["2", "express-middleware", "Express.js and HTTP Middleware", "middleware", "expres middlware"]
)
def test_a_topic_can_be_named_by_number_id_title_or_a_typo(text):
    assert find_topic(text, TOPICS).id == "express-middleware"


def test_unknown_topic_lists_the_choices():
    with pytest.raises(UnknownTopic, match=r"1\. Node\.js Core"):
        find_topic("cooking", TOPICS)


def test_lists_come_back_in_syllabus_order_without_repeats():
    assert resolve_topics("3, 1, node-core", TOPICS) == ["node-core", "apis-real-time"]
    assert resolve_topics("", TOPICS) == []


def test_autocomplete_completes_the_last_item():
    assert suggest("node-core, real", TOPICS) == [
        ("node-core, 3. APIs and Real-Time Systems", "node-core,apis-real-time")
    ]
