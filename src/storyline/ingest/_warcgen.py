"""Writing small WARC files (for tests and ``storyline bench ingest``), one gzip member per record."""

from __future__ import annotations

import gzip
import hashlib
import uuid
from base64 import b32encode
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO


def warc_record(
    url: str, body: bytes, *, content_type: str = "text/html; charset=utf-8", date: str = "2016-09-05T12:00:00Z",
    record_type: str = "response", digest: bool = True,
) -> bytes:
    """One WARC/1.0 record; ``response`` records wrap ``body`` in an HTTP/1.1 200 response."""
    if record_type == "response":
        block = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
        block_type = "application/http; msgtype=response"
    else:
        block, block_type = body, content_type
    headers = [
        "WARC/1.0", f"WARC-Type: {record_type}", f"WARC-Target-URI: {url}", f"WARC-Date: {date}",
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url + record_type)}>",
        f"Content-Type: {block_type}", f"Content-Length: {len(block)}",
    ]  # fmt: skip
    if digest:
        headers.append("WARC-Block-Digest: sha1:" + b32encode(hashlib.sha1(block).digest()).decode())
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def write_warc(target: Path | BinaryIO, records: Iterable[bytes], *, compress: bool = True) -> None:
    """Write records to a path or an open binary file (each record its own gzip member when compressed)."""
    if isinstance(target, Path):
        with target.open("wb") as handle:
            write_warc(handle, records, compress=compress)
        return
    for record in records:
        target.write(gzip.compress(record, compresslevel=1) if compress else record)
