"""Forgetting a member: their answers, points, streaks, roles, cards and preferences."""

from __future__ import annotations

from sqlalchemy import Table, case, delete, literal, update

from bot.db.models import (
    AnswerModel,
    MemberPrefsModel,
    MemberRoleModel,
    QuizAnswerModel,
    ReviewCardModel,
    ScheduleModel,
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


_s = ScheduleModel.__table__
ANONYMOUS_PAUSE = "paused by an admin"
"""A pause reason once the admin who paused asked to be forgotten."""


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
        counts["pause_reasons"] = await self._unname_pauses(member_id, guild_id)
        return counts

    async def _unname_pauses(self, member_id: int, guild_id: int | None) -> int:
        """Schedules the member paused keep their pause, with a reason that no longer names them."""
        stmt = (
            update(_s)
            .where(_s.c.paused_by == member_id)
            .values(
                paused_by=None,
                paused_reason=case((_s.c.paused_reason.is_(None), None), else_=literal(ANONYMOUS_PAUSE)),
            )
        )
        if guild_id is not None:
            stmt = stmt.where(_s.c.guild_id == guild_id)
        return (await self._session.execute(stmt)).rowcount
