"""The benchmark's generated inputs (the timings themselves live in `storyline bench ingest`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.ingest import IngestError, read_sources
from storyline.ingest._bench import _memory_pass, _warc_steps, _warc_timing, make_pages, write_bench_warc
from storyline.ingest._warcgen import warc_record, write_warc


def test_generated_pages_are_deterministic_and_extractable(tmp_path: Path):
    pages = make_pages(3)
    assert pages == make_pages(3) and len(set(pages)) == 3
    path, raw_bytes = write_bench_warc(tmp_path, pages, megabytes=1)
    assert raw_bytes >= 1_000_000 and path.stat().st_size < raw_bytes  # gzipped
    items = list(read_sources([path]))
    assert items and not any(isinstance(i, IngestError) for i in items)
    assert {a.published for a in items} == {"2016-09-01", "2016-09-02", "2016-09-03"}


def test_warc_timing_takes_both_sides_over_the_same_records_after_a_warm_up(tmp_path: Path):
    path, _ = write_bench_warc(tmp_path, make_pages(3), megabytes=1)
    warmup = tmp_path / "warmup.warc.gz"
    write_warc(warmup, [warc_record("https://warmup.example.com/0", make_pages(1, seed=1)[0])])
    rows = _warc_timing(str(path), str(warmup), rounds=1)
    assert rows["trafilatura"].items == rows["ours"].items > 3  # same records on both sides
    for row in rows.values():
        assert row.seconds > 0 and row.cpu_seconds > 0 and row.startup_s > 0 and row.rate > 0
    assert _memory_pass("ours", str(path)) > 0


def test_a_failing_record_stops_the_benchmark_rather_than_skewing_it(tmp_path: Path):
    path = tmp_path / "bad.warc.gz"
    write_warc(path, [warc_record("https://bench.example.com/empty", b"<html><body></body></html>")])
    with pytest.raises(RuntimeError, match="benchmark WARC record failed"):
        list(_warc_steps("ours", str(path)))
