"""The store: articles, their analyses, report families and event memberships.

SQLite (WAL mode) by default, any SQLAlchemy URL (e.g. ``postgresql+psycopg://…``)
for shared servers. The schema is created on first use. Writes happen inside
``transaction()`` blocks so that a batch lands whole or not at all: re-running an
interrupted command neither loses nor duplicates anything.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.exc import IntegrityError

from storyline.model import Analysis, Article, Event, content_id, published_order

from . import schema

DEFAULT_DB = "storyline.db"
DB_ENV = "STORYLINE_DB"


@dataclass(frozen=True, slots=True)
class AddResult:
    article_id: str  # the stored article's id (the earlier copy's id for a duplicate)
    is_new: bool


class ArticleConflictError(ValueError):
    """An article id is already stored with a different text."""


def database_url(db: str | Path | None = None) -> str:
    """A SQLAlchemy URL from a path, a URL, $STORYLINE_DB or the default ./storyline.db."""
    target = str(db) if db is not None else os.environ.get(DB_ENV) or DEFAULT_DB
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def _enable_sqlite_wal(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001 - DB-API objects
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


class Store:
    """Persistent storage shared by the CLI (and later the API)."""

    def __init__(self, db: str | Path | None = None) -> None:
        self.url = database_url(db)
        self.engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            _enable_sqlite_wal(self.engine)
        schema.metadata.create_all(self.engine)
        self._conn: Connection | None = None

    # ------------------------------------------------------------------ plumbing

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes so that they land together or not at all. Nested calls join the outer one."""
        if self._conn is not None:
            yield
            return
        with self.engine.begin() as conn:
            self._conn = conn
            try:
                yield
            finally:
                self._conn = None

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        if self._conn is not None:
            yield self._conn
        else:
            with self.engine.begin() as conn:
                yield conn

    # ------------------------------------------------------------------ articles

    def add_article(self, article: Article, seen_at: str | None = None) -> AddResult:
        """Store ``article`` once; a copy with the same normalised text only adds a sighting."""
        text_hash = content_id(article.text)
        with self._connect() as conn:
            existing = conn.execute(
                select(schema.articles.c.id, schema.articles.c.text_hash).where(
                    (schema.articles.c.text_hash == text_hash) | (schema.articles.c.id == article.id)
                )
            ).first()
            if existing is not None and existing.text_hash != text_hash:
                raise ArticleConflictError(
                    f"article id {article.id!r} is already stored with a different text; give it another id"
                )
            if existing is None:
                conn.execute(schema.articles.insert().values(**_article_row(article, text_hash)))
            stored_id = existing.id if existing is not None else article.id
            self._add_sighting(conn, stored_id, _location(article), seen_at)
        return AddResult(stored_id, existing is None)

    def _add_sighting(self, conn: Connection, article_id: str, location: str, seen_at: str | None) -> None:
        already = conn.execute(
            select(schema.sightings.c.article_id).where(
                (schema.sightings.c.article_id == article_id) & (schema.sightings.c.location == location)
            )
        ).first()
        if already is None:
            conn.execute(schema.sightings.insert().values(article_id=article_id, location=location, seen_at=seen_at))

    def has_location(self, location: str) -> bool:
        """Whether anything was already seen at ``location`` (a URL, a path, a feed entry id)."""
        with self._connect() as conn:
            row = conn.execute(
                select(schema.sightings.c.article_id).where(schema.sightings.c.location == location).limit(1)
            ).first()
        return row is not None

    def sightings(self, article_id: str) -> list[str]:
        with self._connect() as conn:
            rows = conn.execute(
                select(schema.sightings.c.location)
                .where(schema.sightings.c.article_id == article_id)
                .order_by(schema.sightings.c.location)
            )
            return [r.location for r in rows]

    def get_articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Articles by id (in the given order), or all articles in arrival order."""
        query = select(schema.articles).order_by(schema.articles.c.seq)
        if ids is not None:
            query = query.where(schema.articles.c.id.in_(list(ids)))
        with self._connect() as conn:
            found = {row.id: _row_article(row) for row in conn.execute(query)}
        if ids is None:
            return list(found.values())
        return [found[i] for i in ids if i in found]

    def count_articles(self) -> int:
        with self._connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.articles)).scalar_one()

    def set_family(self, article_id: str, family_id: str) -> None:
        with self._connect() as conn:
            conn.execute(
                schema.articles.update().where(schema.articles.c.id == article_id).values(family_id=family_id)
            )

    def families(self, ids: Iterable[str]) -> dict[str, str]:
        """Report family of each article (its own id when it has none)."""
        ids = list(ids)
        with self._connect() as conn:
            rows = conn.execute(
                select(schema.articles.c.id, schema.articles.c.family_id).where(schema.articles.c.id.in_(ids))
            )
            return {r.id: r.family_id or r.id for r in rows}

    # ------------------------------------------------------------------ analyses

    def put_analysis(self, analysis: Analysis) -> None:
        data = json.dumps(analysis.to_dict(), ensure_ascii=False)
        with self._connect() as conn:
            conn.execute(schema.analyses.delete().where(schema.analyses.c.article_id == analysis.article_id))
            conn.execute(schema.analyses.insert().values(article_id=analysis.article_id, data=data))

    def get_analyses(self, ids: Sequence[str]) -> dict[str, Analysis]:
        with self._connect() as conn:
            rows = conn.execute(select(schema.analyses).where(schema.analyses.c.article_id.in_(list(ids))))
            return {r.article_id: Analysis.from_dict(json.loads(r.data)) for r in rows}

    # ------------------------------------------------------------------ events

    def assign_event(self, article_id: str, event_id: str) -> None:
        with self._connect() as conn:
            conn.execute(schema.memberships.delete().where(schema.memberships.c.article_id == article_id))
            conn.execute(schema.memberships.insert().values(article_id=article_id, event_id=event_id))

    def record_merge(self, old_id: str, new_id: str) -> None:
        """Move ``old_id``'s articles to ``new_id`` and keep ``old_id`` resolvable."""
        with self._connect() as conn:
            conn.execute(
                schema.memberships.update().where(schema.memberships.c.event_id == old_id).values(event_id=new_id)
            )
            # Earlier redirects into old_id now point at new_id, so resolution is one hop.
            conn.execute(schema.redirects.update().where(schema.redirects.c.new_id == old_id).values(new_id=new_id))
            try:
                with conn.begin_nested():
                    conn.execute(schema.redirects.insert().values(old_id=old_id, new_id=new_id))
            except IntegrityError:
                conn.execute(
                    schema.redirects.update().where(schema.redirects.c.old_id == old_id).values(new_id=new_id)
                )

    def resolve_event(self, event_id: str) -> str:
        with self._connect() as conn:
            row = conn.execute(select(schema.redirects.c.new_id).where(schema.redirects.c.old_id == event_id)).first()
        return row.new_id if row is not None else event_id

    def event_ids_by_prefix(self, prefix: str) -> list[str]:
        with self._connect() as conn:
            rows = conn.execute(
                select(schema.memberships.c.event_id)
                .where(schema.memberships.c.event_id.startswith(prefix, autoescape=True))
                .distinct()
                .order_by(schema.memberships.c.event_id)
            )
            return [r.event_id for r in rows]

    def events(self) -> list[Event]:
        """Every event with its articles, largest and most recent first."""
        return self._events()

    def event(self, event_id: str) -> Event | None:
        """The event ``event_id`` (following merge redirects), or None."""
        found = self._events(self.resolve_event(event_id))
        return found[0] if found else None

    def _events(self, only: str | None = None) -> list[Event]:
        query = (
            select(
                schema.memberships.c.event_id,
                schema.articles.c.id,
                schema.articles.c.title,
                schema.articles.c.published,
            )
            .join(schema.articles, schema.articles.c.id == schema.memberships.c.article_id)
            .order_by(schema.articles.c.seq)
        )
        if only is not None:
            query = query.where(schema.memberships.c.event_id == only)
        grouped: dict[str, Event] = {}
        with self._connect() as conn:
            for row in conn.execute(query):
                ev = grouped.setdefault(row.event_id, Event(id=row.event_id, title=row.title))
                ev.article_ids.append(row.id)
                if row.published:
                    dates = list(filter(None, [ev.first_published, ev.last_published, row.published]))
                    ev.first_published = min(dates, key=published_order)
                    ev.last_published = max(dates, key=published_order)
        return sorted(grouped.values(), key=lambda e: (-len(e.article_ids), published_order(e.last_published), e.id))

    def event_of(self, article_id: str) -> str | None:
        with self._connect() as conn:
            row = conn.execute(
                select(schema.memberships.c.event_id).where(schema.memberships.c.article_id == article_id)
            ).first()
        return row.event_id if row is not None else None

    # ------------------------------------------------------------------ stage state

    def get_state(self, name: str) -> bytes | None:
        with self._connect() as conn:
            row = conn.execute(select(schema.state.c.data).where(schema.state.c.name == name)).first()
        return bytes(row.data) if row is not None else None

    def put_state(self, name: str, data: bytes) -> None:
        with self._connect() as conn:
            conn.execute(schema.state.delete().where(schema.state.c.name == name))
            conn.execute(schema.state.insert().values(name=name, data=data))

    def add_state_part(self, name: str, data: bytes) -> None:
        """Append ``data`` to the state ``name`` kept as parts: what grows with the store is written once,
        not again with every chunk. The first part is the state ``name`` itself (as ``put_state`` writes it)."""
        with self._connect() as conn:
            parts = conn.execute(select(schema.state.c.name).where(_parts_of(name))).scalars()
            # Numbered past the highest: after the oldest parts are dropped, a count would reuse a name.
            numbers = [_part_number(name, part) for part in parts]
            part = name if not numbers else f"{name}{_PART_MARK}{max(numbers) + 1:08d}"
            conn.execute(schema.state.insert().values(name=part, data=data))

    def get_state_parts(self, name: str) -> list[bytes]:
        """The parts of the state ``name`` in the order they were added (``[]``: none)."""
        with self._connect() as conn:
            rows = conn.execute(select(schema.state.c.data).where(_parts_of(name)).order_by(schema.state.c.name))
            return [bytes(row.data) for row in rows]

    def drop_state_parts(self, name: str, count: int) -> None:
        """Delete the ``count`` oldest parts of the state ``name``: those its owner no longer needs."""
        if count <= 0:
            return
        with self._connect() as conn:
            oldest = select(schema.state.c.name).where(_parts_of(name)).order_by(schema.state.c.name).limit(count)
            names = list(conn.execute(oldest).scalars())
            for start in range(0, len(names), 500):  # bound the bound parameters of one statement (SQLite: 999)
                conn.execute(schema.state.delete().where(schema.state.c.name.in_(names[start : start + 500])))


_PART_MARK = "+"  # part k > 0 of state "name" is "name+0000000k": names sort in the order parts were added


def _part_number(name: str, part: str) -> int:
    return int(part[len(name) + len(_PART_MARK) :]) if part != name else 0


def _parts_of(name: str):  # noqa: ANN202 - a SQLAlchemy condition
    part = schema.state.c.name
    return (part == name) | (part.startswith(name + _PART_MARK, autoescape=True))


def _location(article: Article) -> str:
    return article.url or article.path or f"id:{article.id}"


def _article_row(article: Article, text_hash: str) -> dict:
    return {
        "id": article.id,
        "text_hash": text_hash,
        "text": article.text,
        "title": article.title,
        "published": article.published,
        "source": article.source,
        "url": article.url,
        "path": article.path,
        "author": article.author,
        "language": article.language,
        "credits": json.dumps(article.credits, ensure_ascii=False),
        "meta": json.dumps(article.meta, ensure_ascii=False, default=str),
    }


def _row_article(row) -> Article:  # noqa: ANN001 - SQLAlchemy Row
    return Article(
        id=row.id,
        text=row.text,
        title=row.title,
        published=row.published,
        source=row.source,
        url=row.url,
        path=row.path,
        author=row.author,
        language=row.language,
        credits=json.loads(row.credits or "[]"),
        meta=json.loads(row.meta or "{}"),
    )
