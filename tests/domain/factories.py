"""Small builders for domain tests."""

from bot.domain.questions import Choice, Difficulty, Kind, Question


def make_question(**fields) -> Question:
    """A valid question; pass only the fields a test cares about."""
    defaults = {
        "id": "qa40-abcdef",
        "kind": Kind.OPEN,
        "prompt": "What is the event loop?",
        "short_answer": "It runs callbacks when the call stack is empty.",
        "full_answer": "The event loop runs callbacks when the call stack is empty.",
        "topic": "node-core-runtime",
        "difficulty": Difficulty.MEDIUM,
    }
    return Question(**{**defaults, **fields})


def make_mcq(**fields) -> Question:
    """A multiple-choice question with choices A-C, B correct."""
    choices = (Choice("A", "setTimeout"), Choice("B", "process.nextTick"), Choice("C", "setImmediate"))
    return make_question(kind=Kind.MCQ, choices=choices, correct_choice="B", **fields)
