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


def statement_vectors(statements: Sequence[Statement]) -> sparse.csr_matrix:
    """L2-normalised rows, one per statement (TF-IDF fitted on this event, times each term's informativeness)."""
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm=None)
    counts = vectorizer.fit_transform([s.terms for s in statements]).tocsr()
    vocabulary = vectorizer.vocabulary_
    informative = np.ones(len(vocabulary))
    for statement in statements:
        for term, weight in statement.weights.items():
            informative[vocabulary[term]] = weight
    return normalize(counts @ sparse.diags(informative), norm="l2").tocsr()


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


def shared_claim_counts(statements: Sequence[Statement]) -> np.ndarray:
    """Statements x statements: how many claim stems (content words outside names) each pair shares.

    Names, relative-time keys and reporting verbs are left out: every sentence about a
    meeting of Obama and Putin names them, and a shared "in the coming days" alone does
    not make two statements say the same thing.
    """
    columns: dict[str, int] = {}
    rows, cols = [], []
    for row, statement in enumerate(statements):
        for term in statement.claim_terms:
            rows.append(row)
            cols.append(columns.setdefault(term, len(columns)))
    presence = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(statements), max(len(columns), 1))
    )
    return (presence @ presence.T).toarray()


def speaker_conflicts(statements: Sequence[Statement]) -> np.ndarray:
    """Statements x statements: True where both quote named speakers directly and none is shared.

    Two people's own words are two claims, however alike ("we have some alignment of
    positions", Putin; "we haven't yet closed the gaps", Obama). Reported speech is
    not held apart: both sides saying the leaders discussed a cease-fire corroborate it.
    """
    speakers = [s.quoted_speakers for s in statements]
    n = len(statements)
    conflicts = np.zeros((n, n), dtype=bool)
    quoted = [i for i, names in enumerate(speakers) if names]
    for i in quoted:
        for j in quoted:
            conflicts[i, j] = not speakers[i] & speakers[j]
    return conflicts


def align_facts(
    statements: Sequence[Statement],
    vectors: sparse.csr_matrix,
    *,
    threshold: float = 0.2,
    min_shared: int = 2,
    redundancy: float = 0.5,
    links: Sequence[set[int]] = (),
) -> list[AlignedFact]:
    """Facts from statements: multi-source facts first (most families first), then single-source ones.

    ``links`` are groups of statements known to carry one thing (the same quote in several
    outlets); each becomes a candidate fact of its own, anchored on its first statement,
    for the members that share at least ``min_shared`` words with that anchor.
    A clause (a part of a long sentence) anchors a fact only when another family supports it.
    """
    if not statements:
        return []
    similarity = (vectors @ vectors.T).toarray()
    similarity[speaker_conflicts(statements)] = 0.0
    shared = shared_claim_counts(statements)
    matches = _best_matches(similarity, shared, _article_ranges(statements), threshold, min_shared)
    candidates = [(statements[i], found) for i, found in enumerate(matches)]
    candidates += _linked(statements, links, similarity, shared, min_shared)

    ranked = []
    for statement, found in candidates:
        members = [statement] + [statements[j] for j in found]
        families = {m.family for m in members}
        if statement.parent is not None and len(families) < 2:
            continue
        ranked.append((-len(families), -sum(found.values()), statement.index, members, found))
    ranked.sort(key=lambda c: c[:3])

    kept: list[AlignedFact] = []
    facts_of: dict[int, list[AlignedFact]] = {}  # sentence index -> kept facts it supports
    for _, _, index, members, found in ranked:
        anchor = statements[index]
        if _restates(facts_of.get(anchor.root, []), anchor.root, {m.root for m in members}, redundancy):
            continue
        fact = AlignedFact(anchor=anchor, members=sorted(members, key=lambda m: m.index), scores={index: 1.0, **found})
        kept.append(fact)
        for member in members:
            facts_of.setdefault(member.root, []).append(fact)
    return kept


def _linked(
    statements: Sequence[Statement], links: Sequence[set[int]], similarity: np.ndarray, shared: np.ndarray, min_shared: int
) -> list[tuple[Statement, dict[int, float]]]:
    """Candidate facts from linked statements: anchor -> one member per other article."""
    out = []
    for group in links:
        anchor, *others = sorted(group)
        found: dict[int, float] = {}
        seen = {statements[anchor].article_id}
        for j in others:
            if statements[j].article_id not in seen and shared[anchor, j] >= min_shared:
                seen.add(statements[j].article_id)
                found[j] = float(similarity[anchor, j])
        if found:
            out.append((statements[anchor], found))
    return out


def _restates(anchor_facts: list[AlignedFact], anchor_root: int, member_roots: set[int], redundancy: float) -> bool:
    """True when a kept fact that the anchor already supports covers most of the other members.

    The anchor itself is not counted: one sentence may support several facts, each with
    different sentences from the other outlets (the meeting, and its tone).
    """
    others = member_roots - {anchor_root}
    for fact in anchor_facts:
        overlap = len(others & {m.root for m in fact.members})
        if not others or overlap >= redundancy * len(others):
            return True
    return False
