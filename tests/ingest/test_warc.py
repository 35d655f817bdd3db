"""WARC archives: HTML responses become articles, the rest is skipped or reported."""

from __future__ import annotations

from pathlib import Path

from fastwarc.warc import WarcHeaderMap, WarcRecord

from storyline.ingest import IngestError, read_sources
from storyline.ingest._warc import _header_values
from storyline.ingest._warcgen import warc_record, write_warc
from storyline.model import iso_date

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


def test_capture_date_is_fastwarcs_record_date(tmp_path: Path):
    dates = ["2016-09-05T12:00:00Z", "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2016-09-05T12:00:00.25Z",
             "2016-09-05T12:00:00+02:00", "2016-09-05", "1850-01-01T00:00:00Z"]  # fmt: skip
    page = article_page().encode()
    records = [warc_record(f"https://news.example.com/{n}", page, date=d) for n, d in enumerate(dates)]
    write_warc(tmp_path / "dates.warc", records)
    captured = [a.meta["captured"] for a in read_sources([tmp_path / "dates.warc"])]
    expected = []
    for value in dates:
        record = WarcRecord()
        record.headers["WARC-Date"] = value
        expected.append(iso_date(record.record_date) if record.record_date else None)  # in 1900-2100
    assert captured == expected and captured[-1] is None
    assert captured[:2] == ["2016-09-05T12:00:00+00:00", "2024-02-29T23:59:59+00:00"] and captured[2] is None


def test_header_values_read_like_headermap_get():
    headers = WarcHeaderMap()
    for name, value in [("WARC-Target-URI", "https://a.example/"), ("Content-Length", "10"), ("content-length", "20")]:
        headers.append(name, value)
    values = _header_values(headers)
    assert values == {name: headers.get(name) for name in ("warc-target-uri", "content-length")}
    assert values["warc-target-uri"] == "https://a.example/" and "warc-block-digest" not in values
