"""Tables of the store (SQLAlchemy Core, portable between SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # arrival order
    Column("id", String(128), nullable=False, unique=True),
    Column("text_hash", String(16), nullable=False, unique=True),  # exact-duplicate key
    Column("text", Text, nullable=False),
    Column("title", Text),
    Column("published", String(40)),
    Column("source", Text),
    Column("url", Text),
    Column("path", Text),
    Column("author", Text),
    Column("language", String(16)),
    Column("credits", Text, nullable=False, default="[]"),  # JSON list
    Column("meta", Text, nullable=False, default="{}"),  # JSON object
    Column("family_id", String(128)),  # report family (syndicated / near-duplicate copies)
)

# Every place an article was seen: a path, a URL, a feed entry. Exact duplicates add a sighting only.
sightings = Table(
    "sightings",
    metadata,
    Column("article_id", String(128), primary_key=True),
    Column("location", Text, primary_key=True),
    Column("seen_at", String(40)),
)

analyses = Table(
    "analyses",
    metadata,
    Column("article_id", String(128), primary_key=True),
    Column("data", Text, nullable=False),  # JSON of model.Analysis
)

# Event membership is the only event state stored: event summaries are derived from it.
memberships = Table(
    "memberships",
    metadata,
    Column("article_id", String(128), primary_key=True),
    Column("event_id", String(128), nullable=False),
    Index("ix_memberships_event", "event_id"),
)

# Merge record: an event id that was merged into another stays resolvable.
redirects = Table(
    "redirects",
    metadata,
    Column("old_id", String(128), primary_key=True),
    Column("new_id", String(128), nullable=False),
)

# Serialized state of the online stages (clusterer, report families) between runs.
state = Table(
    "state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)
