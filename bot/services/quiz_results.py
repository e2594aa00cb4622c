"""A member's own result on an open quiz question, shown privately once the question closed.

The quiz's public result lists who scored what; which key points each member
covered and missed is theirs alone, on their press of "My result". The grade
is the same one that scored the answer (``grade_open``).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.uow import UnitOfWorkFactory
from bot.domain.errors import DomainError
from bot.domain.questions import Question
from bot.domain.scoring import grade_open
from bot.services.errors import busy_means_try_again


class QuizResultNotReady(DomainError):
    message = "That question is still open; your result comes when it closes."


class NoQuizAnswer(DomainError):
    message = "You didn't answer that question, so there is no result to show."


@dataclass(frozen=True, slots=True)
class QuizMyResult:
    question: Question
    text: str
    points: int
    hits: tuple[str, ...]
    misses: tuple[str, ...]


class QuizResults:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow = uow_factory

    async def mine(self, quiz_id: int, number: int, member_id: int) -> QuizMyResult:
        """The member's answer to question ``number`` (1-based) with the key points covered and missed."""
        async with busy_means_try_again(), self._uow() as uow:
            answers = await uow.quizzes.answers(quiz_id, number - 1)
            answer = next((a for a in answers if a.member_id == member_id), None)
            if answer is None:
                raise NoQuizAnswer()
            if answer.points is None:
                raise QuizResultNotReady()
            stored = await uow.questions.get(answer.question_id)
        if stored is None:
            raise NoQuizAnswer()
        coverage = grade_open(answer.text or "", stored.question)
        return QuizMyResult(stored.question, answer.text or "", answer.points, coverage.hits, coverage.misses)
