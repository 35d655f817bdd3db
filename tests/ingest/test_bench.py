"""The benchmark's generated inputs (the timings themselves live in `storyline bench ingest`)."""

from __future__ import annotations

from pathlib import Path

from storyline.ingest import IngestError, read_sources
from storyline.ingest._bench import make_pages, write_bench_warc


def test_generated_pages_are_deterministic_and_extractable(tmp_path: Path):
    pages = make_pages(3)
    assert pages == make_pages(3) and len(set(pages)) == 3
    path, raw_bytes = write_bench_warc(tmp_path, pages, megabytes=1)
    assert raw_bytes >= 1_000_000 and path.stat().st_size < raw_bytes  # gzipped
    items = list(read_sources([path]))
    assert items and not any(isinstance(i, IngestError) for i in items)
    assert {a.published for a in items} == {"2016-09-01", "2016-09-02", "2016-09-03"}
