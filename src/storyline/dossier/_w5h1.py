"""5W1H: who, what, when, where, why and how, each answer a span of some article.

Who is the people and organisations most articles name; where puts first the places
named as the venue of what happened (see ``_venues``), then the places most articles
name; when is the resolved date most articles give (from analysis, never guessed); what
is the best-supported fact; why and how are the best-supported statements with a cause
or a means cue (a simple lexical heuristic: empty when no statement has one).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from storyline.dossier._facts import AlignedFact
from storyline.dossier._statements import Statement, content_terms

_WHO_LABELS = ("PERSON", "ORG")  # NORP ("Russian", "Chinese") describes, it does not act
_WHERE_LABELS = ("GPE", "LOC", "FAC")
_WHY = re.compile(r"\b(?:because|due to|as a result of|in order to|in response to|caused by|blamed on|after|amid)\b", re.I)
# A place is named as a venue when a locative phrase ends on it: "in Hangzhou", "at the
# summit in the eastern Chinese city of Hangzhou", "struck the coastal city of Napier".
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|outside|inside|off)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"|\b(?:city|town|village|capital|province|region|state|island|port|county|district)\s+of\s+)$",
    re.IGNORECASE,
)
_VENUE_WINDOW = 60  # characters between the event's words and the place: one phrase, not the next clause
_HOW = re.compile(r"\b(?:by (?:\w+ing)|using|through|with the help of|armed with)\b", re.I)


def _span(statement: Statement, start: int, end: int) -> dict[str, object]:
    offset = start - statement.start
    return {
        "article_id": statement.article_id,
        "source": statement.source,
        "start": start,
        "end": end,
        "text": statement.text[offset : offset + end - start],
    }


def _ranked_entities(statements: Sequence[Statement], labels: tuple[str, ...], limit: int) -> list[dict]:
    """The names of ``labels`` most widely reported: by articles, then by mentions.

    A name takes the label most of its mentions carry across the event, so that a place the
    tagger once calls a person (or a time zone it calls an organisation) is judged by its
    usual reading, not by one slip.
    """
    votes: dict[str, Counter[str]] = {}
    found: dict[str, dict] = {}
    for statement in statements:
        for entity in statement.entities:
            votes.setdefault(entity.canonical, Counter())[entity.label] += 1
            item = found.setdefault(entity.canonical, {"text": entity.canonical, "support": {}})
            item["support"].setdefault(statement.article_id, _span(statement, entity.start, entity.end))
    kept = []
    for name, item in found.items():
        label, _ = max(votes[name].items(), key=lambda kv: (kv[1], kv[0]))
        if label in labels:
            kept.append({"text": name, "label": label, "support": item["support"], "mentions": sum(votes[name].values())})
    ranked = sorted(kept, key=lambda e: (-len(e["support"]), -e["mentions"], e["text"]))[:limit]
    return [{"text": e["text"], "label": e["label"], "support": list(e["support"].values())} for e in ranked]


def _when(statements: Sequence[Statement]) -> list[dict]:
    found: dict[str, dict[str, dict]] = {}
    for statement in statements:
        for date in statement.dates:
            if date.value:
                found.setdefault(date.value, {}).setdefault(statement.article_id, _span(statement, date.start, date.end))
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"value": value, "support": list(spans.values())} for value, spans in ranked]


def _cued(facts: Sequence[AlignedFact], cue: re.Pattern[str]) -> dict | None:
    for fact in facts:  # facts come best-supported first
        if cue.search(fact.anchor.text):
            return {"text": fact.anchor.text, "support": [m.span() for m in fact.members]}
    return None


def _venues(statements: Sequence[Statement], what: AlignedFact | None) -> dict[str, int]:
    """Place -> number of articles naming it as the venue of what happened.

    A venue is a place at the end of a locative phrase ("in", "at", "city of" ...) that
    closely follows one of the words (names aside) in which the articles state the
    event's best-supported fact ("meet", "summit", "earthquake"): Syria is *discussed* at
    a meeting held in Hangzhou.
    """
    if what is None:
        return {}
    names = {t for s in statements for e in s.entities for t in content_terms(e.text)}
    event_words = {t for m in what.members for t in content_terms(m.text)} - names
    found: dict[str, set[str]] = {}
    for statement in statements:
        for entity in statement.entities:
            if entity.label not in _WHERE_LABELS:
                continue
            before = statement.text[max(0, entity.start - statement.start - _VENUE_WINDOW) : entity.start - statement.start]
            if _LOCATIVE.search(before) and event_words & set(content_terms(before)):
                found.setdefault(entity.canonical, set()).add(statement.article_id)
    return {place: len(articles) for place, articles in found.items()}


def _where(statements: Sequence[Statement], what: AlignedFact | None, limit: int = 3) -> list[dict]:
    places = _ranked_entities(statements, _WHERE_LABELS, limit=len(statements) or 1)
    venues = _venues(statements, what)
    ranked = sorted(enumerate(places), key=lambda item: (-venues.get(item[1]["text"], 0), item[0]))
    return [place for _, place in ranked[:limit]]


def w5h1(statements: Sequence[Statement], facts: Sequence[AlignedFact]) -> dict:
    what = {"text": facts[0].anchor.text, "support": [m.span() for m in facts[0].members]} if facts else None
    return {
        "who": _ranked_entities(statements, _WHO_LABELS, 5),
        "what": what,
        "when": _when(statements),
        "where": _where(statements, facts[0] if facts else None),
        "why": _cued(facts, _WHY),
        "how": _cued(facts, _HOW),
    }
