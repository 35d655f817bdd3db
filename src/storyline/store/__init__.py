"""Persistent storage: SQLite (WAL) by default, PostgreSQL through a SQLAlchemy URL."""

from .database import DB_ENV, DEFAULT_DB, AddResult, ArticleConflictError, Store, database_url

__all__ = ["DB_ENV", "DEFAULT_DB", "AddResult", "ArticleConflictError", "Store", "database_url"]
