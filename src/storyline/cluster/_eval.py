"""Scoring a clustering against gold events (B-cubed, ARI, V-measure) and the eval command's work."""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from sklearn.metrics import adjusted_rand_score, v_measure_score

from storyline.cluster._stream import cluster_articles
from storyline.model import Analysis, Article, iso_date


def score_clustering(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """B-cubed P/R/F1, ARI, V-measure and event counts over the gold articles.

    Gold articles with no prediction count as singletons (README of ../shared/data).
    """
    ids = sorted(gold)
    pred = [predicted.get(i, f"__singleton__{i}") for i in ids]
    true = [gold[i] for i in ids]
    precision, recall = _b_cubed(pred, true)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(ids),
        "b3_precision": precision,
        "b3_recall": recall,
        "b3_f1": f1,
        "ari": adjusted_rand_score(true, pred),
        "v_measure": v_measure_score(true, pred),
        "events_predicted": len(set(pred)),
        "events_gold": len(set(true)),
    }


def _b_cubed(pred: Sequence[str], true: Sequence[str]) -> tuple[float, float]:
    # B-cubed is not in scikit-learn; it is a few lines over the contingency counts.
    pair = Counter(zip(pred, true, strict=True))
    pred_size, true_size = Counter(pred), Counter(true)
    n = len(pred)
    precision = sum(c * c / pred_size[p] for (p, _), c in pair.items()) / n
    recall = sum(c * c / true_size[t] for (_, t), c in pair.items()) / n
    return precision, recall


def read_gold(path: Path, gold_field: str = "gold_event") -> tuple[list[Article], dict[str, str]]:
    """Articles and their gold event from an annotated JSONL file; bad lines are reported and skipped."""
    articles, gold = [], {}
    for _, row in _article_rows(path):
        articles.append(Article.from_dict(row))
        if row.get(gold_field) is not None:
            gold[row["id"]] = str(row[gold_field])
    return articles, gold


def read_articles(path: Path) -> list[Article]:
    """Articles of an Article JSONL file (DESIGN.md; ``-``: standard input); each bad line, and each repeat
    of an id already read, gets one line on stderr and is skipped."""
    return [Article.from_dict(row) for _, row in _article_rows(path)]


def embedded_analysis(article: Article) -> Analysis | None:
    """The analysis an article read from ``storyline extract`` output carries (its ``entities`` and
    ``dates``, kept in ``meta``), or None when it carries none; ValueError when they are malformed.

    What the clusterer reads of it are labels, names and date values, so it need not be made again.
    """
    entities, dates = article.meta.get("entities"), article.meta.get("dates")
    if entities is None and dates is None:
        return None
    try:
        analysis = Analysis.from_dict({"id": article.id, "text": article.text,
                                       "entities": entities or [], "dates": dates or []})
    except (TypeError, KeyError, AttributeError) as exc:
        raise ValueError(f"its 'entities' or 'dates' are not those of `storyline extract` ({exc})") from exc
    if not all(isinstance(e.label, str) and isinstance(e.text, str) and isinstance(e.canonical, str | None)
               for e in analysis.entities):
        raise ValueError("an entity's 'text', 'label' or 'canonical' is not a string")
    if not all(isinstance(d.value, str | None) for d in analysis.dates):
        raise ValueError("a date's 'value' is not a string")
    return analysis


def _article_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(byte offset of its line, object) of each article of the file; ``-`` reads standard input."""
    if str(path) == "-":
        yield from article_rows(sys.stdin.buffer, _input_name(path))
        return
    with path.open("rb") as handle:
        yield from article_rows(handle, _input_name(path))


def article_rows(handle: BinaryIO, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(byte offset of its line, object) of each article of an Article JSONL stream: each bad line, and each
    repeat of an id already read, gets one line on stderr (naming ``name`` and the line) and is skipped."""
    first_line: dict[str, int] = {}  # id -> the line it was first read on
    for line_no, offset, row in _jsonl_lines(handle, name):
        ident = row["id"] = article_id(row.get("id"))
        if not (isinstance(ident, str) and ident and isinstance(row.get("text"), str)):
            print(f"{name}:{line_no}: skipped, an article needs a string 'id' and 'text'", file=sys.stderr)
        elif ident in first_line:
            # An id names one article: a repeat is a resend, and two events for one id would be ambiguous.
            print(f"{name}:{line_no}: skipped, id {ident!r} already read on line {first_line[ident]}", file=sys.stderr)
        else:
            first_line[ident] = line_no
            row["published"] = _published(row.get("published"), f"{name}:{line_no}")
            yield offset, row


def _published(value: object, where: str) -> str | None:
    """``published`` as `storyline ingest` reads it (``iso_date``: ISO dates, and forms such as
    "Tue, 06 Sep 2016 10:00:00 GMT"); what is no date is named on stderr and read as undated."""
    if (date := iso_date(value)) is None and value not in (None, ""):
        print(f"{where}: 'published' {value!r} is not a date (year, month and day, 1900-2100); read as undated", file=sys.stderr)
    return date


def article_id(value: object) -> object:
    """An article's ``id`` as read: an integer as its string, as `storyline extract` reads it."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _input_name(path: Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


def _jsonl_lines(handle: BinaryIO, name: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(line number, byte offset, object) of each JSON-object line."""
    # peek, not read: standard input cannot seek back. JSON text never holds a NUL byte.
    if not hasattr(handle, "peek"):  # a stream without a buffer of its own (e.g. io.BytesIO)
        handle = io.BufferedReader(handle)  # type: ignore[arg-type]
    if b"\0" in handle.peek(8192)[:8192]:  # type: ignore[attr-defined]
        print(f"{name}: skipped, NUL bytes: a binary or UTF-16 file, not UTF-8 JSONL", file=sys.stderr)
        return
    offset = handle.tell() if handle.seekable() else 0
    for line_no, raw in enumerate(handle, 1):
        start, offset = offset, offset + len(raw)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            print(f"{name}:{line_no}: skipped, not UTF-8 (byte {exc.start} of the line)", file=sys.stderr)
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"{name}:{line_no}: skipped, not JSON ({exc.msg})", file=sys.stderr)
            continue
        if isinstance(row, dict):
            yield line_no, start, row
        else:
            print(f"{name}:{line_no}: skipped, not a JSON object", file=sys.stderr)


def evaluate_clustering(
    articles: Sequence[Article], gold: Mapping[str, str], *, analyses: Sequence[Analysis] | None = None, **params: Any
) -> dict[str, float]:
    """Cluster ``articles`` in stream order and score them against ``gold`` (article id -> gold event), as
    ``read_gold`` reads both from an annotated file."""
    if not gold:
        raise ValueError("no article carries a 'gold_event'; nothing to score")
    return score_clustering(cluster_articles(articles, analyses, **params), gold)
