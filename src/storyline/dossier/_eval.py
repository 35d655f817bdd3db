"""`storyline eval dossier` and `storyline bench dossier`: provenance checks on gold events, build speed.

Provenance is checked against the analysed texts, not taken from the dossier: a
summary sentence passes when every article it cites holds, at the cited offsets,
the same text, and that text carries at least half of the sentence's content terms;
a corroborated fact passes when at least two independent articles hold a cited span
that is what the dossier says it is and shares >= 2 content terms with the fact.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.dossier._build import build_dossier
from storyline.dossier._provenance import coverage
from storyline.dossier._statements import content_terms
from storyline.ingest import IngestError, read_sources
from storyline.model import Analysis, Article, Dossier


@dataclass(slots=True)
class EventScore:
    event: str
    articles: int
    facts: int
    corroborated: int
    corroborated_ok: int
    contradictions: int
    quotes: int
    summary: int
    summary_ok: int


def _span_holds(span: dict, texts: dict[tuple[str, str], str]) -> bool:
    text = texts.get((span["article_id"], span.get("field", "text")))
    return text is not None and text[span["start"] : span["end"]] == span["text"]


def score_dossier(dossier: Dossier, texts: dict[tuple[str, str], str]) -> EventScore:
    """Check one dossier's summary citations and corroborated facts against the article texts."""
    summary_ok = 0
    for sentence in dossier.summary:
        spans = {s["article_id"]: s for s in sentence["support"]}
        summary_ok += bool(sentence["citations"]) and all(
            c in spans and _span_holds(spans[c], texts) and coverage(sentence["text"], spans[c]["text"]) >= 0.5
            for c in sentence["citations"]
        )
    corroborated = [f for f in dossier.facts if f["status"] == "corroborated"]
    corroborated_ok = 0
    for fact in corroborated:
        wanted = set(content_terms(fact["text"]))
        holding = {
            s["article_id"]
            for s in fact["support"]
            if _span_holds(s, texts) and len(wanted & set(content_terms(s["text"]))) >= 2
        }
        corroborated_ok += len(holding) >= 2
    return EventScore(
        dossier.event_id, len(dossier.articles), len(dossier.facts), len(corroborated), corroborated_ok,
        len(dossier.contradictions), len(dossier.quotes), len(dossier.summary), summary_ok,
    )  # fmt: skip


def read_gold_events(path: Path) -> dict[str, list[Article]]:
    """Articles of an Article JSONL file grouped by their ``gold_event`` field, in file order.

    Read with the ingest stage's reader, so bad lines are reported the same way everywhere
    (one line on stderr each) and skipped.
    """
    events: dict[str, list[Article]] = {}
    for item in read_sources([path]):
        if isinstance(item, IngestError):
            print(item, file=sys.stderr)
        elif "gold_event" not in item.meta:
            raise ValueError(f"{path}: article {item.id!r} has no gold_event")
        else:
            events.setdefault(str(item.meta["gold_event"]), []).append(item)
    return events


def _texts(articles: Iterable[Article], analyses: Iterable[Analysis]) -> dict[tuple[str, str], str]:
    texts = {(a.article_id, "text"): a.text for a in analyses}
    texts |= {(a.id, "title"): a.title for a in articles if a.title}
    return texts


def evaluate(events: dict[str, list[Article]], analyses: dict[str, Analysis]) -> list[EventScore]:
    scores = []
    for event_id, articles in sorted(events.items()):
        own = [analyses[a.id] for a in articles if a.id in analyses]
        dossier = build_dossier(event_id, articles, own)
        scores.append(score_dossier(dossier, _texts(articles, own)))
    return scores


def benchmark(articles: Sequence[Article], analyses: Sequence[Analysis], repeats: int = 3) -> dict[str, float]:
    """Seconds to build one dossier of all ``articles`` (analysis excluded): best and median of runs."""
    build_dossier("bench", articles, analyses)  # warm caches (stemmer, word frequencies) like a running server
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        build_dossier("bench", articles, analyses)
        times.append(time.perf_counter() - start)
    return {"articles": len(articles), "best_s": min(times), "median_s": statistics.median(times)}
