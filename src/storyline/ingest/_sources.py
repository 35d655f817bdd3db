"""``read_sources``: every kind of input (files, directories, URLs) to articles or one-line errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..model import Article
from ._build import build_article
from ._decode import check_not_binary, decode_text
from ._errors import IngestError, InputError
from ._feeds import feed_articles, looks_like_feed
from ._fetch import Fetcher
from ._html import html_to_article
from ._records import csv_records, json_records, jsonl_line
from ._text import clean_text
from ._warc import warc_articles

DEFAULT_MAX_BYTES = 10_000_000  # one page or text file
_MAX_EXPORT_BYTES = 500_000_000  # a JSON, CSV or feed file is read whole (JSONL and WARC stream)
_KINDS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
    ".warc": "warc", ".warc.gz": "warc", ".warc.zst": "warc", ".warc.lz4": "warc",
}  # fmt: skip
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}


def read_sources(
    sources: Sequence[str | Path],
    *,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetcher: Fetcher | None = None,
    is_known: Callable[[str], bool] | None = None,
) -> Iterator[Article | IngestError]:
    """Articles from files, directories (recursive, sorted), http(s) URLs, feeds and WARC archives.

    Never raises for bad input: each problem is yielded as an ``IngestError`` and
    the rest goes on. ``is_known(location)`` (e.g. ``Store.has_location``) lets a caller
    skip feed entries whose id, link or canonical link it has already stored:
    re-polling a feed then adds (and fetches) only new entries. ``fetcher``
    overrides the HTTP settings (timeouts, retries, size); by default one is built
    from ``allow_private`` and ``max_bytes``.
    """
    fetcher = fetcher or Fetcher(allow_private=allow_private, max_bytes=max_bytes)
    for source in sources:
        name = str(source)
        if name.startswith(("http://", "https://")):
            yield from _guard(name, lambda name=name: _read_url(name, fetcher, is_known))
        else:
            yield from _read_path(Path(source), fetcher, is_known, max_bytes)


def _guard(name: str, produce: Callable[[], Iterator[Article | IngestError] | Article]) -> Iterator[Article | IngestError]:
    """Run one reader; an ``InputError`` (or an unexpected failure) becomes a one-line ``IngestError``."""
    try:
        produced = produce()
        if isinstance(produced, Article):
            yield produced
        else:
            yield from produced
    except InputError as err:
        yield IngestError(name, str(err), err.kind)
    except (OSError, ValueError, RecursionError) as err:
        yield IngestError(name, f"unreadable: {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}")


def _read_path(path: Path, fetcher: Fetcher, is_known, max_bytes: int) -> Iterator[Article | IngestError]:
    if not path.exists():
        yield IngestError(str(path), "no such file or directory")
    elif path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path))):
            if _kind(child) is None:
                yield IngestError(str(child), f"unsupported file type '{child.suffix}' in directory; skipped", "skipped")
            else:
                yield from _guard(str(child), lambda child=child: _read_file(child, fetcher, is_known, max_bytes))
    else:
        yield from _guard(str(path), lambda: _read_file(path, fetcher, is_known, max_bytes))


def _read_file(path: Path, fetcher: Fetcher, is_known, max_bytes: int) -> Iterator[Article | IngestError]:
    name = str(path)
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file")
    kind = _kind(path) or _sniff(path)
    if kind == "warc":
        yield from warc_articles(path, name, max_bytes=max_bytes)
        return
    if kind == "jsonl":
        yield from _jsonl_file(path)
        return
    limit = _MAX_EXPORT_BYTES if kind in ("json", "csv", "feed") else max_bytes
    if size > limit:
        raise InputError(f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit for {kind} input")
    data = path.read_bytes()
    if kind == "html":
        yield html_to_article(data, path=name)
    elif kind == "feed":
        check_not_binary(data)
        yield from feed_articles(data, name, fetcher=fetcher, is_known=is_known)
    elif kind == "json":
        yield from json_records(decode_text(data, strict_utf8=True)[0], name)
    elif kind == "csv":
        yield from csv_records(decode_text(data, strict_utf8=True)[0], name)
    else:
        yield text_to_article(decode_text(data, strict_utf8=True)[0], path=name)


def text_to_article(raw: str, *, path: str | None = None, url: str | None = None) -> Article:
    """A plain-text article: first kept line is the title (not repeated in ``text``), debris removed."""
    cleaned = clean_text(raw, take_title=True)
    if not cleaned.text.strip():
        raise InputError("no article text (only a title line, or only web-page debris)")
    meta = {"dropped_lines": cleaned.dropped} if cleaned.dropped else {}
    return build_article(cleaned.text, title=cleaned.title, path=path, url=url, credits=cleaned.credits, meta=meta)


def _jsonl_file(path: Path) -> Iterator[Article | IngestError]:
    """JSONL streamed line by line (dumps can be large); a line that is not UTF-8 is one error."""
    with path.open("rb") as handle:
        check_not_binary(handle.read(8192))
        handle.seek(0)
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield IngestError(f"{path}:line {number}", f"invalid UTF-8 at byte {err.start} of the line")
                continue
            if line.strip():
                yield jsonl_line(line, f"{path}:line {number}")


def _read_url(url: str, fetcher: Fetcher, is_known) -> Iterator[Article | IngestError]:
    response = fetcher.get(url)
    if response.content_type in _HTML_TYPES:
        yield html_to_article(response.content, url=response.url, charset=response.charset)
    elif response.content_type in _FEED_TYPES or looks_like_feed(response.content):
        check_not_binary(response.content)
        yield from feed_articles(response.content, url, fetcher=fetcher, is_known=is_known)
    elif response.content_type == "text/plain":
        yield text_to_article(decode_text(response.content, response.charset)[0], url=response.url)
    else:
        raise InputError(f"unsupported content type '{response.content_type}' (expected HTML, a feed or plain text)")


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, kind in _KINDS.items():
        if name.endswith(suffix) and "." in suffix[1:]:  # two-part suffixes (.warc.gz) first
            return kind
    return _KINDS.get(path.suffix.lower())


def _sniff(path: Path) -> str:
    """Kind of a file with an unknown extension, from its first bytes."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"WARC/"):
        return "warc"
    if looks_like_feed(head):
        return "feed"
    if b"<html" in head.lower() or head.lstrip().lower().startswith(b"<!doctype html"):
        return "html"
    return "text"


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
