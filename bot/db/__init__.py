"""SQLAlchemy 2 async models, repositories and the unit of work."""
