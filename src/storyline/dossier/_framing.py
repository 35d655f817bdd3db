"""Framing: headlines side by side, which sub-topics each article covered, whose voices it quoted.

Sub-topics are the event's recurring terms (canonical entities and word stems that
occur in at least ``min_statements`` statements), minus the event's core terms that
run through most statements (the main actors). Terms that keep occurring together
("Kerry", "Lavrov") are merged into one sub-topic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from storyline.dossier._statements import WORD, Statement, content_terms, stem, outlet_of
from storyline.model import Analysis, Article

# Nationalities (NORP) describe actors, they do not name what was discussed.
_TOPIC_LABELS = ("GPE", "LOC", "ORG", "PERSON", "EVENT", "LAW", "FAC", "PRODUCT", "WORK_OF_ART")
_MIN_INFORMATIVENESS = 3.5  # words at least this rare (Zipf <= 4.5) can name a sub-topic: "cyber", not "president"


def _surface_names(statements: Sequence[Statement]) -> dict[str, str]:
    """term -> how articles write it (entity canonical name, or the commonest word with that stem)."""
    words: dict[str, Counter] = {}
    names: dict[str, str] = {}
    for statement in statements:
        for entity in statement.entities:
            names.setdefault("ent:" + entity.canonical.casefold(), entity.canonical)
        for word in WORD.findall(statement.text):
            words.setdefault(stem(word), Counter())[word.lower()] += 1
    for term, counter in words.items():
        names.setdefault(term, min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0])
    return names


def _topic_terms(statements: Sequence[Statement], *, min_statements: int, core_share: float) -> dict[str, set[int]]:
    """Recurring, non-core terms -> the statements they occur in."""
    occurs: dict[str, set[int]] = {}
    for statement in statements:
        keys = {"ent:" + e.canonical.casefold() for e in statement.entities if e.label in _TOPIC_LABELS}
        entity_words = {stem(w) for e in statement.entities for w in WORD.findall(e.text)}
        keys |= {
            t
            for t, weight in statement.weights.items()
            if not t.startswith("ent:") and weight >= _MIN_INFORMATIVENESS and len(t) >= 4 and t not in entity_words
        }
        for key in keys:
            occurs.setdefault(key, set()).add(statement.index)
    limit = core_share * len(statements)
    return {t: s for t, s in occurs.items() if min_statements <= len(s) <= limit}


def sub_topics(
    statements: Sequence[Statement],
    *,
    max_topics: int = 10,
    min_statements: int = 2,
    core_share: float = 0.35,
    merge_jaccard: float = 0.5,
) -> list[dict]:
    """The event's sub-topics, most discussed first: {label, terms, statements}."""
    terms = _topic_terms(statements, min_statements=min_statements, core_share=core_share)
    # Entities first (they name a sub-topic better than a word), then by how much they are discussed.
    ranked = sorted(terms, key=lambda t: (not t.startswith("ent:"), -len(terms[t]), t))
    names = _surface_names(statements)
    topics: list[dict] = []
    for term in ranked:
        found = terms[term]
        home = next((t for t in topics if _jaccard(t["statements"], found) >= merge_jaccard), None)
        if home is not None:
            home["terms"].append(term)
            home["statements"] |= found
        elif len(topics) < max_topics:
            topics.append({"terms": [term], "statements": set(found)})
    for topic in topics:
        topic["label"] = ", ".join(names.get(t, t) for t in topic["terms"][:2])
    return topics


def _in_headline(terms: Sequence[str], headline: set[str]) -> bool:
    """True when the headline names one of a sub-topic's terms (headlines carry no entity spans)."""
    for term in terms:
        words = set(content_terms(term.removeprefix("ent:"))) if term.startswith("ent:") else {term}
        if words and words <= headline:
            return True
    return False


def _jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def framing(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    statements: Sequence[Statement],
) -> dict:
    """Headlines, sub-topics with where each is mentioned, and per article: covered, missing, quote share."""
    topics = sub_topics(statements)
    by_index = {s.index: s for s in statements}
    per_article = []
    for article in articles:
        own = {s.index for s in statements if s.article_id == article.id}
        headline = set(content_terms(article.title or ""))
        covered = [t["label"] for t in topics if t["statements"] & own or _in_headline(t["terms"], headline)]
        per_article.append(
            {
                "article_id": article.id,
                "source": outlet_of(article),
                "covered": covered,
                "missing": [t["label"] for t in topics if t["label"] not in covered],
                "quote_share": _quote_share(analyses.get(article.id)),
            }
        )
    return {
        "headlines": [
            {"article_id": a.id, "source": outlet_of(a), "title": a.title, "published": a.published} for a in articles
        ],
        "topics": [
            {
                "label": t["label"],
                "terms": t["terms"],
                "mentions": [by_index[i].span() for i in _first_per_article(t["statements"], by_index)],
            }
            for t in topics
        ],
        "articles": per_article,
    }


def _first_per_article(indices: set[int], by_index: Mapping[int, Statement]) -> list[int]:
    first: dict[str, int] = {}
    for i in sorted(indices):
        first.setdefault(by_index[i].article_id, i)
    return list(first.values())


def _quote_share(analysis: Analysis | None) -> dict[str, float]:
    """Share of the article's quotes per speaker ("(unattributed)" when analysis found none)."""
    if analysis is None or not analysis.quotes:
        return {}
    counts = Counter(q.speaker or "(unattributed)" for q in analysis.quotes)
    total = sum(counts.values())
    return {speaker: round(n / total, 3) for speaker, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}
