"""The online event clusterer: one pass, candidate retrieval through an inverted index.

Each event keeps the sum of its articles' term vectors (term frequencies, each article
scaled to unit length; the inverse document frequencies are applied at comparison
time, so early events are not stuck with the poor IDF of a young stream). A new
article is compared only with the events that share one of its most distinctive
features (the index). Its score against an event is the *average* cosine similarity
to the event's articles (average link: unlike a centroid cosine it does not grow as an
event grows, so big events do not swallow their neighbours), scaled down by the time
gap. It joins the best event scoring at least ``threshold``, or starts a new one.

Per-article cost is bounded and flat: a fixed number of features, probes and candidates,
quiet events leaving the active window, and per-feature work done by numpy: a centroid is a
pair of arrays, matched with an article's features through one feature -> position table.
Every sum is taken in the same order as the plain per-feature formula, so the speed-ups
change no score, not even in the last bit (tests/cluster/test_engine.py checks this).
"""

from __future__ import annotations

import hashlib
import json
import math
import zlib
from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

import numpy as np

from storyline.cluster._features import FEATURE_SPACE, SIGNALS, ArticleFeatures, extract_features, parse_day, signal_of
from storyline.model import Analysis, Article

# 4: centroids and document frequencies as binary arrays (3, still read: the same as JSON numbers,
# several times slower to save and load, which `storyline ingest` does after every chunk).
_STATE_VERSION = 4
_STATE_MAGIC = b"storyline-clusterer\n"  # starts a version-4 state (a version-3 one is JSON: "{")
# How much each signal counts in the similarity (the shares of the squared norm each takes in
# an article's vector; an article without dates or numbers shares it among the others).
DEFAULT_SIGNAL_WEIGHTS = {"words": 0.45, "names": 0.25, "dates": 0.15, "numbers": 0.15}
# Sizes that bound work and memory per article and per event; they trade a little
# recall for flat cost and are not meant to be tuned per data set.
_ARTICLE_FEATURES = 256  # an article is represented by its 256 most distinctive features
_PROBE_FEATURES = 32  # it looks up events by its 32 most distinctive features
_INDEX_FEATURES = 64  # an event is findable by its 64 most distinctive features
_MAX_CANDIDATES = 4  # events fully scored per article (8 scored the same on the dev set, at twice the cost)
_EVENT_TERMS = 600  # centroid terms kept per event (pruned at twice that)
# A centroid is pruned after every update: it never holds more than two pruned centroids and two articles.
_MAX_CENTROID = 2 * (2 * _EVENT_TERMS + _ARTICLE_FEATURES)
assert _MAX_CENTROID < 1 << 16, "EventClusterer._positions holds positions in 16 bits"


@dataclass(slots=True)
class _Event:
    """An event's state. Its centroid is two aligned arrays, features in the order they first
    came (that order breaks ties when the centroid is ranked): far smaller than a dict of floats,
    and scored, updated and ranked with a few numpy calls instead of a Python step per feature."""

    id: str
    seq: int  # creation order: the deterministic tie-breaker
    centroid_ids: np.ndarray  # features (int64)
    centroid_sums: np.ndarray  # per feature: sum over members of tf / (member's IDF-weighted norm)
    size: int = 0
    first_day: int | None = None  # span of the member articles' dates
    last_day: int | None = None
    touched: int | None = None  # stream clock when last updated (for the quiet window)
    keys: list[int] = field(default_factory=list)  # features it is indexed under

    @classmethod
    def from_v3_row(cls, row: list[Any]) -> _Event:
        """An event as a version-3 state held it (centroid as [feature, sum] pairs)."""
        ident, seq, centroid, size, first, last, touched, keys = row
        ids = np.array([f for f, _ in centroid], dtype=np.int64)
        sums = np.array([w for _, w in centroid], dtype=np.float64)
        return cls(ident, seq, ids, sums, size, first, last, touched, keys)


class EventClusterer:
    """Groups a stream of articles into events, online and deterministically.

    Parameters
    ----------
    threshold:
        Minimum score (average TF-IDF cosine to the event's articles, scaled by the
        time factor) for an article to join an existing event. Higher splits more
        (precision), lower merges more (recall).
    signal_weights:
        Share of the similarity given to each signal (``words``, ``names``, ``dates``,
        ``numbers``; see ``storyline.cluster._features``). Each signal is scaled to its
        share of an article's vector, so the similarity is the weighted mean of the
        per-signal cosines. More weight on names, dates and numbers separates same-kind
        events (two earthquakes); more on words keeps one event's differently worded
        reports together.
    time_scale_days:
        Time gap (between the article's date and the event's date span) at which half
        of ``time_penalty`` applies. Smaller makes events stricter in time.
    time_penalty:
        Largest fraction of the score taken away by a time gap (approached for gaps far
        beyond ``time_scale_days``): with 0.5, an article two years later must be about
        twice as similar as usual to join, i.e. clearly about the event.
    merge_threshold:
        Average-link similarity between two events above which they are merged into
        one (recorded in ``redirects``). Higher merges less.
    window_days:
        Events not updated for this many days of stream time (``published`` dates)
        leave the active window: they are no longer candidates and their state is dropped.
    max_active_events:
        Cap on events held in memory (least recently updated leave first); bounds
        memory for undated streams where time cannot retire events.
    """

    def __init__(
        self,
        *,
        threshold: float = 0.16,
        signal_weights: Mapping[str, float] | None = None,
        time_scale_days: float = 14.0,
        time_penalty: float = 0.5,
        merge_threshold: float = 0.2,
        window_days: int = 60,
        max_active_events: int = 20_000,
    ) -> None:
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1), got {threshold}")
        if time_scale_days <= 0 or window_days <= 0 or max_active_events <= 0:
            raise ValueError("time_scale_days, window_days and max_active_events must be positive")
        self.threshold = threshold
        self.signal_weights = _checked_signal_weights(signal_weights)
        self._signal_shares = [self.signal_weights[name] for name in SIGNALS]
        self.time_scale_days = time_scale_days
        self.time_penalty = time_penalty
        self.merge_threshold = merge_threshold
        self.window_days = window_days
        self.max_active_events = max_active_events
        self.redirects: dict[str, str] = {}
        self._df = np.zeros(FEATURE_SPACE, dtype=np.uint32)
        self._n_docs = 0
        self._seq = 0
        self._clock: int | None = None  # latest `published` day seen
        self._events: OrderedDict[str, _Event] = OrderedDict()  # least recently updated first
        self._by_seq: dict[int, _Event] = {}  # the same events by creation number (what the index holds)
        self._postings: dict[int, dict[int, None]] = {}  # feature -> seq of the events indexed under it
        # Feature -> position + 1 in the array at hand, 0 elsewhere (always all 0 between calls): the
        # lookups that match an article's or an event's features with a centroid's, in C. 16 bits
        # suffice (see _MAX_CENTROID) and keep the table at 8 MB, cheaper to look up than 16.
        self._positions = np.zeros(FEATURE_SPACE, dtype=np.uint16)
        self._one_up = np.arange(1, 1 << 16, dtype=np.uint16)  # 1, 2, 3 ...: positions + 1 to slice from

    # ------------------------------------------------------------------ public API

    def add(self, article: Article, analysis: Analysis | None = None) -> str:
        """Assign ``article`` to an event (existing or new) and return the event id."""
        return self.assign(article, self.features(article, analysis))

    def features(self, article: Article, analysis: Analysis | None = None) -> ArticleFeatures:
        """What the clusterer sees of an article (depends on no state: can be computed ahead)."""
        return extract_features(article, analysis)

    def assign(self, article: Article, features: ArticleFeatures) -> str:
        """Assign an article, given its ``features``, to an event and return the event id."""
        ids, tf = features.ids, features.tf
        self._n_docs += 1
        df = self._df[ids] + 1  # ids are distinct
        self._df[ids] = df
        self._advance_clock(parse_day(article.published))
        idf = (math.log(1 + self._n_docs) + 1.0) - np.log1p(df)  # self._idf(ids), without looking df up again
        weights = tf * idf
        # Only the article's most distinctive terms take part: they carry the event, and
        # they bound the work per article and the size of the centroids.
        if len(ids) > _ARTICLE_FEATURES:
            kept = _top_indices(weights, _ARTICLE_FEATURES)
            ids, tf, idf, weights = ids[kept], tf[kept], idf[kept], weights[kept]
        norm = self._signal_norms(ids, weights)
        # Both sides of the cosine are IDF-weighted: fold the IDF in twice on the article side.
        query_weights = weights * idf / norm
        probes = ids[_top_indices(query_weights, _PROBE_FEATURES)].tolist()
        matches: dict[str, np.ndarray] = {}
        scored = self._score_candidates(ids, query_weights, probes, features.day, matches)
        if scored and scored[0][0] >= self.threshold:
            event = self._events[scored[0][1]]
        else:
            event = self._new_event(article)
        self._absorb(event, ids, tf / norm, features.day, matches.get(event.id))
        # Merging is considered only with events the article also fits: it is the bridge.
        bridged = [ident for score, ident in scored if ident != event.id and score >= self.threshold]
        return self._merge_similar(event, bridged)

    def resolve(self, event_id: str) -> str:
        """The current id of ``event_id``, following merge redirects (old id -> new id)."""
        seen = set()
        while event_id in self.redirects and event_id not in seen:
            seen.add(event_id)
            event_id = self.redirects[event_id]
        return event_id

    @property
    def active_events(self) -> int:
        """Events still in the active window (candidates for new articles)."""
        return len(self._events)

    def to_bytes(self) -> bytes:
        """The whole state (parameters included), so that ``add`` continues as if never stopped.

        A JSON header (parameters, redirects, counters, each event's scalars and index keys) followed by
        the centroids and document frequencies as little-endian arrays: exact, and far faster than numbers
        written as text (the state of a big stream is tens of MB).
        """
        events = list(self._events.values())
        df_features = np.flatnonzero(self._df)
        header = {
            "version": _STATE_VERSION,
            "params": self._params(),
            "redirects": self.redirects,
            "n_docs": self._n_docs,
            "seq": self._seq,
            "clock": self._clock,
            "events": [[e.id, e.seq, len(e.centroid_ids), e.size, e.first_day, e.last_day, e.touched, e.keys]
                       for e in events],
            "df_features": len(df_features),
        }
        head = json.dumps(header, separators=(",", ":")).encode()
        arrays = (
            _joined([e.centroid_ids for e in events], "<i8"),
            _joined([e.centroid_sums for e in events], "<f8"),
            df_features.astype("<u4"),
            self._df[df_features].astype("<u4"),
        )
        parts = [_STATE_MAGIC, len(head).to_bytes(8, "little"), head, *(a.tobytes() for a in arrays)]
        return zlib.compress(b"".join(parts), 1)

    @classmethod
    def from_bytes(cls, data: bytes) -> EventClusterer:
        try:
            header, events, df_features, df_counts = _read_state(zlib.decompress(data))
        except _StateVersionError:
            raise
        except (zlib.error, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            raise ValueError(f"not a saved EventClusterer state ({exc}); start a new one instead") from exc
        clusterer = cls(**header["params"])
        clusterer.redirects = dict(header["redirects"])
        clusterer._n_docs = header["n_docs"]
        clusterer._seq = header["seq"]
        clusterer._clock = header["clock"]
        clusterer._df[df_features] = df_counts
        for event in events:
            clusterer._events[event.id] = event
            clusterer._by_seq[event.seq] = event
            keys, event.keys = event.keys, []  # not indexed yet: _index adds only keys it lacks
            clusterer._index(event, keys)
        return clusterer

    # ------------------------------------------------------------------ scoring

    def _signal_norms(self, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Per feature, what to divide its weight by so that each signal present takes its share
        of a unit vector (the shares of the signals present, renormalised to sum to 1)."""
        signals = signal_of(ids)
        squares = np.bincount(signals, weights=weights * weights, minlength=len(SIGNALS)).tolist()
        # Four numbers: plain floats cost far less than numpy calls (the additions run in the same order).
        shares = [share if square > 0 else 0.0 for share, square in zip(self._signal_shares, squares, strict=True)]
        total = _sequential_sum(shares)
        if total <= 0:  # only signals weighted 0: plain unit length
            return np.full(len(ids), math.sqrt(_sequential_sum(squares)) or 1.0)
        scale = [math.sqrt(square / (share / total)) if share > 0 else math.inf
                 for square, share in zip(squares, shares, strict=True)]
        return np.array(scale)[signals]

    def _idf(self, ids: np.ndarray) -> np.ndarray:
        # Smoothed IDF as in scikit-learn's TfidfTransformer, learned from the stream so far.
        return (math.log(1 + self._n_docs) + 1.0) - np.log1p(self._df[ids])

    def _score_candidates(
        self, query_ids: np.ndarray, query_weights: np.ndarray, probes: list[int], day: int | None,
        matches: dict[str, np.ndarray] | None = None,
    ) -> list[tuple[float, str]]:
        """(score, event id) of the candidate events, best first. ``matches``, when given, receives for
        each candidate where its centroid's features are in the query (see ``_add_to_centroid``)."""
        candidates = self._candidates(probes)
        if not candidates:
            return []
        # Row i of `shared` gets candidate i's centroid sums at the query's features (0 where it lacks
        # one), put at each feature's position + 1 in the query (column 0 takes the features it lacks).
        positions = self._positions
        positions[query_ids] = self._one_up[: len(query_ids)]
        shared = np.zeros((len(candidates), len(query_ids) + 1))
        for row, event in zip(shared, candidates, strict=True):
            in_query = positions.take(event.centroid_ids)
            row.put(in_query, event.centroid_sums)
            if matches is not None:
                matches[event.id] = in_query
        positions[query_ids] = 0
        scored = []
        # The dot products are running sums in query order (accumulate adds one term after the
        # other, unlike numpy's pairwise sum; adding the 0.0s changes nothing): the very same sums,
        # bit for bit, as one multiply-add per shared feature.
        dots = np.add.accumulate(shared[:, 1:] * query_weights, axis=1)[:, -1].tolist()
        for event, dot in zip(candidates, dots, strict=True):
            gap = _gap(day, day, event.first_day, event.last_day)
            score = dot / event.size * self._time_factor(gap)
            scored.append((score, -event.seq, event.id))
        scored.sort(reverse=True)
        return [(score, ident) for score, _, ident in scored]

    def _candidates(self, probes: list[int]) -> list[_Event]:
        """The events sharing most of the probes (then the most recent), best first."""
        # How many of the probes each event shares, counted in C.
        hits = Counter(chain.from_iterable(map(self._postings.get, probes, repeat(()))))
        # Only events sharing at least as many probes as the k-th best can make the top k: sorting
        # the counts (small ints, CPython's fast path) finds that floor, and only those few events
        # are then ranked as (shared probes, seq) pairs (seq is unique: no ties).
        floor = sorted(hits.values())[-_MAX_CANDIDATES] if len(hits) > _MAX_CANDIDATES else 0
        ranked = sorted([(n, seq) for seq, n in hits.items() if n >= floor], reverse=True)
        by_seq = self._by_seq
        return [by_seq[seq] for _, seq in ranked[:_MAX_CANDIDATES]]

    def _time_factor(self, gap: int | None) -> float:
        if gap is None:  # undated on either side: the text decides alone
            return 1.0
        return 1.0 - self.time_penalty * gap / (gap + self.time_scale_days)

    # ------------------------------------------------------------------ updates

    def _advance_clock(self, day: int | None) -> None:
        if day is not None and (self._clock is None or day > self._clock):
            self._clock = day
        self._retire_quiet_events()

    def _retire_quiet_events(self) -> None:
        events = self._events
        while events:
            oldest = next(iter(events.values()))
            quiet = (
                self._clock is not None
                and oldest.touched is not None
                and oldest.touched < self._clock - self.window_days
            )
            if not quiet and len(events) <= self.max_active_events:
                return
            self._index(oldest, [])
            del events[oldest.id], self._by_seq[oldest.seq]

    def _new_event(self, article: Article) -> _Event:
        self._seq += 1
        digest = hashlib.sha1(f"{self._seq}:{article.id}".encode()).hexdigest()[:12]
        event = _Event(f"ev-{digest}", self._seq, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))
        self._events[event.id] = event
        self._by_seq[event.seq] = event
        return event

    def _absorb(
        self, event: _Event, ids: np.ndarray, terms: np.ndarray, day: int | None, in_ids: np.ndarray | None = None
    ) -> None:
        self._add_to_centroid(event, ids, terms, in_ids)
        event.size += 1
        event.first_day = _min(event.first_day, day)
        event.last_day = _max(event.last_day, day)
        self._refresh(event)

    def _add_to_centroid(
        self, event: _Event, ids: np.ndarray, values: np.ndarray, in_ids: np.ndarray | None = None
    ) -> None:
        """centroid[f] += value for each (distinct) feature f; features new to it are appended in order.

        ``in_ids``: for each centroid feature, its position + 1 in ``ids`` (0: not there), when scoring
        has looked it up already: inverted in a small array, it spares the lookups in the feature table.
        """
        if in_ids is None:
            known = self._positions_in(event.centroid_ids, ids)
        else:
            known = np.zeros(len(ids) + 1, dtype=np.int64)
            known[in_ids] = self._one_up[: len(in_ids)]  # slot 0 gathers the features not in `ids`
            known = known[1:]
        present = known > 0
        event.centroid_sums[known[present] - 1] += values[present]
        absent = ~present
        event.centroid_ids = np.concatenate((event.centroid_ids, ids[absent]))
        event.centroid_sums = np.concatenate((event.centroid_sums, values[absent]))

    def _positions_in(self, centroid_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Position + 1 of each of ``ids`` in ``centroid_ids`` (0: not there)."""
        positions = self._positions
        positions[centroid_ids] = self._one_up[: len(centroid_ids)]
        found = positions.take(ids).astype(np.int64)
        positions[centroid_ids] = 0
        return found

    def _refresh(self, event: _Event) -> None:
        """Mark an event recent; prune and re-index it when it has grown enough to matter."""
        event.touched = self._clock
        self._events.move_to_end(event.id)
        # Re-ranking a centroid costs as much as scoring; doing it at sizes 1, 2, 4, 8 ...
        # and every 16 articles keeps the index fresh at a small, bounded cost.
        size = event.size
        if size & (size - 1) and size % 16 and len(event.centroid_ids) <= 2 * _EVENT_TERMS:
            return
        ids, sums = event.centroid_ids, event.centroid_sums
        weighted = sums * self._idf(ids)
        if len(ids) > 2 * _EVENT_TERMS:
            kept = _top_indices(weighted, _EVENT_TERMS)  # heaviest first
            event.centroid_ids, event.centroid_sums = ids[kept], sums[kept]
            self._index(event, event.centroid_ids[:_INDEX_FEATURES].tolist())
        else:
            self._index(event, ids[_top_indices(weighted, _INDEX_FEATURES)].tolist())

    def _index(self, event: _Event, keys: list[int]) -> None:
        """Make ``event`` findable under exactly ``keys`` (an empty list removes it)."""
        old, new = set(event.keys), set(keys)
        postings = self._postings
        for f in old - new:
            posting = postings.get(f)
            if posting is not None:
                posting.pop(event.seq, None)
                if not posting:
                    del postings[f]
        for f in new - old:  # a posting is a set (only counted): the order of its entries is no matter
            postings.setdefault(f, {})[event.seq] = None
        event.keys = keys

    def _merge_similar(self, event: _Event, candidate_ids: list[str]) -> str:
        """Merge ``event`` with any candidate whose centroid is now as good as the same; return its id."""
        for ident in candidate_ids:
            other = self._events.get(ident)
            if other is None or other is event:
                continue
            if self._similar_enough(event, other):
                event = self._merge(event, other)
        return event.id

    def _similar_enough(self, a: _Event, b: _Event) -> bool:
        """Whether ``_event_similarity(a, b) >= merge_threshold``, decided from a quick dot product.

        The quick one sums the same positive terms in another order, so it is within a relative
        1e-9 of the exact one (rounding errors are far smaller); only a similarity that close to
        the threshold is computed again the exact (slower) way: the same decisions, bit for bit.
        """
        in_a = self._positions_in(a.centroid_ids, b.centroid_ids)
        shared = in_a.nonzero()[0]
        idf = self._idf(b.centroid_ids[shared])
        dot = float((a.centroid_sums[in_a[shared] - 1] * b.centroid_sums[shared]) @ (idf * idf))
        gap = _gap(a.first_day, a.last_day, b.first_day, b.last_day)
        similarity = dot / (a.size * b.size) * self._time_factor(gap)
        if abs(similarity - self.merge_threshold) > 1e-9 * self.merge_threshold:
            return similarity > self.merge_threshold
        return self._event_similarity(a, b) >= self.merge_threshold

    def _event_similarity(self, a: _Event, b: _Event) -> float:
        ids = self._shared_features(a, b)
        products = a.centroid_sums[self._positions_in(a.centroid_ids, ids) - 1]
        products *= b.centroid_sums[self._positions_in(b.centroid_ids, ids) - 1]
        idf = self._idf(ids)
        dot = float(products @ (idf * idf))
        gap = _gap(a.first_day, a.last_day, b.first_day, b.last_day)
        return dot / (a.size * b.size) * self._time_factor(gap)

    def _shared_features(self, a: _Event, b: _Event) -> np.ndarray:
        """The features two centroids share, in a fixed order: that of the set ``keys(a) & keys(b)``
        of two dicts holding the centroids (the order the dot product was always summed in)."""
        # CPython's intersection of two dict key views walks the smaller one (b on a tie) in order,
        # adding the keys the other holds to a new set: the same set is built here from arrays.
        small, large = (a, b) if len(a.centroid_ids) < len(b.centroid_ids) else (b, a)
        shared = small.centroid_ids[self._positions_in(large.centroid_ids, small.centroid_ids) > 0]
        return np.array(list(set(shared.tolist())), dtype=np.int64)

    def _merge(self, a: _Event, b: _Event) -> _Event:
        """Fold the smaller event into the larger (the older on a tie); record the redirect."""
        keep, gone = (a, b) if (a.size, -a.seq) >= (b.size, -b.seq) else (b, a)
        self._add_to_centroid(keep, gone.centroid_ids, gone.centroid_sums)
        keep.size += gone.size
        keep.first_day = _min(keep.first_day, gone.first_day)
        keep.last_day = _max(keep.last_day, gone.last_day)
        self._index(gone, [])
        del self._events[gone.id], self._by_seq[gone.seq]
        self.redirects[gone.id] = keep.id
        self._refresh(keep)
        return keep

    def _params(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "signal_weights": self.signal_weights,
            "time_scale_days": self.time_scale_days,
            "time_penalty": self.time_penalty,
            "merge_threshold": self.merge_threshold,
            "window_days": self.window_days,
            "max_active_events": self.max_active_events,
        }


# --------------------------------------------------------------------------- helpers


def _checked_signal_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    if weights is None:
        return dict(DEFAULT_SIGNAL_WEIGHTS)
    unknown = set(weights) - set(SIGNALS)
    if unknown:
        raise ValueError(f"unknown signal(s) {sorted(unknown)} in signal_weights; the signals are {list(SIGNALS)}")
    checked = {name: float(weights.get(name, 0.0)) for name in SIGNALS}
    if any(w < 0 for w in checked.values()) or not any(checked.values()):
        raise ValueError(f"signal_weights must be >= 0 and not all 0, got {dict(weights)}")
    return checked


def _gap(a_first: int | None, a_last: int | None, b_first: int | None, b_last: int | None) -> int | None:
    """Days between two date spans (0 when they overlap); None when either is undated."""
    if a_first is None or b_first is None or a_last is None or b_last is None:
        return None
    return max(0, b_first - a_last, a_first - b_last)


def _min(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _sequential_sum(values: list[float]) -> float:
    """((a + b) + c) + ...: the order numpy sums a few numbers in (Python's ``sum`` may compensate)."""
    total = 0.0
    for value in values:
        total += value
    return total


def _top_indices(weights: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k largest weights, largest first (ties: lower position first).

    Among weights tied at the k-th place, which ones are kept is argpartition's choice (deterministic
    for the same input, not necessarily the lower positions); the kept ones are then ordered as said.
    """
    if len(weights) > k:
        negated = -weights
        part = negated.argpartition(k - 1)[:k]  # the method: np.argpartition's wrapper costs more than it
        return part[np.lexsort((part, negated[part]))]
    return np.lexsort((np.arange(len(weights)), -weights))


def _joined(arrays: list[np.ndarray], dtype: str) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.empty(0, dtype=dtype)


def _read_state(raw: bytes) -> tuple[dict[str, Any], list[_Event], np.ndarray, np.ndarray]:
    """Header, events and document frequencies (features, counts) of a decompressed state, version 4 or 3."""
    if not raw.startswith(_STATE_MAGIC):
        return _read_v3_state(raw)
    start = len(_STATE_MAGIC) + 8
    head_size = int.from_bytes(raw[len(_STATE_MAGIC):start], "little")
    header = json.loads(raw[start:start + head_size])
    _check_version(header.get("version"))
    rows, n_df = header["events"], header["df_features"]
    n_terms = sum(row[2] for row in rows)
    layout = (("<i8", n_terms), ("<f8", n_terms), ("<u4", n_df), ("<u4", n_df))
    offset, arrays = start + head_size, []
    for dtype, count in layout:
        arrays.append(np.frombuffer(raw, dtype=dtype, count=count, offset=offset))
        offset += arrays[-1].nbytes
    if offset != len(raw):
        raise ValueError(f"{len(raw) - offset} bytes more or fewer than its header announces")
    ids, sums, df_features, df_counts = arrays
    events, at = [], 0
    for ident, seq, size_terms, size, first, last, touched, keys in rows:
        # Copies in native order: each centroid is its own array, grown and pruned on its own.
        events.append(_Event(ident, seq, ids[at:at + size_terms].astype(np.int64),
                             sums[at:at + size_terms].astype(np.float64), size, first, last, touched, keys))
        at += size_terms
    return header, events, df_features.astype(np.int64), df_counts


def _read_v3_state(raw: bytes) -> tuple[dict[str, Any], list[_Event], np.ndarray, np.ndarray]:
    state = json.loads(raw)
    _check_version(state.get("version") if isinstance(state, dict) else None)
    features, counts = state["df"]
    events = [_Event.from_v3_row(row) for row in state["events"]]
    return state, events, np.asarray(features, dtype=np.int64), np.asarray(counts, dtype=np.uint32)


class _StateVersionError(ValueError):
    """A state saved by a storyline version whose format this one does not read."""


def _check_version(version: object) -> None:
    if version not in (3, _STATE_VERSION):
        raise _StateVersionError(
            f"EventClusterer state version {version} is not {_STATE_VERSION} (nor 3): it was saved by another "
            "storyline version; start a new clusterer (a new store) instead"
        )
