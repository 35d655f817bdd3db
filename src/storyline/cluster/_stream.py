"""Stream order and the batch entry point over the online clusterer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from storyline.cluster._engine import EventClusterer
from storyline.cluster._features import parse_day
from storyline.model import Analysis, Article, published_order


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
        published = published_order(article.published) if parse_day(article.published) is not None else None
        if published is not None:
            last = max(last, published)
        keys.append((published or last, published is None, position))
    return [key[2] for key in sorted(keys)]


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
