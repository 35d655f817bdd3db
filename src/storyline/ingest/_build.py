"""Assembling an ``Article`` from what a reader found, the same way for every kind of source."""

from __future__ import annotations

from typing import Any

from ..model import Article, content_id
from ._errors import InputError
from ._meta import DATE_ORIGINS, canonical_url, date_from_dateline, date_from_url, detect_language, outlet_from_url


def build_article(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    path: str | None = None,
    source: str | None = None,
    author: str | None = None,
    credits: list[str] | None = None,
    dates: dict[str, str | None] | None = None,
    article_id: str | None = None,
    meta: dict[str, Any] | None = None,
    declared_language: str | None = None,
) -> Article:
    """An Article with id, canonical URL, outlet, language and the most trusted published date.

    ``dates`` maps an origin of ``DATE_ORIGINS`` to the date found there; the URL
    path and the text's dateline are added here as the least trusted origins.
    ``declared_language`` is what the page says it is written in (checked, not trusted blindly).
    """
    if not text.strip():
        raise InputError("no article text found (empty after cleaning)")
    meta = dict(meta or {})
    canonical = canonical_url(url)
    if canonical and canonical != url:
        meta["canonical_url"] = canonical
    candidates = {**(dates or {}), "url": date_from_url(url), "dateline": date_from_dateline(text)}
    origin = next((o for o in DATE_ORIGINS if candidates.get(o)), None)
    if origin:
        meta["published_origin"] = origin
    if source:
        meta.setdefault("source_origin", "site_name")
    elif outlet := outlet_from_url(canonical or url):
        source = outlet
        meta.setdefault("source_origin", "domain")
    return Article(
        id=article_id or content_id(text),
        text=text,
        title=title,
        published=candidates[origin] if origin else None,
        source=source,
        url=canonical or url,
        path=path,
        author=author,
        language=detect_language(text, declared_language),
        credits=list(credits or []),
        meta=meta,
    )
