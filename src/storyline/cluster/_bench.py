"""`storyline bench cluster`: throughput and memory of the clustering step on a synthetic stream.

The stream is made from real articles (the dev set): copy ``b`` of the set is a new
"generation" of the same kinds of events with different actors, places, numbers and
dates (every capitalised word and entity name gets a suffix unique to ``b``, every number
a decimal tail unique to ``b``, every resolved date is moved with the copy) published a
little later. Same-kind events therefore keep sharing their vocabulary, which stresses the
candidate index the way a real stream does; the dates let events go quiet.

With ``processes=2`` the two halves of the step run side by side, as a batch job on two
cores would: the stream is made and each article's features computed
(``EventClusterer.features`` depends on no state) in chunks, by a worker process and by the
main process when the chunk it needs next is not ready; the main process assigns in stream
order. Its ``articles/s`` is then wall-clock time over both, the making of the synthetic
stream included (a cost the single-process rows leave out).
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
_SEPARATOR = "\ue002"  # between a template's entity names
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
    chunk_size: int = 250,
    **params: object,
) -> Iterator[BenchRow]:
    """Cluster ``n`` synthetic articles made from ``articles``; yield a row at each checkpoint and at ``n``.

    ``processes=2`` computes features in a worker process too, ``chunk_size`` articles at a time (pipelined,
    same results); 1 does all in this one.
    """
    if not articles:
        raise ValueError("no articles to synthesise the benchmark stream from")
    if processes not in (1, 2):
        raise ValueError(f"processes must be 1 or 2, got {processes}")
    if processes == 2 and "fork" not in multiprocessing.get_all_start_methods():
        raise ValueError("processes=2 needs the 'fork' start method (Linux, macOS); use processes=1")
    base = stream_order(articles)
    by_id = {a.article_id: a for a in analyses or ()}
    stream = _Stream(base, by_id, n, days_between_copies, _templates(base, by_id), chunk_size)
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
    templates: list[_Template]  # one per base article
    chunk_size: int = 250  # articles per chunk, when the stream is made in chunks (see _two_processes)

    def __iter__(self) -> Iterator[tuple[Article, Analysis | None]]:
        return self.between(0, self.n)

    @property
    def chunks(self) -> int:
        return -(-self.n // self.chunk_size)

    def chunk(self, number: int) -> Iterator[tuple[Article, Analysis | None]]:
        """The articles of chunk ``number``: any chunk can be made on its own."""
        return self.between(number * self.chunk_size, (number + 1) * self.chunk_size)

    def between(self, start: int, stop: int) -> Iterator[tuple[Article, Analysis | None]]:
        """Articles ``start`` to ``stop`` (excluded) of the stream."""
        for index in range(start, min(stop, self.n)):
            copy, position = divmod(index, len(self.base))
            article = self.base[position]
            yield _synthesise(article, self.analyses.get(article.id), copy, position, self.days_between_copies,
                              self.templates[position])


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
    """Chunks of features are made by whichever process is free, in claim order; the main one assigns in order.

    The worker only makes features. The main process assigns, and makes the next unclaimed chunk
    itself whenever the chunk it needs is not ready yet: neither core idles while the other has
    work, whichever half is the slower on the machine at hand.
    """
    context = multiprocessing.get_context("fork")  # the worker inherits the stream: nothing to pickle
    chunks = context.Queue(maxsize=_QUEUE_CHUNKS)
    claims = context.Value("q", 0)  # the next chunk nobody has claimed yet
    worker = context.Process(target=_feature_worker, args=(stream, clusterer, claims, chunks), daemon=True)
    started, cpu_started = time.perf_counter(), time.process_time()
    worker.start()
    try:
        done, assigning, featuring, since, events, worker_rss, worker_cpu = 0, 0.0, 0.0, 0, 0, 0.0, 0.0
        ready: dict[int, dict[str, Any]] = {}
        for number in range(stream.chunks):
            while number not in ready:
                _wait_or_help(number, ready, stream, clusterer, claims, chunks, worker)
            chunk = ready.pop(number)
            featuring += chunk["seconds"]
            if chunk["by_worker"]:
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


def _claim(claims: Any, stream: _Stream) -> int | None:
    """The number of the next unclaimed chunk, now claimed by the caller (None: all are claimed)."""
    with claims.get_lock():
        number = claims.value
        if number >= stream.chunks:
            return None
        claims.value = number + 1
    return number


def _feature_chunk(number: int, stream: _Stream, clusterer: EventClusterer) -> dict[str, Any]:
    seconds, cpu_started = 0.0, time.process_time()
    batch: list[tuple[Article, ArticleFeatures]] = []
    for synthetic, analysis in stream.chunk(number):
        before = time.perf_counter()
        batch.append((synthetic, clusterer.features(synthetic, analysis)))
        seconds += time.perf_counter() - before
    chunk = _pack(batch, seconds)
    chunk["cpu_seconds"] = time.process_time() - cpu_started
    return chunk


def _feature_worker(stream: _Stream, clusterer: EventClusterer, claims: Any, chunks: Any) -> None:
    """Worker process: features of the chunks it claims, sent in claim order (an error ends it with a message)."""
    try:
        while (number := _claim(claims, stream)) is not None:
            chunk = _feature_chunk(number, stream, clusterer)
            chunk["number"], chunk["by_worker"] = number, True
            chunks.put(chunk)
    except Exception as error:  # noqa: BLE001 - reported to the main process, which raises it
        chunks.put({"error": f"feature worker failed: {type(error).__name__}: {error}"})


def _wait_or_help(
    number: int, ready: dict[int, dict[str, Any]], stream: _Stream, clusterer: EventClusterer, claims: Any,
    chunks: Any, worker: Any,
) -> None:
    """Take what the worker has sent; if chunk ``number`` is still missing, make the next unclaimed chunk
    here (the worker is busy with ``number``), or, when none is left, wait for the worker."""
    while True:
        try:
            _receive(chunks.get_nowait(), ready)
        except queue.Empty:
            break
    if number in ready:
        return
    mine = _claim(claims, stream)
    if mine is not None:
        ready[mine] = _feature_chunk(mine, stream, clusterer)
        ready[mine]["by_worker"] = False
        return
    _receive(_next_chunk(chunks, worker), ready)


def _receive(chunk: dict[str, Any], ready: dict[int, dict[str, Any]]) -> None:
    if "error" in chunk:
        raise RuntimeError(chunk["error"])
    ready[chunk["number"]] = chunk


def _next_chunk(chunks: Any, worker: Any) -> dict[str, Any]:
    while True:
        try:
            return chunks.get(timeout=1.0)
        except queue.Empty:
            if not worker.is_alive():
                raise RuntimeError(f"the feature worker stopped (exit code {worker.exitcode})") from None


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
    template: _Template | None = None,
) -> tuple[Article, Analysis | None]:
    template = template or _template(article, analysis)
    tag = _letters(copy)
    text = _tagged(template.text, tag, copy)  # every capitalised word and every number gets the tag
    title = _tagged(template.title, tag, copy) if template.title is not None else None
    # Within a copy, articles spread over four days; copies start days_between_copies apart.
    day = _START + copy * days_between_copies + position % 4
    synthetic = Article(
        id=f"{article.id}~{copy}", text=text, title=title, source=article.source,
        published=dt.date.fromordinal(day).isoformat(),
    )
    if analysis is None:
        return synthetic, None
    # Only what the clusterer reads (entity labels and canonical names, date values) is carried
    # over; the spans keep their original offsets, which is fine for this benchmark input.
    entities = list(map(Entity, *template.entity_columns, _tagged(template.entity_names, tag, copy).split(_SEPARATOR)))
    shift = copy * days_between_copies
    dates = [DateMention(start, end, text_, _moved(kind, value, shift))
             for start, end, text_, kind, value in template.dates]
    return synthetic, Analysis(article_id=synthetic.id, text=text, entities=entities, dates=dates)


@dataclass(frozen=True, slots=True)
class _Template:
    """What every copy of one base article is made from, prepared once (the worker makes copies on the clock).

    ``text``/``title``: see ``_cut``. ``entity_columns``: the entities' starts, ends, texts and labels;
    ``entity_names``: their canonical names, a mark after each word, joined by ``_SEPARATOR`` (a copy's
    names are then one replace and one split, not one replace per entity). ``dates``: (start, end, text,
    kind, value): kind "day" and "month-day" carry the date's ordinal (month-days within the leap year
    2000), any other kind the value kept as it is.
    """

    text: str
    title: str | None
    entity_columns: tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...], tuple[str, ...]]
    entity_names: str
    dates: tuple[tuple[int, int, str, str, object], ...]


def _template(article: Article, analysis: Analysis | None) -> _Template:
    entities, dates = [], ()
    if analysis is not None:
        entities = analysis.entities
        # Unresolved dates (no value) are left out: the clusterer reads only values.
        dates = tuple((d.start, d.end, d.text, *_date_kind(d.value)) for d in analysis.dates if d.value)
    columns = tuple(tuple(getattr(e, column) for e in entities) for column in ("start", "end", "text", "label"))
    names = _SEPARATOR.join(" ".join(w + _WORD_MARK for w in _unmarked(e.canonical).split()) for e in entities)
    return _Template(_cut(article.text), _cut(article.title) if article.title else None, columns, names, dates)


def _date_kind(value: str | None) -> tuple[str, object]:
    """How a resolved date moves with a copy: full and month-day dates move, years and ranges stay."""
    try:
        if value and len(value) == 10 and value[4] == "-":
            return "day", dt.date.fromisoformat(value).toordinal()
        if value and len(value) == 7 and value.startswith("--"):  # year unknown: moved within a leap year
            return "month-day", dt.date.fromisoformat("2000" + value[1:]).toordinal()
    except ValueError:
        pass
    return "kept", value


def _moved(kind: str, value: object, shift_days: int) -> str | None:
    if kind == "day":
        return dt.date.fromordinal(value + shift_days).isoformat()  # type: ignore[operator]
    if kind == "month-day":
        return "--" + dt.date.fromordinal(value + shift_days).isoformat()[5:]  # type: ignore[operator]
    return value  # type: ignore[return-value]


def _tagged(template: str, tag: str, copy: int) -> str:
    """The template (see ``_cut``) with ``tag`` after each capitalised word and ``.copy`` after each number."""
    return template.replace(_WORD_MARK, tag).replace(_NUMBER_MARK, f".{copy}")


def _templates(articles: Sequence[Article], analyses: dict[str, Analysis]) -> list[_Template]:
    return [_template(article, analyses.get(article.id)) for article in articles]


def _cut(text: str) -> str:
    """``text`` with a mark right after each capitalised word and another after each number.

    Made once per base article, a copy then costs two ``str.replace`` calls instead of regex
    substitutions with a replacement per word (the worker of ``processes=2`` makes the stream on
    the clock). The marks are private-use characters; any already in the text become spaces.
    """
    text = _unmarked(text)
    ends = sorted([(m.end(), _WORD_MARK) for m in _CAPITALISED.finditer(text)]
                  + [(m.end(), _NUMBER_MARK) for m in _NUMBER_END.finditer(text)])
    starts = [0, *(end for end, _ in ends)]
    pieces = [text[start:end] + mark for start, (end, mark) in zip(starts, ends, strict=False)]
    return "".join(pieces) + text[starts[-1]:]


def _unmarked(text: str) -> str:
    """``text`` with the private-use characters the templates use as marks turned into spaces."""
    return text.replace(_WORD_MARK, " ").replace(_NUMBER_MARK, " ").replace(_SEPARATOR, " ")


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
