"""All the services, built once at start-up from the resources the caller owns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.db.uow import UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.questionbank.bank import Bank
from bot.questionbank.sandbox import UploadSandbox
from bot.services.answers import Answers
from bot.services.bank_sync import BankSync
from bot.services.daily import DailyPosts
from bot.services.departed import DepartedServers
from bot.services.installation import Installation
from bot.services.leaderboards import Leaderboards
from bot.services.moderation import Moderation
from bot.services.practice import Practice
from bot.services.privacy import Privacy
from bot.services.quiz_results import QuizResults
from bot.services.quizzes import Quizzes
from bot.services.reviews import Reviews
from bot.services.schedules import Schedules
from bot.services.server_questions import ServerQuestions
from bot.services.sources import Sources
from bot.services.suggestions import Suggestions


@dataclass(frozen=True, slots=True)
class Services:
    """What the Discord layer may call; one attribute per use-case family."""

    clock: Clock
    bank: Bank
    bank_sync: BankSync
    schedules: Schedules
    daily: DailyPosts
    answers: Answers
    leaderboards: Leaderboards
    quizzes: Quizzes
    practice: Practice
    reviews: Reviews
    server_questions: ServerQuestions
    privacy: Privacy
    installation: Installation
    departed: DepartedServers
    moderation: Moderation
    quiz_results: QuizResults
    sources: Sources
    suggestions: Suggestions


def build_services(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    bank: Bank,
    *,
    content_dir: Path,
    read_uow_factory: UnitOfWorkFactory | None = None,
    uploads: UploadSandbox | None = None,
) -> Services:
    """``read_uow_factory`` (read-only units of work) serves the leaderboards and the answers'
    reads: on SQLite a read never takes the write lock, so they don't queue behind members' answers.

    ``uploads`` reads uploaded documents in child processes under the upload limits; one is
    made here when not given (its children run only while a document is read), and the bot
    stops any reading in progress when it closes (``QotdBot.close``)."""
    return Services(
        clock=clock,
        bank=bank,
        bank_sync=BankSync(uow_factory, clock),
        schedules=Schedules(uow_factory, clock, bank.topics),
        daily=DailyPosts(uow_factory, clock),
        answers=Answers(uow_factory, clock, read_uow_factory=read_uow_factory),
        leaderboards=Leaderboards(read_uow_factory or uow_factory, clock),
        quizzes=Quizzes(uow_factory, clock, bank.topics),
        practice=Practice(uow_factory, clock),
        reviews=Reviews(uow_factory, clock),
        server_questions=ServerQuestions(uow_factory, clock, content_dir, reader=uploads or UploadSandbox()),
        privacy=Privacy(uow_factory, clock),
        installation=Installation(uow_factory),
        departed=DepartedServers(uow_factory, clock),
        moderation=Moderation(uow_factory, clock),
        quiz_results=QuizResults(read_uow_factory or uow_factory),
        sources=Sources(uow_factory, clock),
        suggestions=Suggestions(uow_factory, clock, bank.topics),
    )
