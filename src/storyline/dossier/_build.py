"""build_dossier: from one event's articles and analyses to a Dossier."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.dossier._contradictions import find_contradictions
from storyline.dossier._facts import CORROBORATED, DISPUTED, SINGLE_SOURCE, AlignedFact, align_facts, statement_vectors
from storyline.dossier._framing import framing
from storyline.dossier._quotes import merge_quotes, quote_links
from storyline.dossier._statements import Statement, build_statements, outlet_of
from storyline.dossier._summary import summarize
from storyline.dossier._w5h1 import w5h1
from storyline.model import Analysis, Article, Dossier, SourceSpan, published_order


# spaCy labels of numbers and times: not "main entities" of an event.
_UNNAMED_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"})


class DossierInputError(ValueError):
    """The articles and analyses given to build_dossier do not fit together."""


@dataclass(slots=True, frozen=True)
class DossierSettings:
    """Knobs of dossier building; the defaults work for news events of 2 to a few hundred articles."""

    align_threshold: float = 0.2  # TF-IDF cosine for two statements to state one fact
    align_min_shared: int = 2  # ... and at least this many shared terms
    quote_min_ratio: float = 85.0  # rapidfuzz ratio for two wordings of one quote
    summary_max_sentences: int = 6
    max_entities: int = 15
    leads_per_article: int = 2
    clause_min_words: int = 20  # sentences this long are also aligned clause by clause


def _check_inputs(event_id: str, articles: Sequence[Article], analyses: Sequence[Analysis]) -> dict[str, Article]:
    by_id = {a.id: a for a in articles}
    missing = sorted({a.article_id for a in analyses} - by_id.keys())
    if missing:
        raise DossierInputError(
            f"event {event_id}: analyses for articles not in the event: {', '.join(missing)}; "
            "pass the Article of every analysed article"
        )
    return by_id


def _fact_records(facts: Sequence[AlignedFact], statements: Sequence[Statement]) -> tuple[list[dict], list[dict]]:
    """Fact records (one per stated sentence) and the contradictions found in them."""
    records: list[dict] = []
    contradictions: list[dict] = []
    seen_pairs: set[tuple] = set()
    record_of_sentence: dict[int, int] = {}
    families: list[set[str]] = []
    for fact in facts:
        # A clause aligns better than its long sentence, but alone it can read as a fragment
        # ("and the city of Bandar Abbas, state media said"): a fact is stated in its whole
        # sentence, and facts aligned on two clauses of one sentence become one record.
        stated = statements[fact.anchor.root]
        number = record_of_sentence.setdefault(stated.index, len(records))
        if number == len(records):
            records.append({"text": stated.text, "status": SINGLE_SOURCE, "families": 0,
                            "anchor": stated.span(), "clauses": [], "support": []})  # fmt: skip
            families.append(set())
        record = records[number]
        if fact.anchor is not stated:
            record["clauses"].append(fact.anchor.span())
        known = {(s["article_id"], s["start"], s["end"]) for s in record["support"]}
        for member in fact.members:
            span = {**member.span(), "score": round(fact.scores.get(member.index, 0.0), 3)}
            if (span["article_id"], span["start"], span["end"]) not in known:
                record["support"].append(span)
        families[number] |= fact.families
        found = find_contradictions(fact)
        for item in found:
            # One pair of accounts can sit in several facts (a sentence and its clause): report it once.
            pair = (item["kind"], *sorted((s["article_id"], s["start"], s.get("value_start")) for s in (item["a"], item["b"])))
            if pair not in seen_pairs:
                seen_pairs.add(pair)
                contradictions.append({"fact": number, **item})
        disputed = record["status"] == DISPUTED or bool(found)
        record["families"] = len(families[number])
        record["status"] = DISPUTED if disputed else CORROBORATED if len(families[number]) >= 2 else SINGLE_SOURCE
    return records, contradictions


def _entities(analyses: Sequence[Analysis], limit: int) -> list[dict]:
    mentions: Counter = Counter()
    articles: dict[tuple[str, str], set[str]] = {}
    for analysis in analyses:
        for entity in analysis.entities:
            if entity.label in _UNNAMED_LABELS:
                continue
            key = (entity.canonical, entity.label)
            mentions[key] += 1
            articles.setdefault(key, set()).add(analysis.article_id)
    ranked = sorted(mentions, key=lambda k: (-len(articles[k]), -mentions[k], k))[:limit]
    return [{"canonical": c, "label": lbl, "mentions": mentions[(c, lbl)], "articles": sorted(articles[(c, lbl)])} for c, lbl in ranked]


def _time_span(articles: Sequence[Article], statements: Sequence[Statement]) -> dict[str, str | None]:
    published = sorted((a.published for a in articles if a.published), key=published_order)
    if published:
        return {"start": published[0], "end": published[-1], "basis": "published"}
    # No publication dates: fall back on the full dates the articles mention (never guessed ones).
    mentioned = sorted({d.value for s in statements for d in s.dates if d.value and len(d.value) == 10 and d.value[4] == "-"})
    if mentioned:
        return {"start": mentioned[0], "end": mentioned[-1], "basis": "mentioned"}
    return {"start": None, "end": None, "basis": None}


def _leads(statements: Sequence[Statement], per_article: int) -> list[SourceSpan]:
    taken: Counter = Counter()
    leads = []
    for statement in statements:
        if taken[statement.article_id] < per_article:
            taken[statement.article_id] += 1
            leads.append(SourceSpan(statement.article_id, statement.source, statement.start, statement.end, statement.text))
    return leads


def _title(articles: Sequence[Article], facts: Sequence[AlignedFact]) -> str:
    """The headline of the article behind the best-supported fact, else that fact's text."""
    titles = {a.id: a.title for a in articles if a.title}
    for fact in facts:
        for member in fact.members:
            if member.article_id in titles:
                return titles[member.article_id]
    return facts[0].anchor.text if facts else next(iter(titles.values()), "")


def build_dossier(
    event_id: str,
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    *,
    families: Mapping[str, str] | None = None,
    settings: DossierSettings | None = None,
) -> Dossier:
    """The dossier of one event.

    ``families`` maps article id -> report family (syndicated or near-duplicate copies
    share one and count once for corroboration); None makes every article its own family.
    Articles without an analysis appear in the article list and headlines only.
    """
    settings = settings or DossierSettings()
    by_id = _check_inputs(event_id, articles, analyses)
    order = {a.id: i for i, a in enumerate(articles)}
    analyses = sorted(analyses, key=lambda a: order[a.article_id])
    statements = build_statements(by_id, analyses, families or {}, clause_min_words=settings.clause_min_words)
    sentences = [s for s in statements if s.parent is None]  # clauses only serve alignment
    quotes = merge_quotes(by_id, analyses, min_ratio=settings.quote_min_ratio)
    vectors = statement_vectors(statements) if statements else None
    facts = (
        align_facts(
            statements,
            vectors,
            threshold=settings.align_threshold,
            min_shared=settings.align_min_shared,
            links=quote_links(quotes, statements),
        )
        if statements
        else []
    )
    fact_records, contradictions = _fact_records(facts, statements)
    return Dossier(
        event_id=event_id,
        title=_title(articles, facts),
        time_span=_time_span(articles, statements),
        outlets=sorted({outlet_of(a) for a in articles if outlet_of(a)}),
        articles=[
            {"id": a.id, "title": a.title, "source": outlet_of(a), "published": a.published, "url": a.url, "credits": list(a.credits)}
            for a in articles
        ],
        entities=_entities(analyses, settings.max_entities),
        leads=_leads(sentences, settings.leads_per_article),
        facts=fact_records,
        contradictions=contradictions,
        quotes=quotes,
        framing=framing(articles, {a.article_id: a for a in analyses}, sentences),
        w5h1=w5h1(sentences, facts),
        summary=summarize(facts, vectors, max_sentences=settings.summary_max_sentences) if facts else [],
    )
