"""The clustering benchmark: its synthetic stream and its one- and two-process runs agree."""

from __future__ import annotations

import multiprocessing
import queue
import re

import pytest

from storyline.cluster import benchmark_clustering
from storyline.cluster._bench import (
    _CAPITALISED,
    _feature_chunk,
    _feature_worker,
    _letters,
    _Stream,
    _synthesise,
    _templates,
)
from storyline.cluster._engine import EventClusterer
from tests.cluster.conftest import ELECTION, FLOOD, QUAKE, article

BASE = [
    article("q", QUAKE, "2020-01-01", title="Quake in Sumbawa"),
    article("f", FLOOD, "2020-01-01"),
    article("e", ELECTION, "2020-01-02", title="Ghana votes"),
    article("q2", "Aid reached Bima. " + QUAKE, "2020-01-03"),
]


def test_a_copy_tags_every_capitalised_word_and_number_of_text_and_title() -> None:
    synthetic, _ = _synthesise(BASE[0], None, 3, 0, 2)
    tag = _letters(3)
    expected = _CAPITALISED.sub(lambda m: m.group(1) + tag, QUAKE).replace("7.1", "7.1.3")
    assert synthetic.text == expected
    assert synthetic.title == f"Quake{tag} in Sumbawa{tag}"
    assert synthetic.id == "q~3" and synthetic.published == "2020-01-07"  # 3 copies, 2 days apart
    assert not re.search(r"\bBima\b", synthetic.text)


def test_two_processes_cluster_exactly_as_one() -> None:
    one = list(benchmark_clustering(BASE, None, 60, processes=1))
    two = list(benchmark_clustering(BASE, None, 60, processes=2, chunk_size=5))  # chunks made by both processes
    assert [row.n for row in one] == [row.n for row in two] == [60]
    assert (one[0].events, one[0].active_events) == (two[0].events, two[0].active_events)
    assert two[0].processes == 2
    assert all(row.articles_per_s > 0 and row.assign_per_s > 0 and row.features_per_s > 0 for row in one + two)
    assert all(row.cpu_bound_per_s > 0 for row in one + two)


def test_bad_benchmark_settings_are_named() -> None:
    with pytest.raises(ValueError, match="processes"):
        list(benchmark_clustering(BASE, None, 10, processes=3))
    with pytest.raises(ValueError, match="no articles"):
        list(benchmark_clustering([], None, 10))


def test_a_copy_moves_resolved_dates_with_it() -> None:
    from storyline.model import Analysis, DateMention

    analysis = Analysis("q", QUAKE, dates=[
        DateMention(0, 1, "x", "2016-09-05"), DateMention(0, 1, "x", "--12-31"), DateMention(0, 1, "x", "2016"),
    ])  # fmt: skip
    _, moved = _synthesise(BASE[0], analysis, 3, 0, 2)
    assert [d.value for d in moved.dates] == ["2016-09-11", "--01-06", "2016"]


def test_a_copy_tags_every_word_of_each_entity_name_and_keeps_the_rest_of_the_entity() -> None:
    from storyline.model import Analysis, Entity

    entities = [Entity(9, 16, "Sumbawa", "GPE", "Sumbawa"), Entity(0, 5, "Quake", "EVENT", "Big Quake")]
    _, copied = _synthesise(BASE[0], Analysis("q", QUAKE, entities=entities), 3, 0, 2)
    tag = _letters(3)
    assert copied.entities == [
        Entity(9, 16, "Sumbawa", "GPE", f"Sumbawa{tag}"), Entity(0, 5, "Quake", "EVENT", f"Big{tag} Quake{tag}"),
    ]  # fmt: skip
    _, bare = _synthesise(BASE[0], Analysis("q", QUAKE), 3, 0, 2)
    assert bare.entities == []


def test_the_characters_that_mark_tag_places_are_not_taken_from_the_text() -> None:
    from storyline.cluster._bench import _NUMBER_MARK, _WORD_MARK

    odd = article("o", f"Odd{_WORD_MARK}text with 12{_NUMBER_MARK} marks.", "2020-01-01")
    synthetic, _ = _synthesise(odd, None, 0, 0, 2)
    assert synthetic.text == f"Odd{_letters(0)} text with 12.0  marks."


def test_the_worker_makes_the_chunks_it_claims_in_order_as_the_main_process_would() -> None:
    stream = _Stream(BASE, {}, 30, 2, _templates(BASE, {}), chunk_size=7)
    claims, sent = multiprocessing.Value("q", 1), queue.Queue()  # chunk 0 already claimed elsewhere
    _feature_worker(stream, EventClusterer(), claims, sent)
    chunks = [sent.get_nowait() for _ in range(sent.qsize())]
    assert [chunk["number"] for chunk in chunks] == [1, 2, 3, 4] and claims.value == 5
    for chunk in chunks:
        here = _feature_chunk(chunk["number"], stream, EventClusterer())
        assert chunk["ids"] == here["ids"] and len(chunk["ids"]) == (2 if chunk["number"] == 4 else 7)
        assert (chunk["features"] == here["features"]).all() and (chunk["tf"] == here["tf"]).all()
