"""A JSONL file clustered as a stream: the same events as the batch entry point, its articles read in
stream order from the file rather than held."""

from __future__ import annotations

import json
import random
from pathlib import Path

from storyline.cluster import ArticleFile, cluster_articles, cluster_file, read_articles, stream_order
from storyline.model import Article


def _dated_copy_of(source: Path, target: Path) -> None:
    """The dev articles, most of them given a date out of file order, some left undated, a few lines bad."""
    rng = random.Random(7)
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if rng.random() < 0.7:
            row["published"] = f"2016-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines.append(json.dumps(row))
    lines[5:5] = ["not json", json.dumps({"id": "no text"}), lines[0]]  # bad, bad, a repeated id
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_article_file_gives_the_articles_in_stream_order_from_where_they_are(
    shared_data: Path, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "dated.jsonl"
    _dated_copy_of(shared_data / "ecbplus-dev.jsonl", path)
    held = read_articles(path)
    held_messages = capsys.readouterr().err
    with ArticleFile(path) as articles:
        assert capsys.readouterr().err == held_messages  # the same line for each bad input
        assert "skipped, not JSON" in held_messages and "already read on line 1" in held_messages
        assert len(articles) == len(held) == 413 and articles.ids == [a.id for a in held]
        chunks = list(articles.in_stream_order(chunk_size=100))
    assert [len(c) for c in chunks] == [100, 100, 100, 100, 13]
    assert [a for chunk in chunks for a in chunk] == stream_order(held)  # whole articles, texts and all


def test_cluster_file_finds_the_events_cluster_articles_finds(shared_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "dated.jsonl"
    _dated_copy_of(shared_data / "ecbplus-dev.jsonl", path)
    seen: list[list[str]] = []

    def text_only(chunk: list[Article]) -> list[None]:
        seen.append([a.id for a in chunk])
        return [None] * len(chunk)

    with ArticleFile(path) as articles:
        streamed = cluster_file(articles, text_only, chunk_size=64)
    held = read_articles(path)
    assert streamed == cluster_articles(held)
    assert len(set(streamed.values())) > 30
    assert [ident for chunk in seen for ident in chunk] == [a.id for a in stream_order(held)]
    assert max(len(chunk) for chunk in seen) == 64


def test_a_date_is_read_as_ingest_reads_it_and_what_is_no_date_is_named(tmp_path: Path, capsys) -> None:
    path = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": "x", "published": 2016}, {"id": "b", "text": "y", "published": "Tue, 6 Sep 2016"},
            {"id": "c", "text": "z", "published": ""}, {"id": "d", "text": "w", "published": "2016-09-05T10:00:00Z"},
            {"id": "e", "text": "v", "published": "September 2016"}]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    articles = read_articles(path)
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        f"{path}:1: 'published' 2016 is not a date (year, month and day, 1900-2100); read as undated",
        f"{path}:5: 'published' 'September 2016' is not a date (year, month and day, 1900-2100); read as undated",
    ]
    dates = [None, "2016-09-06", None, "2016-09-05T10:00:00+00:00", None]
    assert [a.published for a in articles] == dates
    assert len(cluster_articles(articles)) == 5  # an integer date used to end the run with a TypeError
    with ArticleFile(path) as streamed:  # read back from the file: the same dates, not the line's own
        assert [a.published for chunk in streamed.in_stream_order() for a in chunk] == [dates[i] for i in (0, 3, 1, 2, 4)]
        assert cluster_file(streamed) == cluster_articles(articles)
