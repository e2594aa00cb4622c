"""The question bank as stored: shared questions (``guild_id`` null) and servers' own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, bindparam, case, delete, exists, func, literal, or_, select, update

from bot.db.models import PostModel, QuestionModel, SuggestionModel
from bot.db.question_codec import question_columns, question_from_columns
from bot.db.records import PoolRow, QuestionSummary, StoredQuestion, SyncCounts
from bot.db.repositories.base import Repository, chunked
from bot.domain.questions import Difficulty, Kind, Question
from bot.domain.sources import NO_SOURCE, OWN

_q = QuestionModel.__table__
_sg = SuggestionModel.__table__
_CONTENT = ("kind", "topic", "difficulty", "group_key", "prompt", "body", "content_hash")


def _owned_by(guild_id: int | None) -> ColumnElement[bool]:
    return _q.c.guild_id.is_(None) if guild_id is None else _q.c.guild_id == guild_id


def _visible_to(guild_id: int) -> ColumnElement[bool]:
    """The shared bank plus this server's own questions."""
    return or_(_q.c.guild_id.is_(None), _q.c.guild_id == guild_id)


def _stored(row: Row[Any]) -> StoredQuestion:
    m = row._mapping
    question = question_from_columns(
        id=m["id"],
        kind=m["kind"],
        topic=m["topic"],
        difficulty=m["difficulty"],
        group_key=m["group_key"],
        prompt=m["prompt"],
        body=m["body"],
    )
    return StoredQuestion(question=question, guild_id=m["guild_id"], retired_at=m["retired_at"])


_SUMMARY = (_q.c.id, _q.c.kind, _q.c.topic, _q.c.prompt, _q.c.retired_at)
# Who suggested a server's question, when a member's approved suggestion became it (bot.services.suggestions).
_CREDIT = (
    select(_sg.c.author_name)
    .where(_sg.c.question_id == _q.c.id, _sg.c.status == "approved")
    .order_by(_sg.c.decided_at, _sg.c.id)
    .limit(1)
    .scalar_subquery()
    .label("credit")
)

# A question's source as a server turns it on or off: its file in the shared bank (kept in the body,
# bot.db.question_codec), or the server's own questions as one source.
_SOURCE = case(
    (_q.c.guild_id.is_not(None), literal(OWN)),
    else_=func.coalesce(_q.c.body[("source", "file")].as_string(), literal(NO_SOURCE)),
).label("source")


def _summaries(result: Iterable[Row[Any]]) -> list[QuestionSummary]:
    return [
        QuestionSummary(r.id, Kind(r.kind), r.topic, r.prompt, r.retired_at, r._mapping.get("credit"))
        for r in result
    ]


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _mentions(text: str) -> ColumnElement[bool]:
    """Questions whose id or prompt contains ``text`` (case-insensitive, taken literally)."""
    pattern = _like_pattern(text.strip())
    return or_(
        func.lower(_q.c.id).like(pattern, escape="\\"), func.lower(_q.c.prompt).like(pattern, escape="\\")
    )


class QuestionRepository(Repository):
    async def upsert_many(
        self, questions: Iterable[Question], *, guild_id: int | None, now: datetime
    ) -> SyncCounts:
        """Insert new ids, update edited ones in place, revive retired ones that came back.

        ``guild_id`` is the owner (``None`` for the shared bank). A question id that
        already belongs to another owner is refused with ``ValueError``.
        """
        incoming: dict[str, dict[str, Any]] = {}
        for question in questions:
            if question.id in incoming:
                raise ValueError(f"question id {question.id!r} appears twice")
            incoming[question.id] = question_columns(question)

        existing: dict[str, Row[Any]] = {}
        for ids in chunked(list(incoming)):
            result = await self._session.execute(
                select(_q.c.id, _q.c.guild_id, _q.c.content_hash, _q.c.retired_at).where(_q.c.id.in_(ids))
            )
            existing.update({row.id: row for row in result})

        inserts: list[dict[str, Any]] = []
        changes: list[dict[str, Any]] = []
        added = updated = unchanged = revived = 0
        for qid, columns in incoming.items():
            old = existing.get(qid)
            if old is None:
                inserts.append(
                    {"id": qid, "guild_id": guild_id, **columns, "created_at": now, "updated_at": now}
                )
                added += 1
                continue
            if old.guild_id != guild_id:
                raise ValueError(f"question id {qid!r} already belongs to another owner")
            if old.retired_at is None and old.content_hash == columns["content_hash"]:
                unchanged += 1
                continue
            if old.retired_at is not None:
                revived += 1
            else:
                updated += 1
            changes.append({"b_id": qid, **{f"b_{k}": v for k, v in columns.items()}, "b_now": now})

        for batch in chunked(inserts):
            await self._session.execute(_q.insert(), list(batch))
        if changes:
            stmt = (
                update(_q)
                .where(_q.c.id == bindparam("b_id"))
                .values(
                    {name: bindparam(f"b_{name}") for name in _CONTENT}
                    | {"retired_at": None, "updated_at": bindparam("b_now")}
                )
            )
            for batch in chunked(changes):
                await self._session.execute(stmt, list(batch))
        return SyncCounts(added=added, updated=updated, unchanged=unchanged, revived=revived)

    async def retire_missing(self, keep_ids: Iterable[str], *, guild_id: int | None, now: datetime) -> int:
        """Retire this owner's active questions not in ``keep_ids``; returns how many.

        Retired questions keep their posts, answers, points and review cards, and
        are never chosen again (they leave the :meth:`pool`).
        """
        keep = set(keep_ids)
        result = await self._session.execute(
            select(_q.c.id).where(_owned_by(guild_id), _q.c.retired_at.is_(None))
        )
        gone = sorted(qid for qid in result.scalars() if qid not in keep)
        for ids in chunked(gone):
            await self._session.execute(
                update(_q).where(_q.c.id.in_(ids)).values(retired_at=now, updated_at=now)
            )
        return len(gone)

    async def get(self, question_id: str) -> StoredQuestion | None:
        row = (await self._session.execute(select(_q).where(_q.c.id == question_id))).first()
        return None if row is None else _stored(row)

    async def get_many(self, question_ids: Iterable[str]) -> dict[str, StoredQuestion]:
        """The stored questions among ``question_ids``, by id (missing ids are left out)."""
        found: dict[str, StoredQuestion] = {}
        for ids in chunked(sorted(set(question_ids))):
            for row in await self._session.execute(select(_q).where(_q.c.id.in_(ids))):
                found[row.id] = _stored(row)
        return found

    async def pool(self, guild_id: int) -> list[PoolRow]:
        """Askable questions for a server: the shared bank plus its own, none retired.

        Questions kept out of the rotation (``daily`` false) are listed, flagged: the
        filters of ``bot.domain.selection`` leave them out of every pick.
        """
        # The body holds ``daily`` only when it is false (bot.db.question_codec).
        daily = _q.c.body["daily"].as_boolean().label("daily")
        result = await self._session.execute(
            select(_q.c.id, _q.c.topic, _q.c.difficulty, _q.c.kind, _q.c.group_key, daily, _SOURCE)
            .where(_visible_to(guild_id), _q.c.retired_at.is_(None))
            .order_by(_q.c.id)
        )
        return [
            PoolRow(
                id=r.id,
                topic=r.topic,
                difficulty=Difficulty(r.difficulty),
                kind=Kind(r.kind),
                group=r.group_key,
                daily=r.daily is not False,
                source=r.source,
            )
            for r in result
        ]

    async def source_counts(self, guild_id: int) -> dict[str, int]:
        """How many askable questions each source gives a server (bot.domain.sources), by source."""
        result = await self._session.execute(
            select(_SOURCE, func.count().label("questions"))
            .where(_visible_to(guild_id), _q.c.retired_at.is_(None))
            .group_by(_SOURCE)
        )
        return {row.source: row.questions for row in result}

    async def search(
        self, text: str, guild_id: int, limit: int = 25, *, include_retired: bool = False
    ) -> list[StoredQuestion]:
        """Questions visible to a server whose id or prompt contains ``text`` (case-insensitive)."""
        stmt = select(_q).where(_visible_to(guild_id), _mentions(text)).order_by(_q.c.id).limit(limit)
        if not include_retired:
            stmt = stmt.where(_q.c.retired_at.is_(None))
        return [_stored(row) for row in await self._session.execute(stmt)]

    async def ids_in_groups(self, guild_id: int, groups: Iterable[str]) -> set[str]:
        """Questions visible to a server (retired ones too) in any of the near-duplicate ``groups``."""
        found: set[str] = set()
        for keys in chunked(sorted(set(groups))):
            result = await self._session.execute(
                select(_q.c.id).where(_visible_to(guild_id), _q.c.group_key.in_(keys))
            )
            found.update(result.scalars())
        return found

    async def search_summaries(
        self, text: str, guild_id: int, limit: int = 25, *, include_retired: bool = False
    ) -> list[QuestionSummary]:
        """:meth:`search` for lists and autocomplete: ids and prompts only, never the answers."""
        stmt = select(*_SUMMARY).where(_visible_to(guild_id), _mentions(text)).order_by(_q.c.id).limit(limit)
        if not include_retired:
            stmt = stmt.where(_q.c.retired_at.is_(None))
        return _summaries(await self._session.execute(stmt))

    async def owned_summaries(self, guild_id: int) -> list[QuestionSummary]:
        """:meth:`list_owned` for lists and autocomplete: ids and prompts only (retired ones flagged)."""
        result = await self._session.execute(
            select(*_SUMMARY, _CREDIT).where(_q.c.guild_id == guild_id).order_by(_q.c.created_at, _q.c.id)
        )
        return _summaries(result)

    async def count_by_topic(self, guild_id: int) -> dict[str, int]:
        """How many askable questions each topic has for this server."""
        result = await self._session.execute(
            select(_q.c.topic, func.count())
            .where(_visible_to(guild_id), _q.c.retired_at.is_(None))
            .group_by(_q.c.topic)
        )
        return {row.topic: row[1] for row in result}

    async def list_owned(self, guild_id: int) -> list[StoredQuestion]:
        """The server's own questions (retired ones too, flagged), oldest first."""
        result = await self._session.execute(
            select(_q).where(_q.c.guild_id == guild_id).order_by(_q.c.created_at, _q.c.id)
        )
        return [_stored(row) for row in result]

    async def delete_owned(self, guild_id: int, question_id: str, *, now: datetime) -> bool:
        """Remove one of the server's own questions from its pool; False if none is there by that id.

        A question that was already posted is retired instead of deleted, so its
        posts, answers and points stay; one never posted is deleted outright.
        """
        owned = (_q.c.id == question_id) & (_q.c.guild_id == guild_id)
        posted = exists().where(PostModel.__table__.c.question_id == question_id)
        if (await self._session.execute(select(posted))).scalar_one():
            result = await self._session.execute(
                update(_q).where(owned, _q.c.retired_at.is_(None)).values(retired_at=now, updated_at=now)
            )
        else:
            result = await self._session.execute(delete(_q).where(owned))
        return result.rowcount > 0
