"""5W1H: who, what, when, where, why and how, each answer a span of some article.

Who and where are the entities most articles name; when is the resolved date most
articles give (from analysis, never guessed); what is the best-supported fact; why
and how are the best-supported statements with a cause or a means cue (a simple
lexical heuristic: empty when no statement has one).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from storyline.dossier._facts import AlignedFact
from storyline.dossier._statements import Statement

_WHO_LABELS = ("PERSON", "ORG")  # NORP ("Russian", "Chinese") describes, it does not act
_WHERE_LABELS = ("GPE", "LOC", "FAC")
_WHY = re.compile(r"\b(?:because|due to|as a result of|in order to|in response to|caused by|blamed on|after|amid)\b", re.I)
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


def w5h1(statements: Sequence[Statement], facts: Sequence[AlignedFact]) -> dict:
    what = {"text": facts[0].anchor.text, "support": [m.span() for m in facts[0].members]} if facts else None
    return {
        "who": _ranked_entities(statements, _WHO_LABELS, 5),
        "what": what,
        "when": _when(statements),
        "where": _ranked_entities(statements, _WHERE_LABELS, 3),
        "why": _cued(facts, _WHY),
        "how": _cued(facts, _HOW),
    }
