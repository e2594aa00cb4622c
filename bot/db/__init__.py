"""SQLAlchemy 2 async models, repositories and the unit of work.

Entry points: ``bot.db.engine.create_engine`` (one engine per process),
``bot.db.uow.make_uow_factory`` (what services receive), ``bot.db.migrate``
(``upgrade``/``current``), ``bot.db.records`` (what repositories return) and
``bot.db.errors.DatabaseBusy``.
"""
