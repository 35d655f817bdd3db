"""An Article JSONL file clustered as a stream, without holding its articles in memory.

A first pass keeps of each article only its id, date and the place of its line; the clustering pass
then reads the articles in stream order, a chunk at a time, from those places. Memory grows by a
few hundred bytes an article, not by its text and analysis (a million news articles are gigabytes).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from storyline.cluster._engine import EventClusterer
from storyline.cluster._eval import article_rows
from storyline.cluster._stream import _stream_positions
from storyline.model import Analysis, Article

Analyser = Callable[[list[Article]], Sequence[Analysis | None]]


@dataclass(frozen=True, slots=True)
class _Placed:
    id: str
    published: str | None  # as the first pass read it (a date that is not ISO: None)
    offset: int  # of its line in the file


class ArticleFile:
    """The articles of an Article JSONL file (``-``: standard input, kept in a temporary file), read in
    one pass that reports each bad line (see ``read_articles``) and keeps only where each article is.

    Use as a context manager: ``with ArticleFile(path) as articles: ...``.
    """

    def __init__(self, path: Path) -> None:
        self.name = "<stdin>" if str(path) == "-" else str(path)
        self._handle = _spooled_stdin() if str(path) == "-" else path.open("rb")
        try:
            self._placed = [
                _Placed(row["id"], row.get("published"), offset) for offset, row in article_rows(self._handle, self.name)
            ]
        except BaseException:
            self._handle.close()
            raise

    def __enter__(self) -> ArticleFile:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._handle.close()

    def __len__(self) -> int:
        return len(self._placed)

    @property
    def ids(self) -> list[str]:
        """The article ids in file order."""
        return [placed.id for placed in self._placed]

    def in_stream_order(self, chunk_size: int = 1024) -> Iterator[list[Article]]:
        """The articles in stream order (``stream_order``), read from the file ``chunk_size`` at a time."""
        order = _stream_positions(self._placed)
        for start in range(0, len(order), chunk_size):
            yield [self._read(self._placed[position]) for position in order[start : start + chunk_size]]

    def _read(self, placed: _Placed) -> Article:
        self._handle.seek(placed.offset)
        row = json.loads(self._handle.readline())  # read and checked whole in the first pass
        # As the first pass read them: the id as a string, a date that is not ISO as None.
        row["id"], row["published"] = placed.id, placed.published
        return Article.from_dict(row)


def cluster_file(
    articles: ArticleFile,
    analyse: Analyser | None = None,
    *,
    progress: Callable[[], object] | None = None,
    chunk_size: int = 1024,
    **params: Any,
) -> dict[str, str]:
    """Cluster an ``ArticleFile`` as a stream: article id -> (resolved) event id, as ``cluster_articles``.

    ``analyse`` gives the analysis of each article of a chunk (None: text-only features); chunks come in
    stream order, so an analyser that shares canonical names across calls sees the articles as a stream
    would deliver them. ``params`` go to :class:`EventClusterer`.
    """
    clusterer = EventClusterer(**params)
    assigned = {}
    for chunk in articles.in_stream_order(chunk_size):
        analyses = analyse(chunk) if analyse is not None else [None] * len(chunk)
        for article, analysis in zip(chunk, analyses, strict=True):
            assigned[article.id] = clusterer.add(article, analysis)
            if progress is not None:
                progress()
    return {article_id: clusterer.resolve(event_id) for article_id, event_id in assigned.items()}


def _spooled_stdin() -> BinaryIO:
    # Standard input cannot seek back: it is copied once to a temporary file. A real file, not a
    # SpooledTemporaryFile: the reader peeks at the first bytes, and wrapping a spool to peek closes it.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by ArticleFile
    shutil.copyfileobj(sys.stdin.buffer, spool)
    spool.seek(0)
    return spool
