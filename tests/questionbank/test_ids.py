"""Question ids survive edits: changing one question never renames another."""

from bot.questionbank.ids import Fingerprint, assign_ids, source_code

QUESTIONS = [
    Fingerprint(
        "What is event Loop?",
        "Event loop is a mechanism a JS which is used to handle async operations.",
        "Q-1",
    ),
    Fingerprint(
        "What is Promise?",
        "Promise is an object that represents a future result of an async operation.",
        "Q-2",
    ),
    Fingerprint("What are Streams?", "Streams read and write data piece by piece in chunks.", "Q-3"),
    Fingerprint(
        "What is Middleware?", "Middleware in Express is a function that runs before the controller.", "Q-4"
    ),
]


def _registry(ids, fps):
    return list(zip(ids, fps, strict=True))


def test_source_codes_are_short_and_say_which_document():
    assert source_code("qa-node-express-40") == "qa40"
    assert source_code("cards-node-backend-24") == "cards24"
    assert source_code("deep-dive-node-backend") == "deep"


def test_rebuild_with_no_change_keeps_every_id():
    first = assign_ids("qa40", QUESTIONS, [])
    assert len(set(first)) == 4
    assert all(i.startswith("qa40-") for i in first)
    assert assign_ids("qa40", QUESTIONS, _registry(first, QUESTIONS)) == first
    # A fresh build with no registry gives the same ids: they are hashes of the questions.
    assert assign_ids("qa40", QUESTIONS, []) == first


def test_inserting_and_reordering_never_changes_other_ids():
    first = assign_ids("qa40", QUESTIONS, [])
    inserted = Fingerprint(
        "What is Closure?", "A closure remembers the variables of its surrounding scope.", "Q-2"
    )
    edited = [QUESTIONS[3], inserted, QUESTIONS[1], QUESTIONS[0], QUESTIONS[2]]
    again = assign_ids("qa40", edited, _registry(first, QUESTIONS))
    assert again[0] == first[3]
    assert again[2] == first[1]
    assert again[3] == first[0]
    assert again[4] == first[2]
    assert again[1] not in first


def test_editing_an_answer_or_fixing_a_prompt_typo_keeps_the_id():
    first = assign_ids("qa40", QUESTIONS, [])
    edited = list(QUESTIONS)
    edited[0] = Fingerprint(
        "What is the event loop?", QUESTIONS[0].answer + " It checks the call stack.", "Q-1"
    )
    edited[2] = Fingerprint(
        "What are Streams?",
        "Streams are objects that read and write data in chunks instead of all at once.",
        "Q-3",
    )
    assert assign_ids("qa40", edited, _registry(first, QUESTIONS)) == first


def test_questions_without_prompts_are_matched_on_their_answers():
    cards = [
        Fingerprint("", "Worker threads run JavaScript in parallel on separate threads for CPU-heavy work."),
        Fingerprint("", "process.nextTick() and setImmediate() schedule callbacks in different phases."),
    ]
    first = assign_ids("cards24", cards, [])
    edited = [cards[1], Fingerprint("", cards[0].answer.replace("CPU-heavy", "CPU-intensive"))]
    assert assign_ids("cards24", edited, _registry(first, cards)) == [first[1], first[0]]


def test_two_near_identical_questions_cannot_claim_one_old_id():
    first = assign_ids("qa40", QUESTIONS[:1], [])
    twins = [QUESTIONS[0], Fingerprint(QUESTIONS[0].prompt + " ", QUESTIONS[0].answer + ".", "Q-9")]
    ids = assign_ids("qa40", twins, _registry(first, QUESTIONS[:1]))
    assert ids[0] == first[0]
    assert ids[1] != first[0]
    assert len(set(ids)) == 2


def test_fresh_ids_avoid_ids_taken_elsewhere_in_the_bank():
    first = assign_ids("qa40", QUESTIONS[:1], [])
    again = assign_ids("qa40", QUESTIONS[:1], [], taken=set(first))
    assert again[0] != first[0]
    assert again[0].startswith(first[0])  # the same hash, just longer
