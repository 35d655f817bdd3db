"""`storyline bench cluster`: throughput and memory of the clustering step on a synthetic stream.

The stream is made from real articles (the dev set): copy ``b`` of the set is a new
"generation" of the same kinds of events with different actors, places, numbers and
dates (every capitalised word and entity name gets a suffix unique to ``b``, every number
a decimal tail unique to ``b``, every resolved date is moved with the copy) published a
little later. Same-kind events therefore keep sharing their vocabulary, which stresses the
candidate index the way a real stream does; the dates let events go quiet.

With ``processes=2`` the two halves of the step run side by side, as a batch job on two
cores would: a worker process makes the stream and computes each article's features
(``EventClusterer.features`` depends on no state), in chunks, in stream order; the main
process assigns them. Its ``articles/s`` is then wall-clock time over both, the worker's
making of the synthetic stream included (a cost the single-process rows leave out).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
import re
import resource
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from storyline.cluster._engine import EventClusterer
from storyline.cluster._features import ArticleFeatures
from storyline.cluster._stream import stream_order
from storyline.model import Analysis, Article, DateMention, Entity

_CAPITALISED = re.compile(r"\b([A-Z][a-z]+)\b")
_NUMBER_END = re.compile(r"\d(?![\d.,]*\d)")  # the last digit of a number
_START = dt.date(2020, 1, 1).toordinal()
CHECKPOINTS = (10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000)
_WORD_MARK, _NUMBER_MARK = "\ue000", "\ue001"  # where a copy's tags go (see _cut)
_CHUNK = 500  # articles per message from the feature worker
_QUEUE_CHUNKS = 8  # chunks the worker may run ahead: bounds the memory of the pipeline


@dataclass(frozen=True, slots=True)
class BenchRow:
    n: int  # articles clustered so far
    articles_per_s: float  # since the previous row: features + assignment (the whole clustering step)
    assign_per_s: float  # since the previous row: assignment alone (features computed ahead)
    peak_rss_mb: float  # peak resident memory of the process so far
    events: int  # events created so far (merged ones included once)
    active_events: int  # events in the active window now
    processes: int = 1  # 2: features computed in a worker process while the main one assigns
    features_per_s: float = 0.0  # since the previous row: feature extraction alone
    worker_rss_mb: float = 0.0  # peak resident memory of the feature worker (0: none)
    # Since the previous row: articles per second of CPU time of the busier process (the rate with
    # a free core for each process; on a shared machine the wall-clock rate is lower).
    cpu_bound_per_s: float = 0.0


def benchmark_clustering(
    articles: Sequence[Article],
    analyses: Sequence[Analysis] | None,
    n: int,
    *,
    days_between_copies: int = 2,
    processes: int = 1,
    **params: object,
) -> Iterator[BenchRow]:
    """Cluster ``n`` synthetic articles made from ``articles``; yield a row at each checkpoint and at ``n``.

    ``processes=2`` computes features in a worker process (pipelined, same results); 1 does all in this one.
    """
    if not articles:
        raise ValueError("no articles to synthesise the benchmark stream from")
    if processes not in (1, 2):
        raise ValueError(f"processes must be 1 or 2, got {processes}")
    if processes == 2 and "fork" not in multiprocessing.get_all_start_methods():
        raise ValueError("processes=2 needs the 'fork' start method (Linux, macOS); use processes=1")
    base = stream_order(articles)
    stream = _Stream(base, {a.article_id: a for a in analyses or ()}, n, days_between_copies, _cut_all(base))
    clusterer = EventClusterer(**params)
    checkpoints = sorted({c for c in CHECKPOINTS if c < n} | {n})
    if processes == 1:
        yield from _one_process(stream, clusterer, checkpoints)
    else:
        yield from _two_processes(stream, clusterer, checkpoints)


@dataclass(frozen=True, slots=True)
class _Stream:
    """The synthetic stream: copy after copy of ``base`` (in stream order), ``n`` articles in all."""

    base: list[Article]
    analyses: dict[str, Analysis]
    n: int
    days_between_copies: int
    cuts: list[tuple[str, str | None]]  # text and title of each base article, _cut

    def __iter__(self) -> Iterator[tuple[Article, Analysis | None]]:
        done = 0
        for copy in range(self.n // len(self.base) + 1):
            for position, (article, cut) in enumerate(zip(self.base, self.cuts, strict=True)):
                if done == self.n:
                    return
                analysis = self.analyses.get(article.id)
                yield _synthesise(article, analysis, copy, position, self.days_between_copies, cut)
                done += 1


def _one_process(stream: _Stream, clusterer: EventClusterer, checkpoints: list[int]) -> Iterator[BenchRow]:
    done, featuring, assigning, since, events, cpu = 0, 0.0, 0.0, 0, 0, 0.0
    for synthetic, analysis in stream:  # making the stream is not timed
        started, cpu_started = time.perf_counter(), time.process_time()
        features = clusterer.features(synthetic, analysis)
        featured = time.perf_counter()
        clusterer.assign(synthetic, features)
        featuring += featured - started
        assigning += time.perf_counter() - featured
        cpu += time.process_time() - cpu_started
        events = max(events, _seq(clusterer))
        done += 1
        if done in checkpoints:
            count = done - since
            yield BenchRow(done, count / (featuring + assigning), count / assigning, _peak_rss_mb(), events,
                           clusterer.active_events, 1, count / featuring, 0.0, count / cpu if cpu else 0.0)
            since, featuring, assigning, cpu = done, 0.0, 0.0, 0.0


def _two_processes(stream: _Stream, clusterer: EventClusterer, checkpoints: list[int]) -> Iterator[BenchRow]:
    context = multiprocessing.get_context("fork")  # the worker inherits the stream: nothing to pickle
    chunks = context.Queue(maxsize=_QUEUE_CHUNKS)
    worker = context.Process(target=_feature_worker, args=(stream, clusterer, chunks), daemon=True)
    started, cpu_started = time.perf_counter(), time.process_time()
    worker.start()
    try:
        done, assigning, featuring, since, events, worker_rss, worker_cpu = 0, 0.0, 0.0, 0, 0, 0.0, 0.0
        while done < stream.n:
            chunk = _next_chunk(chunks, worker)
            featuring += chunk["seconds"]
            worker_cpu += chunk["cpu_seconds"]
            worker_rss = chunk["rss_mb"]
            for article, features in _unpack(chunk):
                before = time.perf_counter()
                clusterer.assign(article, features)
                assigning += time.perf_counter() - before
                events = max(events, _seq(clusterer))
                done += 1
                if done in checkpoints:
                    now, cpu_now, count = time.perf_counter(), time.process_time(), done - since
                    # The worker's CPU time is known per chunk: the part of this chunk not yet assigned
                    # is counted in the next interval (a small lag over thousands of articles).
                    busiest = max(cpu_now - cpu_started, worker_cpu)
                    yield BenchRow(done, count / (now - started), count / assigning, _peak_rss_mb(), events,
                                   clusterer.active_events, 2, count / featuring if featuring else 0.0, worker_rss,
                                   count / busiest if busiest else 0.0)
                    since, started, cpu_started, assigning, featuring, worker_cpu = done, now, cpu_now, 0.0, 0.0, 0.0
    finally:
        worker.terminate()
        worker.join()


def _feature_worker(stream: _Stream, clusterer: EventClusterer, chunks: Any) -> None:
    """Worker process: features of the stream, a chunk at a time, in order (an error ends it with a message)."""
    try:
        batch: list[tuple[Article, ArticleFeatures]] = []
        seconds, cpu_started = 0.0, time.process_time()
        for synthetic, analysis in stream:
            before = time.perf_counter()
            batch.append((synthetic, clusterer.features(synthetic, analysis)))
            seconds += time.perf_counter() - before
            if len(batch) == _CHUNK:
                chunk = _pack(batch, seconds)
                chunk["cpu_seconds"], cpu_started = time.process_time() - cpu_started, time.process_time()
                chunks.put(chunk)
                batch, seconds = [], 0.0
        if batch:
            chunk = _pack(batch, seconds)
            chunk["cpu_seconds"] = time.process_time() - cpu_started
            chunks.put(chunk)
    except Exception as error:  # noqa: BLE001 - reported to the main process, which raises it
        chunks.put({"error": f"feature worker failed: {type(error).__name__}: {error}"})


def _next_chunk(chunks: Any, worker: Any) -> dict[str, Any]:
    while True:
        try:
            chunk = chunks.get(timeout=1.0)
        except queue.Empty:
            if not worker.is_alive():
                raise RuntimeError(f"the feature worker stopped (exit code {worker.exitcode})") from None
            continue
        if "error" in chunk:
            raise RuntimeError(chunk["error"])
        return chunk


def _pack(batch: list[tuple[Article, ArticleFeatures]], seconds: float) -> dict[str, Any]:
    # A few flat arrays pickle far faster than hundreds of small ones; the assignment reads
    # only an article's id and publication date.
    return {
        "ids": [a.id for a, _ in batch],
        "published": [a.published for a, _ in batch],
        "days": [f.day for _, f in batch],
        "sizes": np.array([len(f.ids) for _, f in batch], dtype=np.int64),
        "features": np.concatenate([f.ids for _, f in batch]),
        "tf": np.concatenate([f.tf for _, f in batch]),
        "seconds": seconds,
        "rss_mb": _peak_rss_mb(),
    }


def _unpack(chunk: dict[str, Any]) -> Iterator[tuple[Article, ArticleFeatures]]:
    ends = np.cumsum(chunk["sizes"]).tolist()
    starts = [0, *ends[:-1]]
    features, tf = chunk["features"], chunk["tf"]
    for ident, published, day, start, end in zip(
        chunk["ids"], chunk["published"], chunk["days"], starts, ends, strict=True
    ):
        yield Article(id=ident, text="", published=published), ArticleFeatures(features[start:end], tf[start:end], day)


def _seq(clusterer: EventClusterer) -> int:
    return clusterer._seq  # noqa: SLF001 - same package: the number of events ever created


def _synthesise(
    article: Article,
    analysis: Analysis | None,
    copy: int,
    position: int,
    days_between_copies: int,
    cut: tuple[str, str | None] | None = None,
) -> tuple[Article, Analysis | None]:
    tag = _letters(copy)
    text_cut, title_cut = cut or _cut_article(article)
    text = _tagged(text_cut, tag, copy)  # every capitalised word and every number gets the tag
    title = _tagged(title_cut, tag, copy) if title_cut is not None else None
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
    entities = [Entity(e.start, e.end, e.text, e.label, _tagged_name(e.canonical, tag)) for e in analysis.entities]
    shift = dt.timedelta(days=copy * days_between_copies)
    dates = [DateMention(d.start, d.end, d.text, _moved(d.value, shift)) for d in analysis.dates]
    return synthetic, Analysis(article_id=synthetic.id, text=text, entities=entities, dates=dates)


@lru_cache(maxsize=1 << 16)
def _tagged_name(name: str, tag: str) -> str:
    """Every word of a canonical name tagged, as in the text: "Barack Obama" -> "Barackqd Obamaqd"."""
    return " ".join(word + tag for word in name.split())


def _moved(value: str | None, shift: dt.timedelta) -> str | None:
    """A resolved full or month-day date moved by ``shift`` (years and ranges are left as they are)."""
    if not value:
        return value
    try:
        if len(value) == 10 and value[4] == "-":
            return (dt.date.fromisoformat(value) + shift).isoformat()
        if len(value) == 7 and value.startswith("--"):  # year unknown: move it within a leap year
            return "--" + (dt.date.fromisoformat("2000" + value[1:]) + shift).isoformat()[5:]
    except ValueError:
        pass
    return value


def _tagged(template: str, tag: str, copy: int) -> str:
    """The template (see ``_cut``) with ``tag`` after each capitalised word and ``.copy`` after each number."""
    return template.replace(_WORD_MARK, tag).replace(_NUMBER_MARK, f".{copy}")


def _cut_all(articles: Sequence[Article]) -> list[tuple[str, str | None]]:
    return [_cut_article(article) for article in articles]


def _cut_article(article: Article) -> tuple[str, str | None]:
    return _cut(article.text), _cut(article.title) if article.title else None


def _cut(text: str) -> str:
    """``text`` with a mark right after each capitalised word and another after each number.

    Made once per base article, a copy then costs two ``str.replace`` calls instead of regex
    substitutions with a replacement per word (the worker of ``processes=2`` makes the stream on
    the clock). The marks are private-use characters; any already in the text become spaces.
    """
    text = text.replace(_WORD_MARK, " ").replace(_NUMBER_MARK, " ")
    ends = sorted([(m.end(), _WORD_MARK) for m in _CAPITALISED.finditer(text)]
                  + [(m.end(), _NUMBER_MARK) for m in _NUMBER_END.finditer(text)])
    starts = [0, *(end for end, _ in ends)]
    pieces = [text[start:end] + mark for start, (end, mark) in zip(starts, ends, strict=False)]
    return "".join(pieces) + text[starts[-1]:]


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
