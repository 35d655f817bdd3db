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
_CLAUSE_BREAK = re.compile(r"[;:]\s+|,\s+(?=(?:and|but|while|whereas|although|though|adding|saying)\b)")
_CLAUSE_END = " –—-;:,"  # left at a clause's end by the cut
_DASH = re.compile(r"\s[–—-]\s")
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


_MENT_BASE = 5  # shortest verb left after "-ment" that is folded ("agree"-ment; not "com"-ment, "mo"-ment)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Lower-cased Snowball stem of one word (cached: the same words recur across articles).

    Snowball keeps "agreement" apart from "agreed"/"agree"; a nominalisation in "-ment"
    is folded onto its verb's stem so that "reached an agreement" meets "agreed".
    """
    word = word.lower().replace("’", "'")
    if word.endswith(("ment", "ments")):
        base = word[: word.rindex("ment")]
        if len(base) >= _MENT_BASE:
            return _stemmer.stemWord(base)
    return _stemmer.stemWord(word)


# Relative time ("in the next few days", "over the coming days", "last week") normalised to a
# direction and a unit: two outlets rarely word it alike, but it tells when a thing happens.
_TIME_UNIT = re.compile(r"\b(hour|day|week|month|year)s?\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:next|coming|following|upcoming|ahead|within)\b", re.IGNORECASE)
_PAST = re.compile(r"\b(?:last|past|previous|recent|earlier|ago)\b", re.IGNORECASE)
TIME_PREFIX = "time:"


def relative_time_key(text: str) -> str | None:
    """"time:+day" for "the next few days", "time:-week" for "last week"; None when not relative."""
    unit = _TIME_UNIT.search(text)
    if unit is None:
        return None
    direction = "+" if _FUTURE.search(text) else "-" if _PAST.search(text) else None
    return None if direction is None else f"{TIME_PREFIX}{direction}{unit.group(1).lower()}"


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
    parent: int | None = None  # for a clause: index of the sentence it is part of
    claim_terms: frozenset[str] = frozenset()  # content stems outside entity names: what is claimed

    @property
    def quoted_speakers(self) -> frozenset[str]:
        """Named speakers of the direct quotes in this statement ("he" or "a U.S. official" are not names)."""
        return frozenset(q.speaker.casefold() for q in self.quotes if q.kind == "direct" and is_named_speaker(q.speaker))

    @property
    def root(self) -> int:
        """Index of the whole sentence (itself unless a clause)."""
        return self.index if self.parent is None else self.parent

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


_NOT_A_NAME = frozenset("a an the he she they it we i you his her their its this that one another some".split())


def is_named_speaker(speaker: str | None) -> bool:
    """True for a speaker that names someone ("Barack Obama"), not a pronoun or a description."""
    if not speaker or not speaker[:1].isupper():
        return False
    return speaker.split()[0].casefold() not in _NOT_A_NAME


def claim_terms(text: str, start: int, entities: Sequence[Entity]) -> frozenset[str]:
    """Content stems of ``text`` (which starts at ``start``) with entity names blanked out.

    Two sentences about one event share its names ("Obama", "Putin") whatever they
    claim; what they claim is in the other words.
    """
    chars = list(text)
    for entity in entities:
        for i in range(max(entity.start - start, 0), min(entity.end - start, len(chars))):
            chars[i] = " "
    return frozenset(content_terms("".join(chars)))


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
        claim_terms=frozenset(content_terms(title)),  # no entity spans are known in a title
    )


def _clause_cuts(text: str) -> list[int]:
    """Offsets in ``text`` where a new clause starts.

    Cuts at semicolons, colons, dashes and ", and/but/while ..." (a light, parser-free rule:
    the dossier must not run spaCy again). Of a pair of dashes only the second cuts: the
    aside between them stays with the clause it interrupts.
    """
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    dashes = [m.end() for m in _DASH.finditer(text)]
    cuts += [end for i, end in enumerate(dashes) if i % 2 == 1 or i == len(dashes) - 1]
    return sorted(set(cuts))


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` of ``text`` cut into clauses of at least ``_MIN_WORDS`` words each."""
    pieces: list[tuple[int, int]] = []
    bounds = [start] + [start + cut for cut in _clause_cuts(text[start:end])] + [end]
    for lo, hi in zip(bounds, bounds[1:]):
        lo, hi = _trimmed(text, lo, hi)
        while hi > lo and text[hi - 1] in _CLAUSE_END:
            hi -= 1
        if lo >= hi:
            continue
        if pieces and len(WORD.findall(text[pieces[-1][0] : pieces[-1][1]])) < _MIN_WORDS:
            pieces[-1] = (pieces[-1][0], hi)  # too short to stand alone: join the next clause
        elif pieces and len(WORD.findall(text[lo:hi])) < _MIN_WORDS:
            pieces[-1] = (pieces[-1][0], hi)
        else:
            pieces.append((lo, hi))
    return pieces


def _statement(
    analysis: Analysis, source: str | None, family: str, index: int, position: int, span: tuple[int, int], parent: int | None
) -> Statement | None:
    start, end = span
    text = analysis.text[start:end]
    if len(WORD.findall(text)) < _MIN_WORDS:
        return None
    entities = _inside(analysis.entities, start, end)
    dates = _inside(analysis.dates, start, end)
    weights = term_weights(text) | {entity_key(e): ENTITY_WEIGHT for e in entities}
    terms = content_terms(text) + [entity_key(e) for e in entities]
    for key in filter(None, (relative_time_key(d.text) for d in dates)):
        weights[key] = ENTITY_WEIGHT
        terms.append(key)
    if not terms:
        return None
    return Statement(
        index=index,
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
        dates=dates,
        quotes=_overlapping(analysis.quotes, start, end),
        parent=parent,
        claim_terms=claim_terms(text, start, entities),
    )


def build_statements(
    articles: Mapping[str, Article],
    analyses: Sequence[Analysis],
    families: Mapping[str, str],
    *,
    clause_min_words: int = 20,
) -> list[Statement]:
    """Every sentence of every analysis that says something, in article then text order.

    A sentence of at least ``clause_min_words`` words is followed by its clauses (``parent``
    set to the sentence's index): one clause of a long sentence can state what another
    outlet says in a sentence of its own.
    """
    statements: list[Statement] = []
    for analysis in analyses:
        article = articles[analysis.article_id]
        source = outlet_of(article)
        family = families.get(analysis.article_id, analysis.article_id)
        headline = _headline(article, analysis, len(statements), family)
        if headline is not None:
            statements.append(headline)
        pieces = (piece for sentence in analysis.sentences for piece in _lines(analysis.text, sentence.start, sentence.end))
        for position, span in enumerate(pieces, start=1):
            sentence = _statement(analysis, source, family, len(statements), position, span, None)
            if sentence is None:
                continue
            statements.append(sentence)
            if len(WORD.findall(sentence.text)) < clause_min_words:
                continue
            parts = clauses(analysis.text, *span)
            for part in parts if len(parts) > 1 else ():
                clause = _statement(analysis, source, family, len(statements), position, part, sentence.index)
                if clause is not None:
                    statements.append(clause)
    _drop_names_from_headlines(statements)
    return statements


def _drop_names_from_headlines(statements: list[Statement]) -> None:
    """Headlines have no entity spans (titles are not analysed, and title case hides names):
    take the event's name words out of their claim terms."""
    names = frozenset(term for s in statements for e in s.entities for term in content_terms(e.text))
    for statement in statements:
        if statement.part == "title":
            statement.claim_terms -= names
