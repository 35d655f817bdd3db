"""HTML pages to articles: trafilatura for the body, the page head for metadata."""

from __future__ import annotations

from copy import copy
from typing import Any
from urllib.parse import urljoin

import trafilatura
from trafilatura.settings import Extractor

from ..model import Article
from ._build import build_article
from ._decode import declared_html_charset, decode_text
from ._errors import InputError
from ._meta import html_metadata
from ._text import clean_text

_EXTRACT_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True, "with_metadata": False}
# The same settings as one trafilatura Extractor, built once: extract(**keywords) builds a new one
# per call, reading nine values from its ConfigParser (~0.15 ms, more than our metadata walk).
# It is never mutated; each page gets a shallow copy with its URL (as trafilatura's own CLI does).
_EXTRACTOR = Extractor(output_format="txt", comments=False, tables=True, with_metadata=False)


def html_to_article(
    data: bytes | str,
    *,
    url: str | None = None,
    path: str | None = None,
    charset: str | None = None,
    dates: dict[str, str | None] | None = None,
    meta: dict[str, Any] | None = None,
) -> Article:
    """Extract one article from an HTML page (raw bytes are decoded, charset mislabels survived)."""
    meta = dict(meta or {})
    if isinstance(data, bytes):
        declared = charset or declared_html_charset(data)
        html, used = decode_text(data, declared)
        if declared and used.replace("_", "-").lower() != declared.replace("_", "-").lower():
            meta["charset_note"] = f"declared {declared}, decoded as {used}"
    else:
        html = data
    tree = trafilatura.load_html(html)
    if tree is None:
        raise InputError("not parseable as HTML")
    head = html_metadata(tree)
    body = trafilatura.extract(tree, options=_extractor_for(url))
    if not body or not body.strip():
        raise InputError("no article text found in the page (trafilatura found none: index, login or script page?)")
    cleaned = clean_text(body, take_title=False)
    if not cleaned.text.strip():
        raise InputError("no article text found in the page (only navigation or page debris)")
    page_url = url
    if head.get("canonical_url"):
        page_url = urljoin(url or "", str(head["canonical_url"]))
        if url and page_url != url:
            meta["fetched_url"] = url
    if head.get("declared_language"):
        meta["declared_language"] = head["declared_language"]
    page_dates = dict(dates or {})
    if "published" in head:
        page_dates[str(head["published_origin"])] = str(head["published"])
    return build_article(
        cleaned.text,
        title=head.get("title"),
        url=page_url,
        path=path,
        source=head.get("site_name"),
        author=head.get("author"),
        credits=cleaned.credits,
        dates=page_dates,
        meta=meta,
        declared_language=head.get("declared_language"),
    )


def _extractor_for(url: str | None) -> Extractor:
    """``_EXTRACTOR`` for one page: what ``Extractor(url=url, ...)`` would set, without re-reading the config."""
    options = copy(_EXTRACTOR)
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    return options
