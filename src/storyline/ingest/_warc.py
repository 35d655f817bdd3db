"""WARC archives (CC-NEWS included): streamed record by record, HTML responses become articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..model import Article
from ._errors import IngestError, InputError
from ._html import html_to_article

_HTML_TYPES = {"text/html", "application/xhtml+xml"}


def warc_articles(path: Path, name: str, *, max_bytes: int) -> Iterator[Article | IngestError]:
    """Articles from the HTML responses of a (gzipped) WARC file, in file order; memory stays flat.

    Non-HTML and non-200 responses are reported as skipped; request, metadata and
    warcinfo records are passed over silently. Records whose block digest does not
    match (corrupt or truncated) are reported and skipped.
    """
    number = 0
    try:
        # parse_http=False so the block digest can be checked on the raw block first.
        for number, record in enumerate(ArchiveIterator(str(path), parse_http=False), start=1):
            if record.record_type != WarcRecordType.response:
                continue
            where = f"{name}#record {number}"
            try:
                yield _record_article(record, where, max_bytes)
            except InputError as err:
                yield IngestError(where, str(err), err.kind)
    except OSError as err:
        yield IngestError(f"{name}#record {number + 1}", f"archive unreadable from here on ({err}); earlier records were read")


def _record_article(record, where: str, max_bytes: int) -> Article:
    url = record.headers.get("WARC-Target-URI")
    if "WARC-Block-Digest" in record.headers and not record.verify_block_digest(consume=False):
        raise InputError(f"corrupt or truncated record ({url}): block digest does not match")
    record.parse_http()
    status = record.http_headers.status_code if record.http_headers else None
    if status != 200:
        raise InputError(f"HTTP {status} response for {url}, not a page", kind="skipped")
    if record.http_content_type not in _HTML_TYPES:
        raise InputError(f"{record.http_content_type or 'untyped'} response for {url}, not HTML", kind="skipped")
    if record.content_length > max_bytes:
        raise InputError(f"page is {record.content_length / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit")
    body = record.reader.read()
    declared = record.http_headers.get("Content-Length")
    encoded = record.http_headers.get("Content-Encoding") or record.http_headers.get("Transfer-Encoding")
    if declared and declared.isdigit() and not encoded and int(declared) > len(body):
        raise InputError(f"truncated record ({url}): {len(body)} of {declared} bytes")
    captured = record.record_date.isoformat() if record.record_date else None
    return html_to_article(
        body, url=url, charset=record.http_charset, dates={"warc": captured}, meta={"captured": captured}
    )
