"""Quizzes in a channel (or a member's own, solo): one question at a time, points when it closes.

A quiz lives in the database, so it survives a restart: ``unfinished()``
lists the running ones with the moment their open question closes; the caller
closes overdue windows (``close_current``) and carries on (``open_next``).

Storage: the session row keeps the domain's ``QuizState`` as JSON (``quiz_state``; position,
window, results); answers are rows of ``quiz_answers``, whose unique key
(quiz, question, member) is what makes a second answer ``AlreadyAnswered``
even when two arrive at once. Answers and closes of a quiz lock its session
row, so no answer slips in after its question was scored.

Closing a question awards its points as score events (source ``quiz``, at each
member's answer time) in the same unit of work, so quiz points show on the
leaderboards and the running totals never disagree with the ledger.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace

from bot.db.records import QuizAnswerResult, QuizRecord, QuizStatus, ScoreEventIn, ScoreSource
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain import quiz
from bot.domain.clock import Clock
from bot.domain.errors import (
    AlreadyAnswered,
    EmptyPool,
    InvalidChoice,
    NoActiveQuiz,
    NotAllowed,
    QuestionClosed,
    QuizAlreadyRunning,
    UnknownQuestion,
)
from bot.domain.member_text import check_member_text
from bot.domain.questions import Kind, Question, Topic
from bot.domain.quiz import QuizAnswer, QuizRules, QuizState
from bot.domain.scoring import QUIZ_CORRECT, grade_open, validate_answer, validate_choice
from bot.questionbank.groups import concept_words, related
from bot.services.embargo import embargo_in
from bot.services.errors import busy_means_try_again
from bot.services.leaderboards import add_score_events
from bot.services.members import MemberRef
from bot.services.practice import matching, pool_filters
from bot.services.quiz_snapshots import (
    QuizAnswerAck,
    QuizMemberResult,
    QuizQuestion,
    QuizQuestionResult,
    QuizSnapshot,
    QuizStanding,
    QuizStandings,
    snapshot_of,
)
from bot.services.quiz_state import decode_state, encode_state
from bot.services.reviews import ensure_card, record_roles
from bot.services.zones import server_zone


def _scorable(question: Question) -> bool:
    """Whether a quiz can score the question: the right letter, or key points to cover."""
    if question.kind == Kind.MCQ:
        return question.correct_choice is not None and question.choice(question.correct_choice) is not None
    return any(point.point.strip() for point in question.key_points)


class Quizzes:
    """Running quizzes: start, open, answer, close, stop, resume."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        bank_topics: Sequence[Topic] = (),
        *,
        rules: QuizRules | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._titles = {t.id: t.title for t in bank_topics}
        self._rules = rules or QuizRules()
        self._rng = rng or random.Random()

    def _describe(self, topic: str | None, difficulty: str | None, kind: str | None) -> str:
        return pool_filters(self._titles.get(topic or "", topic), difficulty, kind).describe()

    def _pick(self, questions: Sequence[Question], count: int) -> list[Question]:
        """``count`` scorable questions at random, at most one per near-duplicate group or concept."""
        shuffled = list(questions)
        self._rng.shuffle(shuffled)
        chosen: list[Question] = []
        groups: set[str] = set()
        concepts: list[frozenset[str]] = []
        for question in shuffled:
            if len(chosen) == count:
                break
            words = concept_words(question.prompt)
            if not _scorable(question) or question.group in groups:
                continue
            if any(related(words, other) for other in concepts):
                continue
            chosen.append(question)
            concepts.append(words)
            if question.group:
                groups.add(question.group)
        return chosen

    async def start(
        self,
        guild_id: int,
        channel_id: int,
        starter: MemberRef,
        *,
        topic: str | None = None,
        difficulty: str | None = None,
        count: int = 5,
        kind: str | None = None,
    ) -> QuizSnapshot:
        """Start a quiz of up to ``count`` questions from the server's pool (fewer if the filters leave fewer).

        No question is open yet: call ``open_next``. Today's question (and its
        near-duplicates) is never picked before its reveal. ``QuizAlreadyRunning``
        when the channel has a running quiz; ``EmptyPool`` when nothing matches.
        """
        rules = replace(self._rules, count=count)  # refuses a length out of range
        now = self._clock.now()
        filters = self._describe(topic, difficulty, kind)
        async with busy_means_try_again(), self._uow() as uow:
            if await uow.quizzes.active_for_channel(channel_id) is not None:
                raise QuizAlreadyRunning()
            embargo = await embargo_in(uow, guild_id, now)  # a quiz posts its answers for all to see
            sources_off = await uow.sources.disabled(guild_id)  # /bank sources: what this server left out
            wanted = replace(pool_filters(topic, difficulty, kind), sources_off=sources_off)
            rows = [
                row
                for row in matching(await uow.questions.pool(guild_id), wanted)
                if not embargo.covers(row.id)
            ]
            stored = await uow.questions.get_many(row.id for row in rows)
            picks = self._pick([stored[row.id].question for row in rows if row.id in stored], count)
            if not picks:
                shown = pool_filters(self._titles.get(topic or "", topic), difficulty, kind)
                raise EmptyPool(replace(shown, sources_off=sources_off).describe())
            state = quiz.new_quiz([q.id for q in picks])
            record = await uow.quizzes.create(
                guild_id=guild_id,
                channel_id=channel_id,
                started_by=starter.member_id,
                question_ids=state.question_ids,
                window_seconds=int(rules.mcq_window.total_seconds()),
                state=encode_state(state, rules, filters),
                now=now,
            )
            if record is None:  # another start won the race for this channel
                raise QuizAlreadyRunning()
            await record_roles(uow, starter, now)
            await uow.commit()
        return snapshot_of(record, state, filters)

    async def _locked(self, uow: UnitOfWork, quiz_id: int) -> tuple[QuizRecord, QuizState, QuizRules, str]:
        """The quiz and its saved state, its row locked; ``NoActiveQuiz`` when there is no such quiz."""
        record = await uow.quizzes.lock(quiz_id)
        if record is None:
            raise NoActiveQuiz()
        return record, *decode_state(record.state)

    async def _running(self, uow: UnitOfWork, quiz_id: int) -> tuple[QuizRecord, QuizState, QuizRules, str]:
        """:meth:`_locked`, and ``NoActiveQuiz`` when the quiz is over too."""
        record, state, rules, filters = await self._locked(uow, quiz_id)
        if record.status != QuizStatus.RUNNING:
            raise NoActiveQuiz()
        return record, state, rules, filters

    async def _question(self, uow: UnitOfWork, state: QuizState) -> Question:
        question_id = state.current_question_id
        stored = None if question_id is None else await uow.questions.get(question_id)
        if stored is None:
            raise UnknownQuestion(question_id or "")
        return stored.question

    async def _save(
        self,
        uow: UnitOfWork,
        quiz_id: int,
        state: QuizState,
        rules: QuizRules,
        filters: str,
        status: str | None = None,
    ) -> None:
        await uow.quizzes.save_state(
            quiz_id,
            position=state.position,
            state=encode_state(state, rules, filters),
            now=self._clock.now(),
            status=status,
        )

    async def current(self, quiz_id: int) -> QuizQuestion:
        """The question open now (or next to open)."""
        async with busy_means_try_again(), self._uow() as uow:
            _, state, _, _ = await self._running(uow, quiz_id)
            if state.finished:
                raise NoActiveQuiz()
            question = await self._question(uow, state)
            await uow.commit()
        return QuizQuestion(quiz_id, question, state.position + 1, len(state.question_ids), state.closes_at)

    async def open_next(self, quiz_id: int) -> QuizQuestion | None:
        """Open the next question for answers (its window per ``QuizRules``); None when the quiz is over.

        Opening a question that is already open returns it unchanged, so a
        resumed quiz can call this safely.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            record, state, rules, filters = await self._locked(uow, quiz_id)
            if record.status != QuizStatus.RUNNING or state.finished:
                return None
            question = await self._question(uow, state)
            if not state.is_open:
                state = quiz.open_question(state, question.kind, rules, now)
                await self._save(uow, quiz_id, state, rules, filters)
            await uow.commit()
        return QuizQuestion(quiz_id, question, state.position + 1, len(state.question_ids), state.closes_at)

    async def answer(
        self,
        quiz_id: int,
        member: MemberRef,
        *,
        choice: str | None = None,
        text: str | None = None,
        number: int | None = None,
    ) -> QuizAnswerAck:
        """Take the member's answer to the open question: a letter for multiple choice, text otherwise.

        One answer per member per question (``AlreadyAnswered``); none once the
        window has passed (``QuestionClosed``). ``number`` (1-based), when
        given, must be the open question's: a button or form of an earlier
        question never answers a later one (``QuestionClosed``). The question
        gets a review card.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            record, state, _, _ = await self._locked(uow, quiz_id)
            if record.guild_id != member.guild_id:
                raise NoActiveQuiz()  # a quiz of another server: as if there were none
            # Closed before anything else: a late answer hears "closed", whatever it says.
            if record.status != QuizStatus.RUNNING or state.closes_at is None or now >= state.closes_at:
                raise QuestionClosed()
            if number is not None and number != state.position + 1:
                raise QuestionClosed()
            question = await self._question(uow, state)
            if question.kind == Kind.MCQ:
                if choice is None:
                    raise InvalidChoice("", (c.key for c in question.choices))
                payload = validate_choice(question, choice)
            else:
                payload = validate_answer(check_member_text(text or ""))
            quiz.answer(state, member.member_id, payload, now)
            recorded = await uow.quizzes.record_answer(
                quiz_id,
                state.position,
                question_id=question.id,
                guild_id=record.guild_id,
                member_id=member.member_id,
                now=now,
                choice=payload if question.kind == Kind.MCQ else None,
                text=None if question.kind == Kind.MCQ else payload,
            )
            if not recorded:
                raise AlreadyAnswered()
            await ensure_card(uow, record.guild_id, member.member_id, question.id, now)
            await record_roles(uow, member, now)
            await uow.commit()
        return QuizAnswerAck(quiz_id, state.position + 1, now, state.closes_at)

    async def close_current(self, quiz_id: int) -> QuizQuestionResult:
        """Stop taking answers to the open question, score them and award the points.

        Right answers earn ``QUIZ_CORRECT``, the fastest right one the bonus
        too; open answers earn by key points. ``QuestionClosed`` when no
        question is open (so a second close cannot skip a question).
        """
        async with busy_means_try_again(), self._uow() as uow:
            record, state, rules, filters = await self._running(uow, quiz_id)
            if not state.is_open:
                raise QuestionClosed()
            question = await self._question(uow, state)
            answers = await uow.quizzes.answers(quiz_id, state.position)
            given = tuple(
                QuizAnswer(a.position, a.member_id, a.choice or a.text or "", a.answered_at) for a in answers
            )
            state = replace(state, answers=given)
            if question.kind == Kind.MCQ:
                closed, results = quiz.close_question(state, correct_choice=question.correct_choice)
            else:
                closed, results = quiz.close_question(state, question=question)
            closed = replace(closed, answers=())
            await uow.quizzes.set_results(
                quiz_id, state.position, [QuizAnswerResult(r.member_id, r.points, r.correct) for r in results]
            )
            zone = await server_zone(uow, record.guild_id)
            await add_score_events(
                uow,
                zone,
                [
                    ScoreEventIn(
                        guild_id=record.guild_id,
                        member_id=r.member_id,
                        occurred_at=r.answered_at,
                        points=r.points,
                        source=ScoreSource.QUIZ,
                        topic=question.topic,
                        correct=r.correct,
                        question_id=question.id,
                        quiz_id=quiz_id,
                        # An open answer's share of key points ("key points covered", not "right").
                        coverage=None if question.kind == Kind.MCQ else r.points / QUIZ_CORRECT,
                    )
                    for r in results
                ],
            )
            status = QuizStatus.FINISHED if closed.finished else None
            await self._save(uow, quiz_id, closed, rules, filters, status)
            await uow.commit()
        texts = {a.member_id: a.payload for a in given}
        return QuizQuestionResult(
            quiz_id=quiz_id,
            number=state.position + 1,
            of=len(state.question_ids),
            question=question,
            correct_choice=question.correct_choice if question.kind == Kind.MCQ else None,
            results=[
                QuizMemberResult(
                    r.member_id,
                    r.correct,
                    r.points,
                    None if question.kind == Kind.MCQ else grade_open(texts[r.member_id], question).ratio,
                    r.answered_at,
                )
                for r in results
            ],
            fastest_member_id=next((r.member_id for r in results if r.speed_rank == 1), None),
            finished=closed.finished,
        )

    async def standings(self, quiz_id: int) -> QuizStandings:
        """The quiz's own leaderboard so far (running, finished or stopped)."""
        async with busy_means_try_again(), self._uow() as uow:
            record = await uow.quizzes.get(quiz_id)
            await uow.commit()
        if record is None:
            raise NoActiveQuiz()
        state, _, _ = decode_state(record.state)
        rows = [QuizStanding(s.rank, s.member_id, s.points) for s in quiz.standings(state)]
        return QuizStandings(quiz_id, rows, record.status, state.position, len(state.question_ids))

    async def stop(self, quiz_id: int, by: MemberRef, *, is_admin: bool) -> QuizSnapshot:
        """End the quiz early (its starter or an admin); answers to the open question are not scored."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            record, state, rules, filters = await self._running(uow, quiz_id)
            if by.member_id != record.started_by and not is_admin:
                raise NotAllowed("Only the member who started this quiz or an admin can stop it.")
            state = replace(state, closes_at=None)
            await self._save(uow, quiz_id, state, rules, filters, QuizStatus.CANCELLED)
            await record_roles(uow, by, now)
            await uow.commit()
        return snapshot_of(replace(record, status=QuizStatus.CANCELLED), state, filters)

    async def running_in(self, channel_id: int) -> QuizSnapshot | None:
        """The quiz running in this channel, if any (what ``/quiz stop`` stops)."""
        async with busy_means_try_again(), self._uow() as uow:
            record = await uow.quizzes.active_for_channel(channel_id)
            await uow.commit()
        if record is None:
            return None
        state, _, filters = decode_state(record.state)
        return snapshot_of(record, state, filters)

    async def unfinished(self, *, shard: tuple[int, int] | None = None) -> list[QuizSnapshot]:
        """Running quizzes, oldest first, to resume after a restart."""
        async with busy_means_try_again(), self._uow() as uow:
            records = await uow.quizzes.unfinished(shard=shard)
            await uow.commit()
        views = []
        for record in records:
            state, _, filters = decode_state(record.state)
            views.append(snapshot_of(record, state, filters))
        return views
