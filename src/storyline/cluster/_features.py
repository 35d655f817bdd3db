"""Turning one article (and its analysis, when there is one) into clustering features.

Features are hashed to integers (stable CRC-32, not Python's salted ``hash``) so the
document-frequency table has a fixed size whatever the vocabulary of the stream.
Two kinds share one space, each with its own prefix:

* ``w:`` stemmed content words of title and body (the *what*), and the years the
  article mentions (a coarse *when* that survives undated input);
* ``e:`` canonical named entities from the analysis (the *who* and *where*).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass

import Stemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.model import Analysis, Article

HASH_BITS = 20
HASH_MASK = (1 << HASH_BITS) - 1

# Entity labels that name who/where/what; numbers, dates and ordinals are not identities.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})

_WORD = re.compile(r"[^\W\d_]{2,}(?:['’][^\W\d_]+)?|\b(?:1[89]|20)\d\d\b")
_YEAR = re.compile(r"\b((?:1[89]|20)\d\d)\b")
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "May 3, 2013", "May 03 2013", "3 May 2013", "2013-05-03": explicit dates need no anchor.
_DATE_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I)
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+((?:19|20)\d\d)\b", re.I)
_DATE_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")

_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "according", "news", "reported", "reports"}
_STEMMER = Stemmer.Stemmer("english")  # stateless apart from its cache; safe to share


def feature_id(kind: str, value: str) -> int:
    return zlib.crc32(f"{kind}:{value}".encode()) & HASH_MASK


@dataclass(slots=True)
class ArticleFeatures:
    """What the clusterer needs of one article: a sparse term vector and a time estimate."""

    terms: dict[int, float]  # feature id -> sublinear tf (entity-weighted), L2-normalised
    day: int | None  # proleptic ordinal of the article's date, when known


def extract_features(
    article: Article, analysis: Analysis | None, *, entity_weight: float, title_weight: float = 2.0
) -> ArticleFeatures:
    counts: Counter[str] = Counter(_stems(article.text))
    if article.title:
        for stem in _stems(article.title):
            counts[stem] += title_weight
    terms = {feature_id("w", stem): 1.0 + math.log(c) for stem, c in counts.items()}
    if analysis is not None:
        for entity, count in _entities(analysis).items():
            terms[entity] = entity_weight * (1.0 + math.log(count))
    norm = math.sqrt(sum(v * v for v in terms.values())) or 1.0
    return ArticleFeatures(
        terms={f: v / norm for f, v in terms.items()},
        day=article_day(article, analysis),
    )


def _stems(text: str) -> list[str]:
    return _STEMMER.stemWords([t for t in _WORD.findall(text.lower()) if t not in _STOP])


def _entities(analysis: Analysis) -> Counter[int]:
    return Counter(
        feature_id("e", (e.canonical or e.text).casefold())
        for e in analysis.entities
        if e.label in ENTITY_LABELS
    )


# --------------------------------------------------------------------------- time


def parse_day(value: str | None) -> int | None:
    """Ordinal of an ISO date or datetime ("2016-09-05", "2016-09-05T10:00:00Z"); None otherwise."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def article_day(article: Article, analysis: Analysis | None) -> int | None:
    """The article's date: its ``published`` date, else the latest explicit full date in its text.

    The latest explicit date is a fair estimate of when undated news was written:
    reports look back (earlier dates) far more often than they give future dates.
    """
    published = parse_day(article.published)
    if published is not None:
        return published
    days = text_days(article.text)
    if analysis is not None:
        days += [d for d in (parse_day(m.value) for m in analysis.dates) if d is not None]
    return max(days) if days else None


def text_days(text: str) -> list[int]:
    days = []
    for month, day, year in _DATE_MDY.findall(text):
        days.append(_ordinal(int(year), _MONTHS[month.lower()], int(day)))
    for day, month, year in _DATE_DMY.findall(text):
        days.append(_ordinal(int(year), _MONTHS[month.lower()], int(day)))
    for year, month, day in _DATE_ISO.findall(text):
        days.append(_ordinal(int(year), int(month), int(day)))
    return [d for d in days if d is not None]


def _ordinal(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).toordinal()
    except ValueError:
        return None
