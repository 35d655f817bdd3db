"""Stream order and the batch entry point over the online clusterer."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from storyline.cluster._engine import EventClusterer
from storyline.cluster._features import parse_day
from storyline.model import Analysis, Article


def stream_order(articles: Sequence[Article]) -> list[Article]:
    """Articles in the order a live stream would deliver them (DESIGN.md).

    Dated articles in ``published`` order (ties keep file order); an undated article
    keeps its place in the file, i.e. it arrives right after the dated article before it.
    """
    return [articles[i] for i in _stream_positions(articles)]


def _stream_positions(articles: Sequence[Article]) -> list[int]:
    keys = []
    last = ""  # undated articles inherit the timestamp of the article before them in the file
    for position, article in enumerate(articles):
        published = _instant(article.published)
        if published is not None:
            last = max(last, published)
        keys.append((published or last, published is None, position))
    return [key[2] for key in sorted(keys)]


def _instant(published: str | None) -> str | None:
    """``published`` as a key that sorts in time: a datetime with a UTC offset as its UTC time
    ("2016-09-05T10:00:00-05:00" is later than "2016-09-05T12:00:00Z"); a date or a datetime without
    offset as written (a date sorts before the times of its day). None when it is no ISO date."""
    if parse_day(published) is None:
        return None
    if len(published) == 10:  # type: ignore[arg-type]
        return published
    try:
        moment = dt.datetime.fromisoformat(published)  # type: ignore[arg-type]
    except ValueError:
        return published[:10]  # type: ignore[index]
    if moment.utcoffset() is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat()


def cluster_articles(
    articles: Sequence[Article],
    analyses: Sequence[Analysis | None] | None = None,
    *,
    progress: Callable[[], object] | None = None,
    **params: Any,
) -> dict[str, str]:
    """Cluster a batch as a stream: article id -> (resolved) event id.

    ``analyses`` (any order, matched to articles by ``article_id``; missing ones
    mean text-only features) and ``params`` go to :class:`EventClusterer`. Article ids
    must be unique (``read_articles`` skips repeats). ``progress`` is called after each
    article (to advance a progress bar, say).
    """
    repeated = next((ident for ident, n in Counter(a.id for a in articles).items() if n > 1), None)
    if repeated is not None:
        raise ValueError(f"article id {repeated!r} occurs more than once; ids must be unique (one event per id)")
    by_id = {a.article_id: a for a in analyses if a is not None} if analyses is not None else {}
    clusterer = EventClusterer(**params)
    assigned = {}
    for position in _stream_positions(articles):
        article = articles[position]
        assigned[article.id] = clusterer.add(article, by_id.get(article.id))
        if progress is not None:
            progress()
    return {article_id: clusterer.resolve(event_id) for article_id, event_id in assigned.items()}
