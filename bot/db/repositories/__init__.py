"""SQL repositories; each runs inside a unit of work's session and returns records."""

from bot.db.repositories.answers import AnswerRepository
from bot.db.repositories.guilds import GuildRepository
from bot.db.repositories.installation import InstallationRepository
from bot.db.repositories.members import MemberRepository
from bot.db.repositories.moderation import ModerationRepository
from bot.db.repositories.posts import PostRepository
from bot.db.repositories.prefs import PrefsRepository
from bot.db.repositories.questions import QuestionRepository
from bot.db.repositories.quizzes import QuizRepository
from bot.db.repositories.reviews import ReviewRepository
from bot.db.repositories.roles import RoleRepository
from bot.db.repositories.schedules import ScheduleRepository
from bot.db.repositories.scores import ScoreRepository
from bot.db.repositories.sources import SourceRepository
from bot.db.repositories.streaks import StreakRepository
from bot.db.repositories.suggestions import SuggestionRepository

__all__ = [
    "AnswerRepository",
    "GuildRepository",
    "InstallationRepository",
    "MemberRepository",
    "ModerationRepository",
    "PostRepository",
    "PrefsRepository",
    "QuestionRepository",
    "QuizRepository",
    "ReviewRepository",
    "RoleRepository",
    "ScheduleRepository",
    "ScoreRepository",
    "SourceRepository",
    "StreakRepository",
    "SuggestionRepository",
]
