"""An extractive summary: central facts picked by maximal marginal relevance (MMR).

Every summary sentence is the exact text of one statement (the fact's anchor); it
cites its own article and each supporting article whose aligned sentence carries at
least ``min_coverage`` of its content terms, so a citation never points at an article
that only touches the topic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from storyline.dossier._facts import AlignedFact
from storyline.dossier._provenance import coverage
from storyline.dossier._statements import WORD, Statement

_PRONOUN_START = ("he ", "she ", "they ", "it ", "this ", "that ", "these ", "those ", "his ", "her ")


def _readable(text: str) -> bool:
    """A sentence that stands alone: 8-60 words, not a question, not opening on a pronoun."""
    words = len(WORD.findall(text))
    return 8 <= words <= 60 and not text.rstrip().endswith("?") and not text.lower().startswith(_PRONOUN_START)


def _relevance(
    candidates: Sequence[tuple[AlignedFact, Statement]], vectors: sparse.csr_matrix
) -> np.ndarray:
    """Closeness to the event centroid, raised for facts many families report and for early sentences."""
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    rows = vectors[[s.index for _, s in candidates]]
    closeness = rows @ (centroid / norm)
    families = np.array([len(f.families) for f, _ in candidates], dtype=float)
    lead = np.array([1.0 / (1 + s.position) for _, s in candidates])
    return closeness * (1.0 + np.log2(families)) + 0.1 * lead


def _candidates(facts: Sequence[AlignedFact]) -> list[tuple[AlignedFact, Statement]]:
    """(fact, sentence that could state it): any whole text sentence among the fact's members.

    A corroborated fact can be told in any of its outlets' words; letting each compete
    keeps one outlet's phrasing from taking the whole summary.
    """
    out, seen = [], set()
    for fact in facts:
        for member in [fact.anchor] + [m for m in fact.members if m is not fact.anchor]:
            if member.index in seen or member.part != "text" or member.parent is not None:
                continue
            if _readable(member.text):
                seen.add(member.index)
                out.append((fact, member))
    return out


def summarize(
    facts: Sequence[AlignedFact],
    vectors: sparse.csr_matrix,
    *,
    min_sentences: int = 3,
    max_sentences: int = 6,
    diversity: float = 0.3,
    max_redundancy: float = 0.4,
    min_coverage: float = 0.5,
    outlet_bonus: float = 0.15,
) -> list[dict]:
    """3-6 summary sentences, each with the articles it cites and the spans it rests on.

    MMR over candidate sentences; a sentence from an article the summary does not cite yet
    gets ``outlet_bonus`` (a share of the best relevance), so that several outlets speak.
    """
    candidates = _candidates(facts)
    if not candidates:
        return []
    relevance = _relevance(candidates, vectors)
    bonus = outlet_bonus * float(relevance.max())
    rows = vectors[[s.index for _, s in candidates]]
    similarity = (rows @ rows.T).toarray()
    wanted = min(max_sentences, max(min_sentences, math.ceil(math.sqrt(len(facts)))))
    chosen: list[int] = []
    used_statements: set[int] = set()
    cited: set[str] = set()
    while len(chosen) < wanted:
        best, best_score = None, -math.inf
        for i, (_, sentence) in enumerate(candidates):
            if i in chosen or sentence.index in used_statements:
                continue
            redundancy = max((similarity[i, j] for j in chosen), default=0.0)
            if redundancy > max_redundancy:
                continue
            score = (1 - diversity) * relevance[i] - diversity * redundancy
            score += bonus * (sentence.article_id not in cited)
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        chosen.append(best)
        fact, sentence = candidates[best]
        used_statements.update(m.root for m in fact.members)
        used_statements.add(sentence.index)
        cited.update(_cite(sentence, fact, min_coverage)["citations"])
    return [_cite(candidates[i][1], candidates[i][0], min_coverage) for i in chosen]


def _cite(sentence: Statement, fact: AlignedFact, min_coverage: float) -> dict:
    """The sentence, citing its own article and every other member that carries most of its content."""
    support = [sentence] + [
        m
        for m in fact.members
        if m.article_id != sentence.article_id and coverage(sentence.text, m.text) >= min_coverage
    ]
    support.sort(key=lambda m: m.index)
    return {
        "text": sentence.text,
        "citations": list(dict.fromkeys(m.article_id for m in support)),
        "support": [m.span() for m in support],
    }
