"""Statements: the sentence-level units a dossier aligns, with the features alignment needs.

A statement is a span of one analysed article (offsets into ``Analysis.text``) plus
the terms that describe its content: word stems without stop words, canonical
entity keys and numbers. Nothing here copies text that the article does not hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from wordfreq import zipf_frequency
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.model import Analysis, Article, DateMention, Entity, Quote, outlet_of

_LINE = re.compile(r"[^\n]+")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_MIN_WORDS = 4  # shorter "sentences" are captions, bylines or debris, not statements
# Reporting verbs say that something was said, not what: they must not make two statements look alike.
_REPORTING = frozenset(
    "say says said saying tell told tells add added adding according told reporters also".split()
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | _REPORTING

_stemmer = snowballstemmer.stemmer("english")
_MAX_ZIPF = 8.0  # Zipf frequency of the commonest words ("the" is 7.7)
_MIN_WEIGHT = 1.0
ENTITY_WEIGHT = 4.0  # a named entity tells about as much as a fairly rare word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Lower-cased Snowball stem of one word (cached: the same words recur across articles)."""
    return _stemmer.stemWord(word.lower().replace("’", "'"))


@lru_cache(maxsize=65536)
def informativeness(word: str) -> float:
    """How much a word tells, from its frequency in general English (wordfreq Zipf scale, 0-8).

    "said" or "meeting" tell little; "businesslike" or "intrusions" a lot. Small events
    have too few sentences for their own IDF to know this.
    """
    return max(_MIN_WEIGHT, _MAX_ZIPF - zipf_frequency(word, "en"))


def term_weights(text: str) -> dict[str, float]:
    """Content term -> its informativeness (of the rarest word with that stem)."""
    weights: dict[str, float] = {}
    for match in WORD.finditer(text):
        word = match.group().lower()
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        term = stem(word)
        weights[term] = max(weights.get(term, 0.0), informativeness(word))
    return weights


def content_terms(text: str) -> list[str]:
    """Stems of the content words of ``text`` (stop words and reporting verbs left out)."""
    terms = []
    for match in WORD.finditer(text):
        word = match.group().lower()
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        terms.append(stem(word))
    return terms


def entity_key(entity: Entity) -> str:
    return "ent:" + entity.canonical.casefold()


@dataclass(slots=True)
class Statement:
    """One sentence of one article, with its content features."""

    index: int  # position in the event's statement list
    article_id: str
    family: str  # report family: syndicated copies share one
    source: str | None
    position: int  # sentence number in its article
    start: int
    end: int
    text: str
    terms: list[str] = field(default_factory=list)  # stems + entity keys
    weights: dict[str, float] = field(default_factory=dict)  # term -> informativeness
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    part: str = "text"  # which Article field the span indexes: "text", or "title" for the headline

    def span(self) -> dict[str, object]:
        span: dict[str, object] = {
            "article_id": self.article_id,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }
        if self.part != "text":
            span["field"] = self.part
        return span


def _inside(items: Iterable, start: int, end: int) -> list:
    return [item for item in items if item.start >= start and item.end <= end]


def _overlapping(items: Iterable, start: int, end: int) -> list:
    return [item for item in items if item.start < end and item.end > start]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so that it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A sentence cut at line breaks: a break inside a "sentence" ends a headline, caption or paragraph."""
    for match in _LINE.finditer(text, start, end):
        piece = _trimmed(text, match.start(), match.end())
        if piece[0] < piece[1]:
            yield piece


def _headline(article: Article, analysis: Analysis, index: int, family: str) -> Statement | None:
    """The title as a statement of its own (span into ``Article.title``) when the text does not hold it."""
    title = (article.title or "").strip()
    if len(WORD.findall(title)) < _MIN_WORDS or analysis.text.lstrip().startswith(title):
        return None
    start = article.title.index(title)
    return Statement(
        index=index,
        article_id=article.id,
        family=family,
        source=outlet_of(article),
        position=0,
        start=start,
        end=start + len(title),
        text=title,
        terms=content_terms(title),
        weights=term_weights(title),
        part="title",
    )


def build_statements(
    articles: Mapping[str, Article],
    analyses: Sequence[Analysis],
    families: Mapping[str, str],
) -> list[Statement]:
    """Every sentence of every analysis that says something, in article then text order."""
    statements: list[Statement] = []
    for analysis in analyses:
        article = articles[analysis.article_id]
        source = outlet_of(article)
        family = families.get(analysis.article_id, analysis.article_id)
        headline = _headline(article, analysis, len(statements), family)
        if headline is not None:
            statements.append(headline)
        pieces = (piece for sentence in analysis.sentences for piece in _lines(analysis.text, sentence.start, sentence.end))
        for position, (start, end) in enumerate(pieces, start=1):
            text = analysis.text[start:end]
            if len(WORD.findall(text)) < _MIN_WORDS:
                continue
            entities = _inside(analysis.entities, start, end)
            weights = term_weights(text) | {entity_key(e): ENTITY_WEIGHT for e in entities}
            terms = content_terms(text) + [entity_key(e) for e in entities]
            if not terms:
                continue
            statements.append(
                Statement(
                    index=len(statements),
                    article_id=analysis.article_id,
                    family=family,
                    source=source,
                    position=position,
                    start=start,
                    end=end,
                    text=text,
                    terms=terms,
                    weights=weights,
                    entities=entities,
                    dates=_inside(analysis.dates, start, end),
                    quotes=_overlapping(analysis.quotes, start, end),
                )
            )
    return statements
