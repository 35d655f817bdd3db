"""Turning one article (and its analysis, when there is one) into clustering features.

Features are hashed to integers (stable CRC-32, not Python's salted ``hash``) so the
document-frequency table has a fixed size whatever the vocabulary of the stream. Each
of four signals has its own block of the id space (no feature of one collides with
another's), and the clusterer weighs the signals against each other (``signal_weights``):

* ``words``: stemmed content words of title and body (the *what*), and the years the
  article mentions (a coarse *when* that survives undated input);
* ``names``: the words of the canonical PERSON/ORG/GPE/... names in the analysis (the
  *who* and *where*; words, not whole names, so "Tony Thompson" meets "Thompson");
* ``dates``: the dates the article gives, as month-day and year ("--09-05" and
  "2016-09-05" share the day): reports of one event name the same days;
* ``numbers``: the numbers it gives ("23", "160"; "5.6" counts as 5 and 6): scores,
  magnitudes, tolls and sums tell two same-kind events apart.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import Stemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.model import Analysis, Article

HASH_BITS = 20
HASH_MASK = (1 << HASH_BITS) - 1
SIGNALS = ("words", "names", "dates", "numbers")  # signal i owns ids [i << HASH_BITS, (i + 1) << HASH_BITS)
FEATURE_SPACE = len(SIGNALS) << HASH_BITS
_NAMES, _DATES, _NUMBERS = (SIGNALS.index(s) << HASH_BITS for s in ("names", "dates", "numbers"))

# Entity labels that name who/where/what; numbers, dates and ordinals are not identities.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})

# Words are split at everything that is neither letter nor digit in the Latin blocks and
# general punctuation: str.translate + split is several times faster than a regex tokenizer.
_SEPARATORS = {c: " " for c in (*range(0x250), *range(0x2000, 0x2070)) if not chr(c).isalnum()}
# The same for ASCII text as a byte table: bytes.translate is a plain table lookup per byte.
_ASCII_SEPARATORS = bytes(ord(" ") if c < 0x80 and c in _SEPARATORS else c for c in range(256))
# Other text: its few non-ASCII separators by regex, then the byte table on its UTF-8 (whose
# non-ASCII bytes the table leaves alone): several times faster than str.translate's dict.
_NON_ASCII_SEPARATORS = re.compile("[" + "".join(re.escape(chr(c)) for c in _SEPARATORS if c > 127) + "]")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
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
_STEMMER = Stemmer.Stemmer("english")  # stateless without its cache; safe to share
# _WordIdMemo already keeps each word's id: PyStemmer's own cache would only add its upkeep, which
# costs three times the stemming itself on a stream's new words (names, above all).
_STEMMER.maxCacheSize = 0


def feature_id(kind: str, value: str) -> int:
    return zlib.crc32(f"{kind}:{value}".encode()) & HASH_MASK


def _word_ids(words: list[str]) -> list[int]:
    """Feature id of each lowercased token: its stem's, a year's (both ``words``), a number's
    (``numbers``: "5.6" is read as 5 and 6), or -1 (stop word, single letter, other token).

    The stems are taken in one batch (PyStemmer's ``stemWords``).
    """
    content = [w for w in words if w.isalpha() and len(w) > 1 and w not in _STOP]
    ids = dict(zip(content, (feature_id("w", stem) for stem in _STEMMER.stemWords(content)), strict=True))
    return [ids.get(w, -1) if w.isalpha() else _number_id(w) for w in words]


def _number_id(token: str) -> int:
    if not token.isdigit():
        return -1
    return feature_id("w", token) if _YEAR.fullmatch(token) else _NUMBERS | feature_id("#", token.lstrip("0") or "0")


class _WordIdMemo:
    """Bounded memo token -> feature id: stemming and hashing a word cost far more than looking it up.

    A plain dict, not ``lru_cache``: a whole text is looked up with ``map(dict.get)`` in C. Its
    values are a pure function of the key, so sharing it or clearing it when full changes no result.
    """

    def __init__(self, max_size: int = 1 << 18) -> None:
        self.max_size = max_size
        self._ids: dict[str, int] = {}

    def counts(self, tokens: list[str]) -> Counter[int]:
        """Occurrences of each feature id among ``tokens``, in order of first occurrence."""
        known = self._ids
        new = set(tokens).difference(known)
        if new:
            if len(known) + len(new) > self.max_size:
                known.clear()  # bounded memory; everything this text needs is added right below
                new = set(tokens)
            words = list(new)
            known.update(zip(words, _word_ids(words), strict=True))
        return Counter(map(known.__getitem__, tokens))


_WORD_IDS = _WordIdMemo()


@dataclass(slots=True)
class ArticleFeatures:
    """What the clusterer needs of one article: a sparse term vector and a time estimate."""

    ids: np.ndarray  # distinct feature ids (int64)
    tf: np.ndarray  # their sublinear term frequencies (float64)
    day: int | None  # proleptic ordinal of the article's date, when known


def extract_features(article: Article, analysis: Analysis | None, *, title_repeats: int = 2) -> ArticleFeatures:
    """``title_repeats``: the title's words count as if the title were written that many times."""
    # The clusterer's hot path: tokens map straight to (memoised) feature ids and are
    # counted in C; per-feature arithmetic is done on arrays.
    tokens = _tokens(article.text)
    if article.title:
        tokens += _tokens(article.title) * title_repeats  # one count for text and titles
    counts = _WORD_IDS.counts(tokens)
    counts.pop(-1, None)  # stop words, single letters
    published = parse_day(article.published)
    # The explicit dates of the text, read once: for the date features without an analysis, and for
    # the article's date when it has no `published` one.
    written = text_days(article.text) if analysis is None or published is None else []
    if analysis is not None:
        counts.update(_name_features(analysis))  # counted in C straight into `counts`
        counts.update(_date_counts(analysis))
    else:
        counts.update(_written_date_counts(written))
    # One array each (numpy calls on small arrays cost more than their work).
    ids = np.fromiter(counts, dtype=np.int64, count=len(counts))
    tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
    return ArticleFeatures(ids=ids, tf=tf, day=_article_day(published, written, analysis))


def signal_of(ids: np.ndarray) -> np.ndarray:
    """Index in ``SIGNALS`` of each feature id."""
    return ids >> HASH_BITS


def _tokens(text: str) -> list[str]:
    text = text.lower()
    if text.isascii():  # most news text: the byte table is faster than str.translate's dict
        return text.encode("ascii").translate(_ASCII_SEPARATORS).decode("ascii").split()
    utf8 = _NON_ASCII_SEPARATORS.sub(" ", text).encode("utf-8", "surrogatepass")
    return utf8.translate(_ASCII_SEPARATORS).decode("utf-8", "surrogatepass").split()


_NAME_WORD = re.compile(r"[^\W\d_]{3,}")


def _name_features(analysis: Analysis) -> Iterator[int]:
    """The name feature of each word of each name (a word as often as it occurs)."""
    return chain.from_iterable(_name_ids(e.canonical or e.text) for e in analysis.entities if e.label in ENTITY_LABELS)


# Bounded memo, a pure function of its argument: the same names recur across a stream's articles.
@lru_cache(maxsize=1 << 16)
def _name_ids(name: str) -> tuple[int, ...]:
    return tuple(_NAMES | feature_id("n", w) for w in _NAME_WORD.findall(name.casefold()) if w not in _STOP)


def _date_counts(analysis: Analysis) -> Counter[int]:
    """Month-day and year of each resolved date ("2016-09-05", "--09-05", "2016"); ranges are left out."""
    counts: Counter[int] = Counter()
    for mention in analysis.dates:
        value = mention.value or ""
        if len(value) == 10 and value[4] == "-":  # YYYY-MM-DD
            counts[_DATES | feature_id("md", value[5:])] += 1
            counts[_DATES | feature_id("y", value[:4])] += 1
        elif len(value) == 7 and value.startswith("--"):  # --MM-DD, year unknown
            counts[_DATES | feature_id("md", value[2:])] += 1
        elif len(value) in (4, 7) and value[:4].isdigit():  # YYYY or YYYY-MM
            counts[_DATES | feature_id("y", value[:4])] += 1
    return counts


def _written_date_counts(written: list[int]) -> Counter[int]:
    """The same from the explicit full dates of the text (``text_days``), when there is no analysis."""
    counts: Counter[int] = Counter()
    for ordinal in written:
        day = dt.date.fromordinal(ordinal)
        counts[_DATES | feature_id("md", f"{day.month:02d}-{day.day:02d}")] += 1
        counts[_DATES | feature_id("y", str(day.year))] += 1
    return counts


# --------------------------------------------------------------------------- time


def parse_day(value: str | None) -> int | None:
    """Ordinal of an ISO date or datetime ("2016-09-05", "2016-09-05T10:00:00Z"); None otherwise."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _article_day(published: int | None, written: list[int], analysis: Analysis | None) -> int | None:
    """The article's date: its ``published`` date, else the latest explicit full date in its text
    (``written``) or its analysis.

    The latest explicit date is a fair estimate of when undated news was written:
    reports look back (earlier dates) far more often than they give future dates.
    """
    if published is not None:
        return published
    days = list(written)
    if analysis is not None:
        days += [d for d in (parse_day(m.value) for m in analysis.dates) if d is not None]
    return max(days) if days else None


def text_days(text: str) -> list[int]:
    """Ordinals of the explicit full dates of ``text``: month-day-year ones, then day-month-year, then ISO."""
    if not _YEAR_AT.search(text):  # every explicit date holds a year
        return []
    text, windows = _year_windows(text)
    days = []
    for month, day, year in _matches(_DATE_MDY, text, windows):
        days.append(_ordinal(int(year), _MONTHS[month.lower()], int(day)))
    for day, month, year in _matches(_DATE_DMY, text, windows):
        days.append(_ordinal(int(year), _MONTHS[month.lower()], int(day)))
    for year, month, day in _matches(_DATE_ISO, text, windows):
        days.append(_ordinal(int(year), int(month), int(day)))
    return [d for d in days if d is not None]


# Scanning a whole text with the case-insensitive date patterns costs about 0.5 ms an article (the clusterer
# reads the dates of every text it gets without an analysis); every match holds a year, so only the few
# places near one are searched. Runs of white space are first made single spaces (the patterns' \s+ match
# either alike, and \b sees the same word edges): a match is then at most 21 characters up to its year's
# end (ISO: 10 from its start), so it lies in the window around its year. Windows that overlap are merged:
# no match is cut or found twice, and the matches come in the order a scan of the whole text gives.
_YEAR_AT = re.compile(r"(?:19|20)\d\d")
_BEFORE_YEAR, _AFTER_YEAR = 22, 12


def _year_windows(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with single spaces, and the merged (start, end) windows around its years."""
    text = " ".join(text.split())
    windows: list[tuple[int, int]] = []
    for year in _YEAR_AT.finditer(text):
        start, end = max(0, year.start() - _BEFORE_YEAR), min(len(text), year.end() + _AFTER_YEAR)
        if windows and start <= windows[-1][1]:
            start = windows.pop()[0]
        windows.append((start, end))
    return text, windows


def _matches(pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]) -> list[tuple[str, ...]]:
    """``pattern.findall(text)``, searched in ``windows`` only: ``finditer`` from a start still sees the
    character before it, and each window reaches past its matches' ends, so \b is judged as in the whole text."""
    return [m.groups() for start, end in windows for m in pattern.finditer(text, start, end)]


def _ordinal(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).toordinal()
    except ValueError:
        return None
