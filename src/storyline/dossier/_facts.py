"""Aligning statements across articles into facts.

Each statement (the *anchor*) looks in every other article for the statement most
like it (TF-IDF cosine over stems and canonical entities, plus a minimum number of
shared terms). The anchor and its matches form a candidate fact. A statement may
support several facts: "Obama says he had a businesslike meeting with Putin on the
sidelines of the G20" backs both the meeting and the tone. Candidates that restate
a fact already kept are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from storyline.dossier._statements import Statement

CORROBORATED = "corroborated"
SINGLE_SOURCE = "single-source"
DISPUTED = "disputed"


@dataclass(slots=True)
class AlignedFact:
    anchor: Statement
    members: list[Statement]  # anchor included, one per article at most, in article order
    scores: dict[int, float] = field(default_factory=dict)  # statement index -> similarity to anchor

    @property
    def families(self) -> set[str]:
        return {m.family for m in self.members}


def _identity(terms: list[str]) -> list[str]:
    return terms


def statement_vectors(statements: Sequence[Statement]) -> tuple[sparse.csr_matrix, list[str]]:
    """L2-normalised rows, one per statement (TF-IDF fitted on this event, times each term's
    informativeness), and the term of each column."""
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm=None)
    counts = vectorizer.fit_transform([s.terms for s in statements]).tocsr()
    vocabulary = vectorizer.vocabulary_
    informative = np.ones(len(vocabulary))
    for statement in statements:
        for term, weight in statement.weights.items():
            informative[vocabulary[term]] = weight
    terms = [""] * len(vocabulary)
    for term, column in vocabulary.items():
        terms[column] = term
    return normalize(counts @ sparse.diags(informative), norm="l2").tocsr(), terms


def _article_ranges(statements: Sequence[Statement]) -> list[tuple[int, int]]:
    """Index ranges of each article's statements (statements are grouped by article)."""
    ranges: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(statements) + 1):
        if i == len(statements) or statements[i].article_id != statements[start].article_id:
            ranges.append((start, i))
            start = i
    return ranges


def _best_matches(
    similarity: np.ndarray, shared: np.ndarray, ranges: list[tuple[int, int]], threshold: float, min_shared: int
) -> list[dict[int, float]]:
    """For each statement, its best match (index -> similarity) in every other article."""
    n = similarity.shape[0]
    matches: list[dict[int, float]] = [{} for _ in range(n)]
    eligible = np.where(shared >= min_shared, similarity, 0.0)
    for lo, hi in ranges:
        block = eligible[:, lo:hi]
        best = block.argmax(axis=1)
        best_score = block[np.arange(n), best]
        for i in np.nonzero(best_score >= threshold)[0]:
            if not lo <= i < hi:
                matches[i][lo + int(best[i])] = float(best_score[i])
    return matches


def align_facts(
    statements: Sequence[Statement],
    vectors: sparse.csr_matrix,
    vocabulary: Sequence[str],
    *,
    threshold: float = 0.2,
    min_shared: int = 2,
    redundancy: float = 0.5,
) -> list[AlignedFact]:
    """Facts from statements: multi-source facts first (most families first), then single-source ones."""
    if not statements:
        return []
    similarity = (vectors @ vectors.T).toarray()
    # Shared terms are counted on words only: an entity's key repeats its words.
    presence = vectors.copy()
    presence.data[:] = 1.0
    word_columns = np.array([not term.startswith("ent:") for term in vocabulary], dtype=float)
    presence = presence @ sparse.diags(word_columns)
    shared = (presence @ presence.T).toarray()
    matches = _best_matches(similarity, shared, _article_ranges(statements), threshold, min_shared)

    candidates = []
    for statement, found in zip(statements, matches, strict=True):
        members = [statement] + [statements[j] for j in found]
        families = {m.family for m in members}
        candidates.append((-len(families), -sum(found.values()), statement.index, members, found))
    candidates.sort(key=lambda c: c[:3])

    kept: list[AlignedFact] = []
    facts_of: dict[int, list[AlignedFact]] = {}  # statement index -> kept facts it supports
    for _, _, index, members, found in candidates:
        member_ids = {m.index for m in members}
        if _restates(facts_of.get(index, []), member_ids, redundancy):
            continue
        fact = AlignedFact(
            anchor=statements[index],
            members=sorted(members, key=lambda m: m.index),
            scores={index: 1.0, **found},
        )
        kept.append(fact)
        for member in members:
            facts_of.setdefault(member.index, []).append(fact)
    return kept


def _restates(anchor_facts: list[AlignedFact], member_ids: set[int], redundancy: float) -> bool:
    """True when a kept fact that the anchor already supports covers most of these members."""
    for fact in anchor_facts:
        overlap = len(member_ids & {m.index for m in fact.members})
        if overlap >= redundancy * len(member_ids):
            return True
    return False
