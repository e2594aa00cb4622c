"""Forgetting a member: their answers, points, streaks, roles, cards and preferences."""

from __future__ import annotations

from sqlalchemy import Table, delete

from bot.db.models import (
    AnswerModel,
    MemberPrefsModel,
    MemberRoleModel,
    QuizAnswerModel,
    ReviewCardModel,
    ScoreEventModel,
    ScoreTotalModel,
    StreakModel,
)
from bot.db.repositories.base import Repository

# What forget() reports, and from which table.
FORGOTTEN_KINDS: dict[str, Table] = {
    "answers": AnswerModel.__table__,
    "quiz_answers": QuizAnswerModel.__table__,
    "score_events": ScoreEventModel.__table__,
    "score_totals": ScoreTotalModel.__table__,
    "streaks": StreakModel.__table__,
    "roles": MemberRoleModel.__table__,
    "review_cards": ReviewCardModel.__table__,
    "prefs": MemberPrefsModel.__table__,
}


class MemberRepository(Repository):
    async def forget(self, member_id: int, guild_id: int | None = None) -> dict[str, int]:
        """Delete everything stored about a member, in one server or (``None``) everywhere.

        Returns how many rows of each kind went. Other members' rows, including
        their totals and ranks, are untouched (the leaderboard simply closes up);
        posts keep their historical ``answer_count``.
        """
        counts: dict[str, int] = {}
        for kind, table in FORGOTTEN_KINDS.items():
            stmt = delete(table).where(table.c.member_id == member_id)
            if guild_id is not None:
                stmt = stmt.where(table.c.guild_id == guild_id)
            counts[kind] = (await self._session.execute(stmt)).rowcount
        return counts
