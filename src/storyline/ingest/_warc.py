"""WARC archives (CC-NEWS included): streamed record by record, HTML responses become articles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, HeaderMap, WarcRecord, WarcRecordType

from ..model import Article, iso_date
from ._errors import IngestError, InputError
from ._html import html_to_article

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_PLAIN_WARC_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


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


def _record_article(record: WarcRecord, where: str, max_bytes: int) -> Article:
    warc = _header_values(record.headers)
    url = warc.get("warc-target-uri")
    if "warc-block-digest" in warc and not record.verify_block_digest(consume=False):
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
    http = _header_values(record.http_headers)
    declared = http.get("content-length")
    encoded = http.get("content-encoding") or http.get("transfer-encoding")
    if declared and declared.isdigit() and not encoded and int(declared) > len(body):
        raise InputError(f"truncated record ({url}): {len(body)} of {declared} bytes")
    captured = _capture_date(record, warc.get("warc-date"))
    return html_to_article(
        body, url=url, charset=record.http_charset, dates={"warc": captured}, meta={"captured": captured}
    )


def _header_values(headers: HeaderMap) -> dict[str, str]:
    """Lower-cased header name -> value, read in one call.

    Each ``HeaderMap.get`` or ``in`` costs ~5 µs (a case-insensitive search in
    fastwarc); a record needs five of them. A name given twice is rare: its value
    is then left to ``HeaderMap.get``, so that fastwarc's own choice stands.
    """
    pairs = headers.astuples()
    values = {name.lower(): value for name, value in pairs}
    if len(values) < len(pairs):
        values = {name: headers.get(name) for name in values}
    return values


def _capture_date(record: WarcRecord, warc_date: str | None) -> str | None:
    """The record's capture date (ISO 8601), read from the plain ``WARC-Date`` form when it has it.

    ``record.record_date`` parses the header again in fastwarc (~5-10 µs); the common
    "YYYY-MM-DDThh:mm:ssZ" form gives the same UTC datetime through the stdlib. Any
    other form (fractions, offsets, invalid values) is left to fastwarc.
    """
    if warc_date and _PLAIN_WARC_DATE.fullmatch(warc_date) and (captured := iso_date(warc_date)) is not None:
        return captured
    return iso_date(record.record_date) if record.record_date else None  # in 1900-2100, as every date
