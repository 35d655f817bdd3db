"""One object of the `storyline extract` JSONL contract (DESIGN.md) from an article and its analysis."""

from __future__ import annotations

from typing import Any

from storyline.model import Analysis, Article


def extract_record(article: Article, analysis: Analysis) -> dict[str, Any]:
    """id, text, title, published, entities, quotes, dates (+ source, path, url when known, sentences)."""
    if analysis.text != article.text:
        raise ValueError(f"article {article.id!r}: analysis was made on another text; re-run analyze on it")
    record: dict[str, Any] = {"id": article.id, "text": article.text, "title": article.title, "published": article.published}
    for key in ("source", "path", "url"):
        value = getattr(article, key)
        if value:
            record[key] = value
    for key in ("entities", "quotes", "dates", "sentences"):
        record[key] = [_flat_dict(span) for span in getattr(analysis, key)]
    return record


def _flat_dict(span: Any) -> dict[str, Any]:
    """``to_dict`` of a span without nested fields; ``dataclasses.asdict`` deep-copies and is much slower."""
    return {name: getattr(span, name) for name in span.__dataclass_fields__}
