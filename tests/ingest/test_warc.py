"""WARC archives: HTML responses become articles, the rest is skipped or reported."""

from __future__ import annotations

from pathlib import Path

from storyline.ingest import IngestError, read_sources
from storyline.ingest._warcgen import warc_record, write_warc

from ._pages import PARAGRAPHS, article_page


def _records() -> list[bytes]:
    page_a = article_page().encode()
    page_b = article_page(title="Second story", paragraphs=[p.replace("Riverton", "Lakeside") for p in PARAGRAPHS[::-1]]).encode()
    return [
        warc_record("https://news.example.com/x", b"format: WARC File Format 1.0", record_type="warcinfo", content_type="application/warc-fields"),
        warc_record("https://news.example.com/2021/04/06/barrier", page_a, date="2021-04-07T08:00:00Z"),
        warc_record("https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png"),
        warc_record("https://news.example.com/second", page_b, date="2021-04-08T10:00:00Z"),
    ]


def test_gzipped_warc_yields_html_responses_and_skips_the_rest(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, _records())
    items = list(read_sources([path]))
    assert [type(i).__name__ for i in items] == ["Article", "IngestError", "Article"]
    first, skipped, second = items
    assert (first.url, first.published, first.meta["published_origin"]) == (
        "https://news.example.com/2021/04/06/barrier", "2021-04-06", "url")
    assert (second.published, second.meta["published_origin"]) == ("2021-04-08T10:00:00+00:00", "warc")
    assert first.source == "example.com" and "Lakeside" in second.text
    assert (skipped.kind, str(skipped)) == ("skipped", f"{path}#record 3: image/png response for https://news.example.com/logo.png, not HTML")


def test_uncompressed_warc_reads_the_same(tmp_path: Path):
    write_warc(tmp_path / "a.warc.gz", _records())
    write_warc(tmp_path / "b.warc", _records(), compress=False)
    texts = [[a.text for a in read_sources([p]) if not isinstance(a, IngestError)] for p in (tmp_path / "a.warc.gz", tmp_path / "b.warc")]
    assert texts[0] == texts[1] and len(texts[0]) == 2


def test_truncated_warc_record(tmp_path: Path):
    path = tmp_path / "cut.warc"
    write_warc(path, _records(), compress=False)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 400])  # the last record loses its end
    items = list(read_sources([path]))
    assert [type(i).__name__ for i in items] == ["Article", "IngestError", "IngestError"]
    assert str(items[-1]) == f"{path}#record 4: corrupt or truncated record (https://news.example.com/second): block digest does not match"


def test_corrupt_warc_record(tmp_path: Path):
    path = tmp_path / "bad.warc"
    write_warc(path, _records(), compress=False)
    data = bytearray(path.read_bytes())
    at = data.find(PARAGRAPHS[2][:20].encode())
    data[at : at + 5] = b"#####"  # bit rot inside the first page
    path.write_bytes(bytes(data))
    items = list(read_sources([path]))
    assert [type(i).__name__ for i in items] == ["IngestError", "IngestError", "Article"]
    assert items[0].message.startswith("corrupt or truncated record (https://news.example.com/2021/04/06/barrier)")


def test_truncated_gzip_member_is_reported_and_earlier_records_kept(tmp_path: Path):
    path = tmp_path / "cut.warc.gz"
    write_warc(path, _records())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    items = list(read_sources([path]))
    assert not isinstance(items[0], IngestError) and items[0].url.endswith("/barrier")
    assert isinstance(items[-1], IngestError) and items[-1].input == f"{path}#record 4"
