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
sparse dot products over shared keys only (key-view intersections and ``map`` run in C),
per-feature arithmetic on numpy arrays, and quiet events leaving the active window.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import zlib
from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import add, attrgetter, mul
from typing import Any

import numpy as np

from storyline.cluster._features import FEATURE_SPACE, SIGNALS, ArticleFeatures, extract_features, parse_day, signal_of
from storyline.model import Analysis, Article

_STATE_VERSION = 3  # 3: four signals (words, names, dates, numbers), each with its own weight
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


@dataclass(slots=True)
class _Event:
    id: str
    seq: int  # creation order: the deterministic tie-breaker
    centroid: dict[int, float]  # feature -> sum over members of tf / (member's IDF-weighted norm)
    size: int = 0
    first_day: int | None = None  # span of the member articles' dates
    last_day: int | None = None
    touched: int | None = None  # stream clock when last updated (for the quiet window)
    keys: list[int] = field(default_factory=list)  # features it is indexed under

    def to_list(self) -> list[Any]:
        return [self.id, self.seq, list(self.centroid.items()), self.size, self.first_day,
                self.last_day, self.touched, self.keys]

    @classmethod
    def from_list(cls, row: list[Any]) -> _Event:
        ident, seq, centroid, size, first, last, touched, keys = row
        return cls(ident, seq, {int(f): w for f, w in centroid}, size, first, last, touched, keys)


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
        self._signal_shares = np.array([self.signal_weights[name] for name in SIGNALS], dtype=np.float64)
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
        self._postings: dict[int, dict[str, None]] = {}

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
        self._df[ids] += 1  # ids are distinct
        self._advance_clock(parse_day(article.published))
        idf = self._idf(ids)
        weights = tf * idf
        # Only the article's most distinctive terms take part: they carry the event, and
        # they bound the work per article and the size of the centroids.
        if len(ids) > _ARTICLE_FEATURES:
            kept = _top_indices(weights, _ARTICLE_FEATURES)
            ids, tf, idf, weights = ids[kept], tf[kept], idf[kept], weights[kept]
        norm = self._signal_norms(ids, weights)
        id_list = ids.tolist()
        terms = dict(zip(id_list, (tf / norm).tolist(), strict=True))
        # Both sides of the cosine are IDF-weighted: fold the IDF in twice on the article side.
        query_weights = weights * idf / norm
        query = dict(zip(id_list, query_weights.tolist(), strict=True))
        probes = [id_list[i] for i in _top_indices(query_weights, _PROBE_FEATURES)]
        scored = self._score_candidates(query, probes, features.day)
        if scored and scored[0][0] >= self.threshold:
            event = self._events[scored[0][1]]
        else:
            event = self._new_event(article)
        self._absorb(event, terms, features.day)
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
        """The whole state (parameters included), so that ``add`` continues as if never stopped."""
        state = {
            "version": _STATE_VERSION,
            "params": self._params(),
            "redirects": self.redirects,
            "n_docs": self._n_docs,
            "seq": self._seq,
            "clock": self._clock,
            "events": [e.to_list() for e in self._events.values()],
            "df": _sparse_df(self._df),
        }
        return zlib.compress(json.dumps(state, separators=(",", ":")).encode(), 1)

    @classmethod
    def from_bytes(cls, data: bytes) -> EventClusterer:
        try:
            state = json.loads(zlib.decompress(data))
        except (zlib.error, ValueError) as exc:
            raise ValueError(f"not a saved EventClusterer state ({exc}); start a new one instead") from exc
        if state.get("version") != _STATE_VERSION:
            raise ValueError(
                f"EventClusterer state version {state.get('version')} is not {_STATE_VERSION}: it was saved by "
                "another storyline version; start a new clusterer (a new store) instead"
            )
        clusterer = cls(**state["params"])
        clusterer.redirects = dict(state["redirects"])
        clusterer._n_docs = state["n_docs"]
        clusterer._seq = state["seq"]
        clusterer._clock = state["clock"]
        features, counts = state["df"]
        clusterer._df[np.asarray(features, dtype=np.int64)] = np.asarray(counts, dtype=np.uint32)
        for row in state["events"]:
            event = _Event.from_list(row)
            clusterer._events[event.id] = event
            clusterer._index(event, event.keys)
        return clusterer

    # ------------------------------------------------------------------ scoring

    def _signal_norms(self, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Per feature, what to divide its weight by so that each signal present takes its share
        of a unit vector (the shares of the signals present, renormalised to sum to 1)."""
        signals = signal_of(ids)
        squares = np.bincount(signals, weights=weights * weights, minlength=len(SIGNALS))
        present = squares > 0
        shares = np.where(present, self._signal_shares, 0.0)
        total = shares.sum()
        if total <= 0:  # only signals weighted 0: plain unit length
            return np.full(len(ids), float(np.sqrt(squares.sum())) or 1.0)
        scale = np.sqrt(np.divide(squares, shares / total, out=np.full(len(SIGNALS), np.inf), where=shares > 0))
        return scale[signals]

    def _idf(self, ids: np.ndarray) -> np.ndarray:
        # Smoothed IDF as in scikit-learn's TfidfTransformer, learned from the stream so far.
        return (math.log(1 + self._n_docs) + 1.0) - np.log1p(self._df[ids])

    def _score_candidates(
        self, query: dict[int, float], probes: list[int], day: int | None
    ) -> list[tuple[float, str]]:
        """(score, event id) of the candidate events, best first."""
        scored = []
        weight = query.__getitem__
        for event in self._candidates(probes):
            centroid = event.centroid
            # Only shared features contribute. The article's few hundred features are looked up in
            # the (larger) centroid, not the other way round; filter() and map() run in C.
            shared = list(filter(centroid.__contains__, query))
            dot = sum(map(mul, map(weight, shared), map(centroid.__getitem__, shared)))
            gap = _gap(day, day, event.first_day, event.last_day)
            score = dot / event.size * self._time_factor(gap)
            scored.append((score, -event.seq, event.id))
        scored.sort(reverse=True)
        return [(score, ident) for score, _, ident in scored]

    def _candidates(self, probes: list[int]) -> list[_Event]:
        # Events per probe, counted in C: how many of the probes each event shares.
        hits = Counter(chain.from_iterable(map(self._postings.get, probes, repeat(()))))
        events = self._events
        # Most shared probes first, then the most recent event (seq is unique: ids are never compared).
        ranked = zip(hits.values(), map(attrgetter("seq"), map(events.__getitem__, hits)), hits)
        return [events[ident] for _, _, ident in heapq.nlargest(_MAX_CANDIDATES, ranked)]

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
            del events[oldest.id]

    def _new_event(self, article: Article) -> _Event:
        self._seq += 1
        digest = hashlib.sha1(f"{self._seq}:{article.id}".encode()).hexdigest()[:12]
        event = _Event(id=f"ev-{digest}", seq=self._seq, centroid={})
        self._events[event.id] = event
        return event

    def _absorb(self, event: _Event, terms: dict[int, float], day: int | None) -> None:
        centroid = event.centroid
        # centroid[f] += t for every term, as one C-level pass (the hot path of every article).
        keys = list(terms)
        centroid.update(zip(keys, map(add, map(centroid.get, keys, repeat(0.0)), terms.values()), strict=True))
        event.size += 1
        event.first_day = _min(event.first_day, day)
        event.last_day = _max(event.last_day, day)
        self._refresh(event)

    def _refresh(self, event: _Event) -> None:
        """Mark an event recent; prune and re-index it when it has grown enough to matter."""
        event.touched = self._clock
        self._events.move_to_end(event.id)
        # Re-ranking a centroid costs as much as scoring; doing it at sizes 1, 2, 4, 8 ...
        # and every 16 articles keeps the index fresh at a small, bounded cost.
        size = event.size
        if size & (size - 1) and size % 16 and len(event.centroid) <= 2 * _EVENT_TERMS:
            return
        centroid = event.centroid
        ids = np.fromiter(centroid, dtype=np.int64, count=len(centroid))
        sums = np.fromiter(centroid.values(), dtype=np.float64, count=len(centroid))
        weighted = sums * self._idf(ids)
        if len(ids) > 2 * _EVENT_TERMS:
            kept = _top_indices(weighted, _EVENT_TERMS)  # heaviest first
            ids = ids[kept]
            event.centroid = dict(zip(ids.tolist(), sums[kept].tolist(), strict=True))
            self._index(event, ids[:_INDEX_FEATURES].tolist())
        else:
            self._index(event, ids[_top_indices(weighted, _INDEX_FEATURES)].tolist())

    def _index(self, event: _Event, keys: list[int]) -> None:
        """Make ``event`` findable under exactly ``keys`` (an empty list removes it)."""
        old, new = set(event.keys), set(keys)
        for f in old - new:
            posting = self._postings.get(f)
            if posting is not None:
                posting.pop(event.id, None)
                if not posting:
                    del self._postings[f]
        for f in keys:
            self._postings.setdefault(f, {})[event.id] = None
        event.keys = keys

    def _merge_similar(self, event: _Event, candidate_ids: list[str]) -> str:
        """Merge ``event`` with any candidate whose centroid is now as good as the same; return its id."""
        for ident in candidate_ids:
            other = self._events.get(ident)
            if other is None or other is event:
                continue
            if self._event_similarity(event, other) >= self.merge_threshold:
                event = self._merge(event, other)
        return event.id

    def _event_similarity(self, a: _Event, b: _Event) -> float:
        shared = list(a.centroid.keys() & b.centroid.keys())
        count = len(shared)
        ids = np.fromiter(shared, dtype=np.int64, count=count)
        products = np.fromiter(map(a.centroid.__getitem__, shared), dtype=np.float64, count=count)
        products *= np.fromiter(map(b.centroid.__getitem__, shared), dtype=np.float64, count=count)
        idf = self._idf(ids)
        dot = float(products @ (idf * idf))
        gap = _gap(a.first_day, a.last_day, b.first_day, b.last_day)
        return dot / (a.size * b.size) * self._time_factor(gap)

    def _merge(self, a: _Event, b: _Event) -> _Event:
        """Fold the smaller event into the larger (the older on a tie); record the redirect."""
        keep, gone = (a, b) if (a.size, -a.seq) >= (b.size, -b.seq) else (b, a)
        for f, c in gone.centroid.items():
            keep.centroid[f] = keep.centroid.get(f, 0.0) + c
        keep.size += gone.size
        keep.first_day = _min(keep.first_day, gone.first_day)
        keep.last_day = _max(keep.last_day, gone.last_day)
        self._index(gone, [])
        del self._events[gone.id]
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


def _top_indices(weights: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k largest weights, largest first (ties: lower position first)."""
    if len(weights) > k:
        part = np.argpartition(-weights, k - 1)[:k]
        return part[np.lexsort((part, -weights[part]))]
    return np.lexsort((np.arange(len(weights)), -weights))


def _sparse_df(counts: np.ndarray) -> list[list[int]]:
    features = np.flatnonzero(counts)
    return [features.tolist(), counts[features].tolist()]
