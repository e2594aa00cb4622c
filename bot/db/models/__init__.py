"""SQLAlchemy models: the tables of docs/architecture.md ("Storage"), one module per group of tables.

Repositories query these tables and return records (``bot.db.records``), never
model instances. Discord snowflakes are ``BigInteger``; instants are
:class:`~bot.db.types.UTCDateTime`; calendar days are ``Date``. Importing this
package imports every module, so ``Base.metadata`` holds every table (Alembic and
the migrations test compare against it).
"""

from bot.db.models.base import CODE_LENGTH, ID_LENGTH, NAME_LENGTH, NAMING_CONVENTION, Base
from bot.db.models.daily import AnswerModel, PostModel, QuestionModel, ScheduleModel
from bot.db.models.members import MemberPrefsModel, MemberRoleModel, ReviewCardModel
from bot.db.models.moderation import AnswerReviewModel, ModerationSettingsModel
from bot.db.models.quizzes import QuizAnswerModel, QuizSessionModel
from bot.db.models.scores import ScoreEventModel, ScoreTotalModel, StreakModel
from bot.db.models.servers import DepartedGuildModel, DisabledSourceModel, InstallationModel
from bot.db.models.suggestions import SuggestionModel

__all__ = [
    "CODE_LENGTH",
    "ID_LENGTH",
    "NAME_LENGTH",
    "NAMING_CONVENTION",
    "AnswerModel",
    "AnswerReviewModel",
    "Base",
    "DepartedGuildModel",
    "DisabledSourceModel",
    "InstallationModel",
    "MemberPrefsModel",
    "MemberRoleModel",
    "ModerationSettingsModel",
    "PostModel",
    "QuestionModel",
    "QuizAnswerModel",
    "QuizSessionModel",
    "ReviewCardModel",
    "ScheduleModel",
    "ScoreEventModel",
    "ScoreTotalModel",
    "StreakModel",
    "SuggestionModel",
]
