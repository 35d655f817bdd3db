"""JSON, JSONL and CSV exports: the Article contract, news-please and other tools' columns."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from ..model import Article, iso_date
from ._build import build_article
from ._errors import IngestError, InputError
from ._meta import detect_language
from ._text import find_credits

# Field names other tools use, mapped onto the Article contract (news-please first).
_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "maintext", "content", "body", "article_text"),
    "title": ("title", "headline"),
    "published": ("published", "date_publish", "date", "published_at", "pubdate", "publish_date"),
    "source": ("source", "source_domain", "outlet", "site_name", "publisher"),
    "url": ("url", "link", "canonical_url"),
    "author": ("author", "authors", "byline"),
    "language": ("language", "lang"),
}


def jsonl_line(line: str, where: str) -> Article | IngestError:
    """The article of one JSONL line (Article contract, or a news-please record), or its error."""
    try:
        record = json.loads(line)
    except ValueError as err:
        return IngestError(where, f"not valid JSON ({err.msg} at column {err.colno})")
    return _guarded(where, record, require_id=True)


def json_records(data: str, name: str) -> Iterator[Article | IngestError]:
    """A JSON file holding one record (news-please writes one per file) or a list of them."""
    try:
        parsed = json.loads(data)
    except ValueError as err:
        yield IngestError(name, f"not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})")
        return
    records = parsed if isinstance(parsed, list) else [parsed]
    for number, record in enumerate(records, start=1):
        yield _guarded(name if len(records) == 1 else f"{name}#item {number}", record, require_id=False)


def csv_records(data: str, name: str) -> Iterator[Article | IngestError]:
    """A CSV export with a header row; needs a text column (text, maintext, content or body)."""
    reader = csv.DictReader(io.StringIO(data, newline=""))
    if not reader.fieldnames or not any(f in reader.fieldnames for f in _ALIASES["text"]):
        yield IngestError(name, f"CSV has no text column (one of {', '.join(_ALIASES['text'])}) in its header row")
        return
    for row in reader:
        yield _guarded(f"{name}:line {reader.line_num}", row, require_id=False)


def _guarded(where: str, record: Any, *, require_id: bool) -> Article | IngestError:
    try:
        return record_to_article(record, require_id=require_id)
    except InputError as err:
        return IngestError(where, str(err), err.kind)


def record_to_article(record: Any, *, require_id: bool) -> Article:
    """An Article from one exported record; Article-contract records keep their ``text`` as is."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    if _is_contract(record):
        return _contract_article(record)
    if require_id and "maintext" not in record:
        missing = [k for k in ("id", "text") if not isinstance(record.get(k), (str, int)) or record.get(k) == ""]
        raise InputError(f"missing required field(s) {', '.join(missing)} (Article JSONL needs 'id' and 'text')")
    return _mapped_article(record)


def _is_contract(record: dict) -> bool:
    return isinstance(record.get("text"), str) and isinstance(record.get("id"), (str, int)) and record["id"] != ""


def _contract_article(record: dict) -> Article:
    article = Article.from_dict({**record, "id": str(record["id"])})
    if not article.text.strip():
        raise InputError("field 'text' is empty")
    article.published = iso_date(article.published)  # as any other input's date: ISO, or None when it is none
    if article.published:
        article.meta.setdefault("published_origin", "input")
    if not article.credits:
        article.credits = find_credits(article.text)
    if not article.language:
        article.language = detect_language(article.text)
    return article


def _mapped_article(record: dict) -> Article:
    fields = {name: _first(record, aliases) for name, aliases in _ALIASES.items()}
    text = fields["text"]
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"no article text (none of the fields {', '.join(_ALIASES['text'])} holds text)")
    used = {alias for aliases in _ALIASES.values() for alias in aliases if alias in record}
    author = fields["author"]
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author if a) or None
    article = build_article(
        text,
        title=_str(fields["title"]),
        url=_str(fields["url"]),
        source=_str(fields["source"]),
        author=_str(author),
        credits=find_credits(text),
        dates={"input": iso_date(fields["published"])},
        article_id=_str(record.get("id")),
        meta={k: v for k, v in record.items() if k not in used and k != "id"},
    )
    if isinstance(fields["language"], str) and fields["language"]:
        article.language = fields["language"]
    return article


def _first(record: dict, aliases: tuple[str, ...]) -> Any:
    return next((record[a] for a in aliases if record.get(a) not in (None, "", [])), None)


def _str(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
