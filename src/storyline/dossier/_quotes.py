"""Quotes across outlets: the same words, carried by several articles, merged into one.

Quotes found by analysis are grouped by speaker and fuzzy wording (rapidfuzz). An
outlet that prints only a fragment of a quote in quotation marks ("a “businesslike”
meeting") joins the quote's group as a variant when the fragment occurs in the
quote's words and the speaker is named in or just before the fragment's sentence.
Each variant carries a word-level diff against the quote's main wording.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from storyline.dossier._statements import WORD, Statement, content_terms, outlet_of
from storyline.model import Analysis, Article, Quote

# Text between a pair of quotation marks, straight or curly, on one line.
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,400})[”\"]")


@dataclass(slots=True)
class _Carried:
    """One article's wording of a quote (a span of that article)."""

    article_id: str
    source: str | None
    start: int
    end: int
    text: str
    speaker: str | None
    kind: str

    def span(self) -> dict[str, object]:
        return {"article_id": self.article_id, "source": self.source, "start": self.start, "end": self.end, "text": self.text}


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def _same_speaker(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return a == b
    a, b = a.casefold(), b.casefold()
    return a == b or a.split()[-1] == b.split()[-1]


def _same_words(a: str, b: str, min_ratio: float) -> bool:
    """Two wordings of one quote: nearly the same words, or the shorter (>= 3 words) an excerpt of the longer."""
    a, b = a.lower(), b.lower()
    if fuzz.ratio(a, b) >= min_ratio:
        return True
    return fuzz.partial_ratio(a, b) >= min_ratio and bool(content_terms(min(a, b, key=len)))


def _carried(quote: Quote, article: Article, analysis: Analysis) -> _Carried:
    return _Carried(article.id, outlet_of(article), quote.start, quote.end, analysis.text[quote.start : quote.end], quote.speaker, quote.kind)


def _group_quotes(carried: list[_Carried], min_ratio: float) -> list[list[_Carried]]:
    """Single-link groups of same-speaker, same-wording quotes from different articles.

    Longer quotes go first so that a short excerpt ("businesslike") finds the full quote.
    """
    groups: list[list[_Carried]] = []
    for item in sorted(carried, key=lambda c: -len(c.text.split())):
        home = next(
            (
                group
                for group in groups
                if any(
                    other.article_id != item.article_id
                    and _same_speaker(other.speaker, item.speaker)
                    and _same_words(other.text, item.text, min_ratio)
                    for other in group
                )
            ),
            None,
        )
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return groups


def _fragments(analysis: Analysis, article: Article, known: Sequence[Quote]) -> list[_Carried]:
    """Quoted words in the text that analysis did not take as direct quotes (no speaker of their own).

    Words in quotation marks inside a longer quote span ("he had a “businesslike” meeting")
    are fragments too: they are what the outlet prints verbatim.
    """
    out = []
    for match in _QUOTED.finditer(analysis.text):
        start, end = match.span(1)
        if any(q.start < end and q.end > start and _within(q, *match.span()) for q in known):
            continue
        out.append(_Carried(article.id, outlet_of(article), start, end, match.group(1), None, "fragment"))
    return out


def _speaker_near(analysis: Analysis, position: int, speaker: str) -> bool:
    """True when ``speaker`` is named in the sentence holding ``position`` or the one before."""
    sentences = analysis.sentences
    for i, sentence in enumerate(sentences):
        if sentence.start <= position < sentence.end:
            lo = sentences[i - 1].start if i else sentence.start
            return any(lo <= e.start < sentence.end and _same_speaker(e.canonical, speaker) for e in analysis.entities)
    return False


def _within(quote: Quote, start: int, end: int, slack: int = 1) -> bool:
    """True when ``quote`` is no more than the text between the quotation marks at ``[start, end)``."""
    return quote.start >= start - slack and quote.end <= end + slack


def _wraps_attached(group: list[_Carried], attached: list[_Carried]) -> bool:
    """True for a lone quote span around a verbatim fragment that already joined another quote's group."""
    if len(group) != 1:
        return False
    item = group[0]
    return any(f.article_id == item.article_id and item.start <= f.start and f.end <= item.end for f in attached)


def _attach_fragments(
    groups: list[list[_Carried]], fragments: list[tuple[_Carried, Analysis]], min_ratio: float
) -> list[_Carried]:
    """Add each fragment to the group of the quote it is an excerpt of; returns the fragments placed."""
    attached = []
    for fragment, analysis in fragments:
        if not content_terms(fragment.text):
            continue
        for group in groups:
            speaker = group[0].speaker
            if not speaker or any(c.article_id == fragment.article_id for c in group):
                continue
            if fuzz.partial_ratio(fragment.text.lower(), group[0].text.lower()) >= min_ratio and _speaker_near(
                analysis, fragment.start, speaker
            ):
                group.append(_Carried(**{**_as_dict(fragment), "speaker": speaker}))
                attached.append(fragment)
                break
    return attached


def _as_dict(item: _Carried) -> dict:
    return {name: getattr(item, name) for name in _Carried.__slots__}


def _distinct_quotes(quotes: Sequence[Quote]) -> list[Quote]:
    """Direct quotes, and indirect ones that do not merely wrap a direct quote."""
    direct = [q for q in quotes if q.kind == "direct"]
    return direct + [
        q for q in quotes if q.kind != "direct" and not any(q.start <= d.start and d.end <= q.end for d in direct)
    ]


def _canonical_speakers(records: list[dict]) -> None:
    """One name per speaker across the event: "Obama" and "Barack Obama" become the fuller name."""
    names = sorted({r["speaker"] for r in records if r["speaker"]}, key=lambda n: (-len(n), n))
    for record in records:
        if record["speaker"]:
            record["speaker"] = next(n for n in names if _same_speaker(n, record["speaker"]) and n.endswith(record["speaker"].split()[-1]))


def word_diff(base: str, variant: str) -> list[dict[str, str]]:
    """Word-level edit script from ``base`` to ``variant``: equal / replace / delete / insert runs."""
    a, b = base.split(), variant.split()
    ops = []
    matcher = difflib.SequenceMatcher(a=[w.lower() for w in a], b=[w.lower() for w in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append({"op": tag, "a": " ".join(a[i1:i2]), "b": " ".join(b[j1:j2])})
    return ops


def _group_record(group: list[_Carried]) -> dict:
    by_text: dict[str, list[_Carried]] = {}
    for item in group:
        by_text.setdefault(" ".join(_words(item.text)), []).append(item)
    # Main wording: the one most outlets carry, then the longest (fragments are excerpts).
    ordered = sorted(by_text.values(), key=lambda items: (-len(items), -len(items[0].text), items[0].article_id))
    main = ordered[0][0].text
    speaker = next((c.speaker for c in group if c.speaker), None)
    variants = [
        {
            "text": items[0].text,
            "sources": [c.span() for c in items],
            "diff": word_diff(main, items[0].text),
        }
        for items in ordered
    ]
    return {
        "speaker": speaker,
        "kind": "direct" if any(c.kind == "direct" for c in group) else group[0].kind,
        "text": main,
        "outlets": sorted({c.source or c.article_id for c in group}),
        "articles": sorted({c.article_id for c in group}),
        "variants": variants,
    }


def merge_quotes(
    articles: Mapping[str, Article], analyses: Sequence[Analysis], *, min_ratio: float = 85.0
) -> list[dict]:
    """One record per distinct quote, grouped by speaker (speakers by share of quotes, unknown last)."""
    carried = [_carried(q, articles[a.article_id], a) for a in analyses for q in _distinct_quotes(a.quotes)]
    groups = _group_quotes(carried, min_ratio)
    fragments = [(f, a) for a in analyses for f in _fragments(a, articles[a.article_id], a.quotes)]
    attached = _attach_fragments(groups, fragments, min_ratio)
    records = [_group_record(g) for g in groups if not _wraps_attached(g, attached)]
    _canonical_speakers(records)
    counts: dict[str | None, int] = {}
    for record in records:
        counts[record["speaker"]] = counts.get(record["speaker"], 0) + 1
    first_seen = {id(r): i for i, r in enumerate(records)}
    records.sort(key=lambda r: (r["speaker"] is None, -counts[r["speaker"]], r["speaker"] or "", first_seen[id(r)]))
    return records


def quote_links(quotes: Sequence[dict], statements: Sequence[Statement]) -> list[set[int]]:
    """For each quote carried by >= 2 articles, the sentences holding its variants.

    A quote that several outlets print is itself corroboration of the statement that
    carries it, even where the sentences around it are worded too differently to align.
    The main wording's sentence comes first (lowest index among its carriers).
    """
    sentences: dict[str, list[Statement]] = {}
    for statement in statements:
        if statement.parent is None and statement.part == "text":
            sentences.setdefault(statement.article_id, []).append(statement)
    links = []
    for quote in quotes:
        if len(quote["articles"]) < 2:
            continue
        group = {
            holder.index
            for variant in quote["variants"]
            for span in variant["sources"]
            for holder in sentences.get(span["article_id"], ())
            if holder.start <= span["start"] < holder.end
        }
        if len({statements[i].article_id for i in group}) >= 2:
            links.append(group)
    return links
