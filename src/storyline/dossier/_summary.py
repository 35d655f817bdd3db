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
from storyline.dossier._statements import WORD

_PRONOUN_START = ("he ", "she ", "they ", "it ", "this ", "that ", "these ", "those ", "his ", "her ")


def _readable(text: str) -> bool:
    """A sentence that stands alone: 8-60 words, not a question, not opening on a pronoun."""
    words = len(WORD.findall(text))
    return 8 <= words <= 60 and not text.rstrip().endswith("?") and not text.lower().startswith(_PRONOUN_START)


def _relevance(facts: Sequence[AlignedFact], vectors: sparse.csr_matrix) -> np.ndarray:
    """Closeness to the event centroid, raised for facts many families report and for early sentences."""
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    rows = vectors[[f.anchor.index for f in facts]]
    closeness = rows @ (centroid / norm)
    families = np.array([len(f.families) for f in facts], dtype=float)
    lead = np.array([1.0 / (1 + f.anchor.position) for f in facts])
    return closeness * (1.0 + np.log2(families)) + 0.1 * lead


def summarize(
    facts: Sequence[AlignedFact],
    vectors: sparse.csr_matrix,
    *,
    min_sentences: int = 3,
    max_sentences: int = 6,
    diversity: float = 0.3,
    max_redundancy: float = 0.4,
    min_coverage: float = 0.5,
) -> list[dict]:
    """3-6 summary sentences, each with the articles it cites and the spans it rests on."""
    candidates = [f for f in facts if f.anchor.part == "text" and _readable(f.anchor.text)]
    if not candidates:
        return []
    relevance = _relevance(candidates, vectors)
    rows = vectors[[f.anchor.index for f in candidates]]
    similarity = (rows @ rows.T).toarray()
    wanted = min(max_sentences, max(min_sentences, math.ceil(math.sqrt(len(candidates)))))
    chosen: list[int] = []
    used_statements: set[int] = set()
    while len(chosen) < wanted:
        best, best_score = None, -math.inf
        for i, fact in enumerate(candidates):
            if i in chosen or fact.anchor.index in used_statements:
                continue
            redundancy = max((similarity[i, j] for j in chosen), default=0.0)
            if redundancy > max_redundancy:
                continue
            score = (1 - diversity) * relevance[i] - diversity * redundancy
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        chosen.append(best)
        used_statements.update(m.index for m in candidates[best].members)
    return [_cite(candidates[i], min_coverage) for i in chosen]


def _cite(fact: AlignedFact, min_coverage: float) -> dict:
    anchor = fact.anchor
    support = [anchor] + [
        m for m in fact.members if m is not anchor and coverage(anchor.text, m.text) >= min_coverage
    ]
    support.sort(key=lambda m: m.index)
    return {
        "text": anchor.text,
        "citations": list(dict.fromkeys(m.article_id for m in support)),
        "support": [m.span() for m in support],
    }
