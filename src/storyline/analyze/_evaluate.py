"""Scoring quotes against PolNeAR-style gold attributions (../shared/data/README.md).

A predicted attribution is the group of quotes that share one cue (a quote split around "he said"
is one attribution, as in the gold); its content span is the hull of the group. A direct one matches
a gold content span holding quotation marks (double, '' or single ones used as quotes, as the README
says "quotation marks") when their overlap covers at least half of each; its speaker is right when the
predicted speaker mention overlaps the gold source span. A gold content exported in two pieces (start
after end) is read as the hull of its pieces.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from storyline.model import Analysis, Article

from ._aliases import AliasTable
from ._analyze import analyze
from ._lexicon import SPEECH_VERB_FORMS

_QUOTE_MARKS = re.compile("[\"“”«»„]|''")  # '' stands for a double mark in wire and archive text
# Single marks used as quotation marks (‘…’ or '…'): opened at a word's start, closed at a word's end, so
# an apostrophe inside a word ("Trump’s", "don't") or after one ("voters’ rights") never counts.
_SINGLE_QUOTED = re.compile(r"(?<![\w’'‘])[‘'](?=[\w$])[^\n]*?(?<=[\w.,!?])[’'](?![\w’'])")


def _holds_quotation_marks(content: str) -> bool:
    """The README's rule for a direct quote: its content holds quotation marks, double or single."""
    return bool(_QUOTE_MARKS.search(content) or _SINGLE_QUOTED.search(content))


@dataclass(frozen=True, slots=True)
class _Attribution:
    start: int
    end: int
    direct: bool
    source: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class QuoteScores:
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    indirect_recall: float
    predicted: int
    gold: int
    gold_indirect: int
    articles: int

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("articles", str(self.articles)),
            ("direct: gold / predicted", f"{self.gold} / {self.predicted}"),
            ("direct precision", f"{self.precision:.3f}"),
            ("direct recall", f"{self.recall:.3f}"),
            ("direct F1", f"{self.f1:.3f}"),
            ("speaker accuracy (matched direct)", f"{self.speaker_accuracy:.3f}"),
            (f"indirect recall (speech-verb cues, n={self.gold_indirect})", f"{self.indirect_recall:.3f}"),
        ]


def _matches(a: tuple[int, int], b: tuple[int, int]) -> bool:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap > 0 and overlap >= 0.5 * (a[1] - a[0]) and overlap >= 0.5 * (b[1] - b[0])


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and min(a[1], b[1]) > max(a[0], b[0])


def predicted_attributions(analysis: Analysis) -> list[_Attribution]:
    """Quotes grouped by cue into attributions (hull span; direct when any part is)."""
    groups: dict[tuple, list] = {}
    for quote in analysis.quotes:
        key = ("cue", quote.cue_start, quote.cue_end) if quote.cue_start is not None else ("own", quote.start, quote.end)
        groups.setdefault(key, []).append(quote)
    found = []
    for quotes in groups.values():
        speaker = next(((q.speaker_start, q.speaker_end) for q in quotes if q.speaker_start is not None), None)
        found.append(_Attribution(min(q.start for q in quotes), max(q.end for q in quotes),
                                  any(q.kind == "direct" for q in quotes), speaker))
    return found


def _is_speech_cue(cue: str) -> bool:
    words = re.findall(r"[a-z]+", cue.lower())
    return any(w in SPEECH_VERB_FORMS for w in words) or "according" in words


def _content_span(text: str, content: dict) -> tuple[int, int] | None:
    """The gold content's ``[start, end)``. A content in two pieces around its cue ("“A,” she said. “B.”")
    comes with start > end: ``start`` opens the later piece, ``end`` closes the earlier one, and its text
    is the later piece, a space, the earlier one. Its hull is rebuilt from that text (None if it fails)."""
    start, end = content["start"], content["end"]
    if start < end:
        return start, end
    joined = content.get("text") or ""
    for cut in (k for k, char in enumerate(joined) if char == " "):
        later, earlier = joined[:cut], joined[cut + 1 :]
        if later and earlier and text.startswith(later, start) and text[:end].endswith(earlier):
            return end - len(earlier), start + len(later)
    return None


def _gold(record: dict) -> tuple[list[_Attribution], list[tuple[int, int]]]:
    direct, indirect = [], []
    for item in record.get("gold_attributions", []):
        content = item.get("content")
        span = _content_span(record["text"], content) if content else None
        if span is None:
            continue
        source = item.get("source")
        if _holds_quotation_marks(record["text"][span[0] : span[1]]):
            direct.append(_Attribution(*span, True, (source["start"], source["end"]) if source else None))
        elif item.get("cue") and _is_speech_cue(item["cue"]["text"]):
            indirect.append(span)
    return direct, indirect


def read_gold(path: Path) -> Iterator[tuple[Article, dict]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                yield Article.from_dict({k: v for k, v in record.items() if k != "gold_attributions"}), record
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: not an article with gold attributions ({error})") from error


def score_quotes(nlp: Language, gold_path: Path, *, n_process: int = 1, aliases: AliasTable | None = None) -> QuoteScores:
    """Direct-quote P/R/F1 and speaker accuracy, and indirect recall, of `analyze` on ``gold_path``."""
    pairs = list(read_gold(gold_path))
    analyses = analyze(nlp, (a for a, _ in pairs), n_process=n_process, aliases=aliases)
    predicted = gold_total = true_pred = found = speakers_right = speakers_total = 0
    indirect_total = indirect_found = 0
    for (_, record), analysis in zip(pairs, analyses):
        gold_direct, gold_indirect = _gold(record)
        attributions = predicted_attributions(analysis)
        direct = [a for a in attributions if a.direct]
        predicted += len(direct)
        gold_total += len(gold_direct)
        true_pred += sum(any(_matches((p.start, p.end), (g.start, g.end)) for g in gold_direct) for p in direct)
        for g in gold_direct:
            hits = [p for p in direct if _matches((p.start, p.end), (g.start, g.end))]
            found += bool(hits)
            if hits and g.source is not None:
                speakers_total += 1
                speakers_right += any(_overlaps(p.source, g.source) for p in hits)
        indirect_total += len(gold_indirect)
        indirect_found += sum(any(_matches((p.start, p.end), g) for p in attributions) for g in gold_indirect)
    precision = true_pred / predicted if predicted else 0.0
    recall = found / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return QuoteScores(precision, recall, f1, speakers_right / speakers_total if speakers_total else 0.0,
                       indirect_found / indirect_total if indirect_total else 0.0, predicted, gold_total,
                       indirect_total, len(pairs))
