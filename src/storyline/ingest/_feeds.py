"""RSS and Atom feeds: each entry an article, its page fetched when the feed only has a summary."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone

import feedparser
import trafilatura

from ..model import Article
from ._build import build_article
from ._errors import IngestError, InputError
from ._fetch import Fetcher
from ._html import html_to_article
from ._meta import canonical_url
from ._text import clean_text

# Entry content shorter than this is a teaser: the linked page is fetched instead.
FULL_CONTENT_MIN_WORDS = 150


def looks_like_feed(head: bytes) -> bool:
    """True when the start of a document is an RSS, Atom or RDF feed."""
    start = head[:2048].lstrip().lower()
    return start.startswith(b"<?xml") and any(tag in head[:4096].lower() for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def feed_articles(
    data: bytes, name: str, *, fetcher: Fetcher, is_known: Callable[[str], bool] | None = None
) -> Iterator[Article | IngestError]:
    """One article per feed entry, in feed order.

    Entries for which ``is_known`` is true for their id, link or canonical link (e.g. the
    store's ``has_location``) are passed over without fetching: re-polling adds only new ones.
    """
    parsed = feedparser.parse(data)  # bytes: feedparser never fetches or opens files for bytes
    problem = str(parsed.get("bozo_exception", "")).splitlines()[0:1]
    if not parsed.entries:
        yield IngestError(name, f"not a usable RSS/Atom feed: {problem[0] if problem else 'no entries'}")
        return
    if problem:  # feedparser read past the damage: say so once, then take what it found
        yield IngestError(name, f"malformed feed ({problem[0]}); reading the {len(parsed.entries)} entries found")
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        if is_known and any(is_known(key) for key in _entry_keys(entry)):
            continue
        where = f"{name}#entry {number}" + (f" ({entry.get('link')})" if entry.get("link") else "")
        try:
            yield _entry_article(entry, outlet=outlet, feed=name, fetcher=fetcher)
        except InputError as err:
            yield IngestError(where, str(err), err.kind)


def _entry_article(entry, *, outlet: str | None, feed: str, fetcher: Fetcher) -> Article:
    published = _entry_date(entry)
    meta = {"feed": feed, "feed_entry_id": entry.get("id") or entry.get("link")}
    content = _entry_text(entry)
    if len(content.split()) < FULL_CONTENT_MIN_WORDS:
        link = entry.get("link")
        if not link:
            raise InputError("entry has only a summary and no link to fetch the article from")
        try:
            response = fetcher.get(link)
        except InputError as err:
            raise InputError(f"entry has only a summary; fetching its page failed: {err}") from None
        article = html_to_article(
            response.content, url=response.url, charset=response.charset, dates={"feed": published}, meta=meta
        )
        article.title = article.title or entry.get("title")
        article.author = article.author or entry.get("author")
        article.source = outlet or article.source
        return article
    cleaned = clean_text(content, take_title=False)
    return build_article(
        cleaned.text, title=entry.get("title"), url=entry.get("link"), source=outlet, author=entry.get("author"),
        credits=cleaned.credits, dates={"feed": published}, meta=meta,
    )  # fmt: skip


def _entry_keys(entry) -> list[str]:
    """Where an entry may have been recorded before: its id, its link, the link without tracking."""
    link = entry.get("link")
    keys = [entry.get("id"), link, canonical_url(link)]
    return list(dict.fromkeys(k for k in keys if k))


def _entry_text(entry) -> str:
    blocks = entry.get("content") or []
    html = blocks[0].get("value", "") if blocks else entry.get("summary", "")
    if not html.strip():
        return ""
    if "<" not in html:
        return html
    extracted = trafilatura.extract(f"<html><body><article>{html}</article></body></html>", favor_recall=True)
    return extracted or ""


def _entry_date(entry) -> str | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()
