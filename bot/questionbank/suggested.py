"""A member's approved suggestion as a question of their server's bank.

It is filled in as an imported question is (``bot.questionbank.derive``): a
short answer from the answer's first sentences, key points from the answer
when the member gave none (marked derived), the difficulty rule. The credit,
"suggested by <name>", is not part of the question: it stays with the
approved suggestion (``suggestions.author_name``), which /forget-me deletes.
"""

from __future__ import annotations

from bot.domain.questions import KeyPoint, Kind, Question
from bot.domain.suggestions import Draft
from bot.questionbank import derive
from bot.questionbank.ids import Fingerprint


def suggested_identity(draft: Draft) -> str:
    """What the question's id hashes, as for an uploaded question (``bot.questionbank.upload.settle_ids``)."""
    return Fingerprint(draft.prompt.strip(), draft.answer.strip()).identity


def suggested_question(question_id: str, draft: Draft) -> Question:
    """The open question a suggestion becomes."""
    prompt, answer = draft.prompt.strip(), draft.answer.strip()
    short = derive.short_answer(answer)
    given = tuple(KeyPoint(p.strip()) for p in draft.key_points if p.strip())
    points = given or tuple(KeyPoint(p, derived=True) for p in derive.key_points(answer, short))
    return Question(
        id=question_id,
        kind=Kind.OPEN,
        prompt=prompt,
        short_answer=short,
        full_answer=answer,
        topic=draft.topic,
        difficulty=derive.difficulty(Kind.OPEN, prompt, answer),
        key_points=points,
    )
