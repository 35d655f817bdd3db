"""Behaviour of the online EventClusterer: joins, splits, time, merges, persistence."""

from __future__ import annotations

import json
import math
import zlib

import numpy as np
import pytest

from storyline.cluster import EventClusterer, cluster_articles, stream_order
from tests.cluster.conftest import ELECTION, FLOOD, QUAKE, article


def test_same_story_joins_and_different_stories_split() -> None:
    clusterer = EventClusterer()
    a = clusterer.add(article("a", QUAKE + "Aid arrived on Monday.", "2020-03-01"))
    b = clusterer.add(article("b", FLOOD, "2020-03-01"))
    c = clusterer.add(article("c", QUAKE + "The death toll rose to 40.", "2020-03-02"))
    assert a == c
    assert a != b


def test_undated_articles_still_cluster() -> None:
    articles = [article("q1", QUAKE), article("f1", FLOOD), article("q2", "Officials said: " + QUAKE),
                article("e1", ELECTION), article("f2", FLOOD + "Sandbags were piled up.")]
    events = cluster_articles(articles)
    assert events["q1"] == events["q2"]
    assert events["f1"] == events["f2"]
    assert len({events["q1"], events["f1"], events["e1"]}) == 3


def test_result_is_deterministic() -> None:
    articles = [article(f"x{i}", [QUAKE, FLOOD, ELECTION][i % 3] + f"Update number {i}.", f"2020-01-{1 + i:02d}")
                for i in range(12)]
    assert cluster_articles(articles) == cluster_articles(articles)
    assert cluster_articles(articles, threshold=0.3) == cluster_articles(articles, threshold=0.3)


def test_late_article_joins_its_event() -> None:
    clusterer = EventClusterer()
    quake = clusterer.add(article("q1", QUAKE, "2020-05-10"))
    clusterer.add(article("f1", FLOOD, "2020-05-20"))
    clusterer.add(article("e1", ELECTION, "2020-05-30"))
    late = clusterer.add(article("q0", "Early reports: " + QUAKE, "2020-05-09"))
    assert late == quake


def test_stream_order_sorts_dated_and_keeps_undated_in_place() -> None:
    articles = [article("c", QUAKE, "2020-01-03"), article("u", FLOOD), article("a", QUAKE, "2020-01-01")]
    assert [a.id for a in stream_order(articles)] == ["a", "c", "u"]


def test_stream_order_compares_times_across_utc_offsets() -> None:
    times = {"new york 10:00 (15:00 UTC)": "2016-09-05T10:00:00-05:00", "utc 12:00": "2016-09-05T12:00:00Z",
             "berlin 13:00 (11:00 UTC)": "2016-09-05T13:00:00+02:00", "utc 12:00 again": "2016-09-05T12:00:00+00:00",
             "the day before": "2016-09-04"}  # fmt: skip
    articles = [article(name, QUAKE, published) for name, published in times.items()]
    assert [a.id for a in stream_order(articles)] == [
        "the day before", "berlin 13:00 (11:00 UTC)", "utc 12:00", "utc 12:00 again", "new york 10:00 (15:00 UTC)",
    ]  # fmt: skip


def test_an_event_two_years_later_is_a_new_event() -> None:
    first = "Obama and Putin met on the sidelines of the G20 summit and discussed Syria and Ukraine sanctions."
    later = "Putin and Obama met at the G20 summit, talks on Syria ceasefire and Ukraine were tense."
    events = cluster_articles([article("2014", first, "2014-11-15"), article("2016", later, "2016-09-05")])
    assert events["2014"] != events["2016"]
    same_week = cluster_articles([article("mon", first, "2016-09-05"), article("tue", later, "2016-09-06")])
    assert same_week["mon"] == same_week["tue"]


def test_merge_keeps_a_redirect_record() -> None:
    clusterer = EventClusterer(threshold=0.1, merge_threshold=0.05)
    quake = clusterer.add(article("q", QUAKE, "2020-02-01"))
    flood = clusterer.add(article("f", FLOOD, "2020-02-01"))
    assert quake != flood
    # A report about both disasters fits both events: it bridges them and they merge.
    bridge = clusterer.add(article("b", QUAKE + FLOOD, "2020-02-02"))
    assert len(clusterer.redirects) == 1
    (old, new), = clusterer.redirects.items()
    assert {old, new} == {quake, flood}
    assert clusterer.resolve(quake) == clusterer.resolve(flood) == bridge == new
    assert clusterer.resolve(bridge) == bridge


def test_persistence_round_trip_continues_as_if_never_stopped() -> None:
    stream = [article(f"s{i}", [QUAKE, FLOOD, ELECTION][i % 3] + f"Item {i}.", f"2020-01-{1 + 2 * i:02d}")
              for i in range(14)]
    whole = EventClusterer()
    expected = [whole.add(a) for a in stream]
    first = EventClusterer()
    got = [first.add(a) for a in stream[:7]]
    saved = first.to_bytes()
    restored = EventClusterer.from_bytes(saved)
    assert restored.to_bytes() == saved
    got += [restored.add(a) for a in stream[7:]]
    assert got == expected
    assert restored.to_bytes() == whole.to_bytes()


def _v3_state(clusterer: EventClusterer) -> bytes:
    """The state as storyline saved it before version 4: everything as JSON numbers."""
    events = [[e.id, e.seq, list(zip(e.centroid_ids.tolist(), e.centroid_sums.tolist(), strict=True)), e.size,
               e.first_day, e.last_day, e.touched, e.keys] for e in clusterer._events.values()]
    features = np.flatnonzero(clusterer._df)
    state = {"version": 3, "params": clusterer._params(), "redirects": clusterer.redirects,
             "n_docs": clusterer._n_docs, "seq": clusterer._seq, "clock": clusterer._clock, "events": events,
             "df": [features.tolist(), clusterer._df[features].tolist()]}
    return zlib.compress(json.dumps(state).encode())


def test_a_state_saved_by_version_3_loads_and_continues_the_same() -> None:
    stream = [article(f"s{i}", [QUAKE, FLOOD, ELECTION][i % 3] + f"Item {i}.", f"2020-01-{1 + 2 * i:02d}")
              for i in range(14)]
    first = EventClusterer()
    for a in stream[:7]:
        first.add(a)
    restored = EventClusterer.from_bytes(_v3_state(first))
    assert restored.to_bytes() == first.to_bytes()
    assert [restored.add(a) for a in stream[7:]] == [first.add(a) for a in stream[7:]]


def test_a_damaged_or_foreign_state_is_refused_clearly() -> None:
    clusterer = EventClusterer()
    clusterer.add(article("q", QUAKE))
    truncated = zlib.compress(zlib.decompress(clusterer.to_bytes())[:-3])  # the last document frequency cut
    for damaged in (truncated, zlib.compress(b"storyline-clusterer\n" + b"\xff" * 12)):
        with pytest.raises(ValueError, match="not a saved EventClusterer state"):
            EventClusterer.from_bytes(damaged)
    with pytest.raises(ValueError, match="state version 2 is not 4"):
        EventClusterer.from_bytes(zlib.compress(json.dumps({"version": 2}).encode()))


def test_quiet_events_leave_the_active_window() -> None:
    clusterer = EventClusterer(window_days=30)
    clusterer.add(article("q", QUAKE, "2019-01-01"))
    clusterer.add(article("f", FLOOD, "2019-01-02"))
    assert clusterer.active_events == 2
    clusterer.add(article("e", ELECTION, "2019-06-01"))
    # The quake and the flood went quiet 30+ days of stream time ago: only the election is held.
    assert clusterer.active_events == 1


def test_bad_state_and_parameters_give_clear_errors() -> None:
    with pytest.raises(ValueError, match="not a saved EventClusterer state"):
        EventClusterer.from_bytes(b"garbage")
    with pytest.raises(ValueError, match="threshold"):
        EventClusterer(threshold=1.5)
    with pytest.raises(ValueError, match="unknown signal"):
        EventClusterer(signal_weights={"colour": 1.0})
    with pytest.raises(ValueError, match="not all 0"):
        EventClusterer(signal_weights={"words": 0.0})


def test_each_signal_present_takes_its_share_of_the_similarity() -> None:
    import numpy as np

    from storyline.cluster._features import SIGNALS, signal_of

    clusterer = EventClusterer()
    features = clusterer.features(article("a", "A magnitude 5.6 earthquake injured 21 people on the island."))
    weights = features.tf  # one article seen: every IDF is equal, so tf carries the relative weights
    scaled = weights / clusterer._signal_norms(features.ids, weights)
    squares = np.bincount(signal_of(features.ids), weights=scaled * scaled, minlength=len(SIGNALS))
    # No analysis and no date: words and numbers share the whole, 0.45 : 0.15.
    assert squares.tolist() == pytest.approx([0.75, 0.0, 0.0, 0.25])


def _small_stream_clusterer() -> EventClusterer:
    clusterer = EventClusterer()
    texts = [QUAKE, FLOOD, ELECTION]
    for i in range(24):
        text = texts[i % 3] + f"Update {i}: {i * 7} people in Town{i % 5}."
        clusterer.add(article(f"s{i}", text, f"2020-02-{1 + i:02d}"))
    return clusterer


def test_batched_scoring_sums_exactly_as_one_product_per_shared_feature() -> None:
    import numpy as np

    clusterer = _small_stream_clusterer()
    events = list(clusterer._events.values())
    # A query over some features of every event and some no event has, in a fixed shuffled order.
    rng = np.random.default_rng(7)
    ids = np.unique(np.concatenate([e.centroid_ids[:40] for e in events] + [np.arange(5, 25)]))
    ids = rng.permutation(ids)
    weights = rng.random(len(ids))
    probes = ids[:32].tolist()
    scored = clusterer._score_candidates(ids, weights, probes, 737_000)
    assert scored and not clusterer._positions.any()  # the lookup table is left clean
    for score, ident in scored:
        event = clusterer._events[ident]
        centroid = dict(zip(event.centroid_ids.tolist(), event.centroid_sums.tolist(), strict=True))
        dot = 0.0
        for feature, weight in zip(ids.tolist(), weights.tolist(), strict=True):
            if feature in centroid:
                dot += weight * centroid[feature]
        gap = max(0, event.first_day - 737_000, 737_000 - event.last_day)
        assert score == dot / event.size * clusterer._time_factor(gap)
    assert [s for s, _ in scored] == sorted((s for s, _ in scored), reverse=True)


def test_event_similarity_is_the_dot_product_of_the_centroids_over_shared_features() -> None:
    import numpy as np

    clusterer = _small_stream_clusterer()
    events = list(clusterer._events.values())
    for a in events:
        for b in events:
            ca = dict(zip(a.centroid_ids.tolist(), a.centroid_sums.tolist(), strict=True))
            cb = dict(zip(b.centroid_ids.tolist(), b.centroid_sums.tolist(), strict=True))
            shared = list(ca.keys() & cb.keys())  # the order the sum was always taken in
            ids = np.array(shared, dtype=np.int64)
            products = np.array([ca[f] * cb[f] for f in shared])
            idf = clusterer._idf(ids)
            dot = float(products @ (idf * idf))
            gap = max(0, a.first_day - b.last_day, b.first_day - a.last_day)
            assert clusterer._event_similarity(a, b) == dot / (a.size * b.size) * clusterer._time_factor(gap)
    assert not clusterer._positions.any()


def test_quick_merge_decision_is_the_exact_one_even_at_the_threshold() -> None:
    clusterer = _small_stream_clusterer()
    events = list(clusterer._events.values())
    similarities = [(a, b, clusterer._event_similarity(a, b)) for a in events for b in events if a is not b]
    assert any(s > 0 for _, _, s in similarities)
    for a, b, similarity in similarities:
        if similarity <= 0:
            continue
        # A threshold exactly at the similarity, one ulp either side, and well away from it.
        for threshold in (similarity, math.nextafter(similarity, 0), math.nextafter(similarity, 1), similarity / 2,
                          similarity * 2):
            clusterer.merge_threshold = threshold
            assert clusterer._similar_enough(a, b) == (clusterer._event_similarity(a, b) >= threshold)
    assert not clusterer._positions.any()


def test_candidates_are_the_events_sharing_most_probes_then_the_most_recent() -> None:
    from storyline.cluster._engine import _MAX_CANDIDATES

    clusterer = EventClusterer()
    # Event k (created k-th) is indexed under features 0 .. shared[k]-1: it shares that many probes.
    shared = [3, 1, 5, 3, 5, 2, 3, 0]
    events = []
    for k, n in enumerate(shared):
        event = clusterer._new_event(article(f"a{k}", "text"))
        clusterer._index(event, list(range(n)))
        events.append(event)
    expected = sorted(range(len(shared)), key=lambda k: (shared[k], events[k].seq), reverse=True)
    expected = [events[k] for k in expected if shared[k] > 0][:_MAX_CANDIDATES]
    assert clusterer._candidates(list(range(6))) == expected
    assert [e.seq for e in expected] == [5, 3, 7, 4]  # 5 probes: the later first; then 3 probes
    assert clusterer._candidates([1]) == [e for e in reversed(events) if len(e.keys) > 1][:_MAX_CANDIDATES]
    assert clusterer._candidates([99]) == []
