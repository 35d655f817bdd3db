"""`storyline bench cluster`: throughput and memory of the clustering step on a synthetic stream.

The stream is made from real articles (the dev set): copy ``b`` of the set is a new
"generation" of the same kinds of events with different actors and places (every
capitalised word and entity name gets a suffix unique to ``b``) published a little
later. Same-kind events therefore keep sharing their vocabulary, which stresses the
candidate index the way a real stream does; the dates let events go quiet.
"""

from __future__ import annotations

import datetime as dt
import re
import resource
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from storyline.cluster._engine import EventClusterer
from storyline.cluster._stream import stream_order
from storyline.model import Analysis, Article, Entity

_CAPITALISED = re.compile(r"\b([A-Z][a-z]+)\b")
_START = dt.date(2020, 1, 1).toordinal()
CHECKPOINTS = (10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000)


@dataclass(frozen=True, slots=True)
class BenchRow:
    n: int  # articles clustered so far
    articles_per_s: float  # since the previous row: features + assignment (the whole clustering step)
    assign_per_s: float  # since the previous row: assignment alone (features computed ahead)
    peak_rss_mb: float  # peak resident memory of the process so far
    events: int  # events created so far (merged ones included once)
    active_events: int  # events in the active window now


def benchmark_clustering(
    articles: Sequence[Article],
    analyses: Sequence[Analysis] | None,
    n: int,
    *,
    days_between_copies: int = 2,
    **params: object,
) -> Iterator[BenchRow]:
    """Cluster ``n`` synthetic articles made from ``articles``; yield a row at each checkpoint and at ``n``."""
    if not articles:
        raise ValueError("no articles to synthesise the benchmark stream from")
    by_id = {a.article_id: a for a in analyses or ()}
    base = stream_order(articles)
    clusterer = EventClusterer(**params)
    checkpoints = sorted({c for c in CHECKPOINTS if c < n} | {n})
    done, featuring, assigning, since, events = 0, 0.0, 0.0, 0, 0
    for copy in range(n // len(base) + 1):
        for position, article in enumerate(base):
            if done == n:
                return
            synthetic, analysis = _synthesise(article, by_id.get(article.id), copy, position, days_between_copies)
            started = time.perf_counter()
            features = clusterer.features(synthetic, analysis)
            featured = time.perf_counter()
            clusterer.assign(synthetic, features)
            featuring += featured - started
            assigning += time.perf_counter() - featured
            events = max(events, _seq(clusterer))
            done += 1
            if done in checkpoints:
                count = done - since
                yield BenchRow(done, count / (featuring + assigning), count / assigning, _peak_rss_mb(), events,
                               clusterer.active_events)
                since, featuring, assigning = done, 0.0, 0.0


def _seq(clusterer: EventClusterer) -> int:
    return clusterer._seq  # noqa: SLF001 - same package: the number of events ever created


def _synthesise(
    article: Article, analysis: Analysis | None, copy: int, position: int, days_between_copies: int
) -> tuple[Article, Analysis | None]:
    tag = _letters(copy)
    text = _CAPITALISED.sub(lambda m: m.group(1) + tag, article.text)
    title = _CAPITALISED.sub(lambda m: m.group(1) + tag, article.title) if article.title else None
    # Within a copy, articles spread over four days; copies start days_between_copies apart.
    day = _START + copy * days_between_copies + position % 4
    synthetic = Article(
        id=f"{article.id}~{copy}", text=text, title=title, source=article.source,
        published=dt.date.fromordinal(day).isoformat(),
    )
    if analysis is None:
        return synthetic, None
    # Only what the clusterer reads (labels and canonical names) is carried over; the
    # spans keep their original offsets, which is fine for this benchmark input.
    entities = [Entity(e.start, e.end, e.text, e.label, f"{e.canonical} {tag}") for e in analysis.entities]
    return synthetic, Analysis(article_id=synthetic.id, text=text, entities=entities, dates=analysis.dates)


def _letters(number: int) -> str:
    """A letters-only tag per copy (the tokenizer keeps words, not digits): 0 -> "qa", 27 -> "qbb"."""
    tag = ""
    number += 1
    while number:
        number, digit = divmod(number - 1, 26)
        tag = chr(97 + digit) + tag
    return "q" + tag


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
