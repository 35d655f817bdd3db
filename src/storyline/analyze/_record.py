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
    record["entities"] = [e.to_dict() for e in analysis.entities]
    record["quotes"] = [q.to_dict() for q in analysis.quotes]
    record["dates"] = [d.to_dict() for d in analysis.dates]
    record["sentences"] = [s.to_dict() for s in analysis.sentences]
    return record
