"""The data model every stage speaks: articles in, analyses, events and dossiers out.

Stages exchange only these objects. Spans are character offsets ``[start, end)``
into one article's ``text`` (the cleaned text that was analysed); a span's
``text`` field is a convenience copy that must always equal ``text[start:end]``.

Every class converts to and from plain JSON-ready dicts with ``to_dict`` /
``from_dict`` so the JSONL contracts of DESIGN.md stay in one place.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePath
from urllib.parse import urlsplit
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime
from typing import Any, Self

from dateutil import parser as dateparser


def _known_fields(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


class _DictMixin:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(**_known_fields(cls, data))


# --------------------------------------------------------------------------- articles

def normalize_for_hash(text: str) -> str:
    """Text normalised so that trivially different copies hash the same."""
    # str.split() splits on the same Unicode whitespace as r"\s+" and is ~10x faster (hot path of ingest).
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def content_id(text: str) -> str:
    """Stable article id: the first 16 hex digits of the SHA-1 of the normalised text."""
    return hashlib.sha1(_normalized_bytes(text)).hexdigest()[:16]


# Every ASCII character str.split() treats as white space, as one byte table.
_ASCII_SPACES = bytes(0x20 if c in b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f " else c for c in range(256))
_SPACES_NFKC_KEEPS = ("\x85", "\u1680", "\u2028", "\u2029")  # NFKC turns the other Unicode spaces into " "


# UTF-8 lead bytes of U+0080-U+00BF (C2) and U+2000-U+207F (E2 80, E2 81): Latin-1 signs and general
# punctuation (curly quotes, dashes, ellipsis), the only non-ASCII characters of most English news.
# After NFKC none of them has a case (NFKC already maps micro sign, ordinals and superscripts to letters).
_CASELESS_LEADS = (b"\xe2\x80", b"\xe2\x81", b"\xc2")
_ASCII_BYTES = bytes(range(0x80))
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


def _casefolded_utf8(text: str) -> bytes:
    """UTF-8 of ``text.casefold()`` for NFKC text; bytes.lower() when only ASCII letters have a case.

    str.casefold takes its slow path on a whole text for a single curly quote (~6 us/KB);
    encoding first and lower-casing the ASCII bytes costs a tenth of that.
    """
    data = text.encode("utf-8", "surrogatepass")
    others = data.translate(None, _ASCII_BYTES)
    for lead in _CASELESS_LEADS:
        others = others.replace(lead, b"")
    if others.translate(None, _CONTINUATION_BYTES):  # a character outside those blocks: fold it properly
        return text.casefold().encode("utf-8", "surrogatepass")
    return data.lower()


# Latin-1 and general-punctuation characters that NFKC and casefold leave as they are, that str.split()
# does not split on and that combine with nothing: curly quotes, dashes, lower-case accented letters ...
_INERT_CHARS = frozenset(
    c
    for c in map(chr, [*range(0x80, 0x100), *range(0x2000, 0x2080)])
    if unicodedata.normalize("NFKC", c) == c and c.casefold() == c and not c.isspace() and not unicodedata.combining(c)
)
_INERT_BYTES = bytes(range(0x80, 0xC0)) + b"\xc2\xc3\xe2"  # UTF-8 continuation bytes and their leads
_NOT_INERT = re.compile(f"[^{re.escape(''.join(sorted(_INERT_CHARS)))}]")  # a C loop: 10x faster than a set


def _inert_casefolded_utf8(text: str) -> bytes | None:
    """UTF-8 of ``unicodedata.normalize("NFKC", text).casefold()`` when every non-ASCII character
    is in ``_INERT_CHARS`` (else None): then that is the text with its ASCII letters lower-cased.

    Such a text is its own NFKC form (each of these characters is, and none composes with
    a neighbour), so the NFKC pass (~25 us on an article) can be skipped; the non-ASCII
    bytes alone are few, so the check costs little. tests/test_model.py compares it with
    the slow path.
    """
    data = text.encode("utf-8", "surrogatepass")
    others = data.translate(None, _ASCII_BYTES)
    # Lead bytes first (at C speed): any other script is turned away before it is decoded.
    if others and (others.translate(None, _INERT_BYTES) or _NOT_INERT.search(others.decode("utf-8"))):
        return None
    return data.lower()


def _normalized_bytes(text: str) -> bytes:
    """UTF-8 of ``normalize_for_hash(text)``, computed without splitting the text into words.

    Ingest hashes every page: byte-table translation and collapsing runs of spaces in C are
    3x faster than split/join on news text, and give the same bytes (tests compare the two
    on every white-space character).
    """
    data = _inert_casefolded_utf8(text)
    if data is None:
        text = unicodedata.normalize("NFKC", text)
        if any(space in text for space in _SPACES_NFKC_KEEPS):
            return " ".join(text.casefold().split()).encode("utf-8", "surrogatepass")
        data = _casefolded_utf8(text)
    data = data.translate(_ASCII_SPACES)
    while b"  " in data:
        data = data.replace(b"  ", b" ")
    return data.strip(b" ")


# "2016-09-05", "2016-09-05T10:00:00.123+02:00": what datetime.fromisoformat reads exactly as dateutil does.
_ISO_DATE_OR_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?\Z")
# dateutil fills what a value leaves out from a default date (today's, unless told): read against 0001-01-01,
# a value without its year is out of range, and one read as January or in the first week is read again
# against 0001-02-15 to see whether it gave its month and day itself (a weekday moves the default day 1
# up to 6 days on: "Tuesday, September 2016" reads as the 6th).
_DEFAULT, _OTHER_DEFAULT = datetime(1, 1, 1), datetime(1, 2, 15)


def iso_date(value: object) -> str | None:
    """An ISO date or datetime string from a date-ish value (``published`` as feeds, pages and other tools
    give it), or None when it is not one: a value must name its year, month and day ("Sep 2016" and
    "Tuesday" are not dates), in 1900–2100. A time keeps its UTC offset.

    >>> iso_date("Tue, 06 Sep 2016 10:00:00 GMT"), iso_date("5 September 2016"), iso_date("September 2016")
    ('2016-09-06T10:00:00+00:00', '2016-09-05', None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _in_range_iso(value, has_time=True)
    if isinstance(value, date):
        return _in_range_iso(datetime(value.year, value.month, value.day), has_time=False)
    text = str(value).strip()
    if _ISO_DATE_OR_TIME.match(text):  # most page dates: stdlib parsing, ~30x cheaper than dateutil
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = None
        if parsed is not None:
            return _in_range_iso(parsed, has_time="T" in text)
    parsed = _full_date(text)
    if parsed is None:
        return None
    return _in_range_iso(parsed, has_time=bool(re.search(r"\d{1,2}:\d{2}", text)))


def _full_date(text: str) -> datetime | None:
    try:
        parsed = dateparser.parse(text, default=_DEFAULT)
        if parsed is None or parsed.year == 1:
            return None
        if (parsed.month == 1 or parsed.day <= 7) and dateparser.parse(text, default=_OTHER_DEFAULT) != parsed:
            return None
    except (ValueError, OverflowError, TypeError):  # also a day the default's month lacks: no month given
        return None
    return parsed


def _in_range_iso(parsed: datetime, *, has_time: bool) -> str | None:
    # The outlet's own offset is kept: its local day anchors "yesterday" and "on Monday" (analyze), and
    # ``published_order`` compares times across offsets.
    if not 1900 <= parsed.year <= 2100:
        return None
    try:
        return parsed.isoformat() if has_time else parsed.date().isoformat()
    except ValueError:  # dateutil accepts UTC offsets of a day or more ("+24:00"), isoformat does not
        return None


def published_order(published: str | None) -> str:
    """A key that sorts ISO ``published`` values in time: a time with a UTC offset as its UTC time
    ("2016-09-05T10:00:00-05:00" comes after "2016-09-05T12:00:00Z"); a date, or a time without offset,
    as written (a date sorts before the times of its day). "" when there is none (first).

    >>> sorted(["2016-09-05T10:00:00-05:00", "2016-09-05T12:00:00Z", "2016-09-05"], key=published_order)
    ['2016-09-05', '2016-09-05T12:00:00Z', '2016-09-05T10:00:00-05:00']
    """
    if not published:
        return ""
    try:
        if len(published) == 10:
            return date.fromisoformat(published).isoformat()  # also a week date, "2016-W36-1"
        moment = datetime.fromisoformat(published)
        if moment.utcoffset() is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment.isoformat()
    except (ValueError, OverflowError):  # not ISO, or out of range in UTC: its date part, as written
        return published[:10]


@dataclass(slots=True)
class Article(_DictMixin):
    """One news article, as ingested (the Article JSONL contract plus metadata)."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date or datetime
    source: str | None = None  # outlet name
    url: str | None = None
    path: str | None = None  # input file it came from, when any
    author: str | None = None
    language: str | None = None
    credits: list[str] = field(default_factory=list)  # "BBC", "Reuters" ... wire/credit lines
    meta: dict[str, Any] = field(default_factory=dict)  # field origins, unknown input fields

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        known = _known_fields(cls, data)
        extra = {k: v for k, v in data.items() if k not in known}
        known.setdefault("meta", {})
        known["meta"] = {**extra, **(known["meta"] or {})}
        known["credits"] = list(known.get("credits") or [])
        return cls(**known)


def outlet_of(article: Article) -> str | None:
    """The outlet name: the article's ``source``, else the host of its URL, else its file name.

    A file with no outlet is labelled by its file name rather than left blank, so that a reader
    can still tell the reports apart and find them; no outlet name is ever invented.
    """
    if article.source:
        return article.source
    if article.url:
        host = urlsplit(article.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    if article.path:
        return PurePath(article.path).name
    return None


# --------------------------------------------------------------------------- analysis


@dataclass(slots=True)
class Sentence(_DictMixin):
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity(_DictMixin):
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, EVENT ...
    canonical: str  # the same real-world thing gets the same canonical name everywhere


@dataclass(slots=True)
class Quote(_DictMixin):
    start: int
    end: int
    text: str
    kind: str  # "direct" | "indirect"
    speaker: str | None = None  # resolved name, or the mention as written when unresolved, or None
    speaker_start: int | None = None  # the speaker mention as written ("he" included)
    speaker_end: int | None = None
    cue: str | None = None  # "said", "told reporters", "according to" ...
    cue_start: int | None = None
    cue_end: int | None = None


@dataclass(slots=True)
class DateMention(_DictMixin):
    start: int
    end: int
    text: str
    value: str | None  # ISO date, "--09-05" when the year is unknown, "A/B" for a range, None if unresolved


@dataclass(slots=True)
class Analysis(_DictMixin):
    """Everything analyze found in one article. All spans index into ``text``."""

    article_id: str
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(
            article_id=data.get("article_id") or data["id"],
            text=data["text"],
            sentences=[Sentence.from_dict(s) for s in data.get("sentences", [])],
            entities=[Entity.from_dict(e) for e in data.get("entities", [])],
            quotes=[Quote.from_dict(q) for q in data.get("quotes", [])],
            dates=[DateMention.from_dict(d) for d in data.get("dates", [])],
        )


# --------------------------------------------------------------------------- events


@dataclass(slots=True)
class Event(_DictMixin):
    """A real-world event: the articles that report it."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    title: str | None = None
    first_published: str | None = None
    last_published: str | None = None


# --------------------------------------------------------------------------- dossier


@dataclass(slots=True)
class SourceSpan(_DictMixin):
    """Provenance: an exact span of one article."""

    article_id: str
    source: str | None
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Dossier(_DictMixin):
    """What a reader needs to know about one event, every item traceable to a span.

    Sections beyond the basics (facts, contradictions, quotes, framing, w5h1,
    summary) are filled by the dossier stage; their JSON schema is documented
    in the README.
    """

    event_id: str
    title: str
    time_span: dict[str, str | None]  # {"start": ..., "end": ...}
    outlets: list[str]
    articles: list[dict[str, Any]]  # {id, title, source, published, url, credits}
    entities: list[dict[str, Any]]  # {canonical, label, mentions, articles}
    leads: list[SourceSpan]
    facts: list[dict[str, Any]] = field(default_factory=list)
    contradictions: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    framing: dict[str, Any] = field(default_factory=dict)
    w5h1: dict[str, Any] = field(default_factory=dict)
    summary: list[dict[str, Any]] = field(default_factory=list)
