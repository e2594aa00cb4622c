"""Lists and autocomplete read ids, kinds, topics and prompts only: no answer ever leaves the database for them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from bot.domain.clock import ManualClock
from bot.domain.questions import Kind
from bot.services.server_questions import ServerQuestions
from bot.settings import PROJECT_ROOT

from .builders import GUILD, OTHER_GUILD, T0, add_questions, mcq, question


async def test_summaries_list_a_servers_own_and_search_what_it_sees(uow_factory):
    await add_questions(uow_factory, question("qa40-000001", prompt="Explain the Event Loop"))
    await add_questions(
        uow_factory,
        mcq(f"g{GUILD}-00000a", prompt="Which event fires first?", topic="databases"),
        question(f"g{GUILD}-00000b", prompt="Streams"),
        guild_id=GUILD,
    )
    await add_questions(
        uow_factory, question(f"g{OTHER_GUILD}-00000c", prompt="An event"), guild_id=OTHER_GUILD
    )
    async with uow_factory() as uow:
        await uow.questions.delete_owned(GUILD, f"g{GUILD}-00000b", now=T0 + timedelta(hours=1))
        owned = await uow.questions.owned_summaries(GUILD)
        found = await uow.questions.search_summaries("EVENT", GUILD)
        await uow.commit()

    assert [(s.id, s.kind, s.topic, s.prompt) for s in owned] == [
        (f"g{GUILD}-00000a", Kind.MCQ, "databases", "Which event fires first?")
    ]  # a question removed before it was ever posted is gone
    assert [s.id for s in found] == [f"g{GUILD}-00000a", "qa40-000001"]  # not the other server's


class _NoReading:
    """Listing reads no upload: any call is a test failure."""

    async def read(self, request):
        raise AssertionError("listing must not read an upload")

    def close(self) -> None:
        pass


async def test_bank_list_never_reads_answers(uow_factory, engine):
    await add_questions(uow_factory, mcq(f"g{GUILD}-00000a"), question(f"g{GUILD}-00000b"), guild_id=GUILD)
    statements: list[str] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", remember)
    try:
        listed = await ServerQuestions(
            uow_factory, ManualClock(T0), PROJECT_ROOT / "content", reader=_NoReading()
        ).summaries(GUILD)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", remember)

    assert [s.id for s in listed] == [f"g{GUILD}-00000a", f"g{GUILD}-00000b"]
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "questions" in s]
    assert selects
    assert not any("body" in s for s in selects)  # the answers, key points and choices live in body
