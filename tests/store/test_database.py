from __future__ import annotations

import sqlite3

import pytest

from storyline.model import Analysis, Article, Entity, Sentence
from storyline.store import ArticleConflictError, Store, database_url


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "s.db") as s:
        yield s


def test_database_url_from_path_env_and_url(tmp_path, monkeypatch):
    monkeypatch.delenv("STORYLINE_DB", raising=False)
    assert database_url() == "sqlite:///storyline.db"
    monkeypatch.setenv("STORYLINE_DB", str(tmp_path / "x.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url("postgresql+psycopg://u@localhost/db") == "postgresql+psycopg://u@localhost/db"


def test_sqlite_store_uses_wal(tmp_path):
    Store(tmp_path / "w.db").close()
    mode = sqlite3.connect(tmp_path / "w.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_same_text_is_stored_once_with_every_sighting(store):
    first = store.add_article(Article(id="a", text="Obama met Putin.", url="https://one.example/x"))
    again = store.add_article(Article(id="b", text="  obama   met PUTIN. ", url="https://two.example/y"))
    assert first.is_new and not again.is_new
    assert again.article_id == "a"
    assert store.count_articles() == 1
    assert store.sightings("a") == ["https://one.example/x", "https://two.example/y"]


def test_rerun_adds_nothing(store):
    article = Article(id="a", text="Text one.", path="/tmp/one.txt")
    store.add_article(article)
    store.add_article(article)
    assert store.count_articles() == 1
    assert store.sightings("a") == ["/tmp/one.txt"]


def test_same_id_with_other_text_is_refused(store):
    store.add_article(Article(id="a", text="Text one."))
    with pytest.raises(ArticleConflictError, match="'a'"):
        store.add_article(Article(id="a", text="Something else entirely."))
    assert store.get_articles(["a"])[0].text == "Text one."


def test_article_round_trip_keeps_metadata(store):
    article = Article(
        id="a", text="Body.", title="T", published="2016-09-05", source="RFE/RL",
        url="https://x.example/a", credits=["BBC", "Reuters"], meta={"published_origin": "html-meta"},
    )
    store.add_article(article)
    assert store.get_articles(["a"]) == [article]


def test_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_article(Article(id="a", text="Text one."))
            raise RuntimeError("interrupted")
    assert store.count_articles() == 0


def test_analysis_round_trip(store):
    analysis = Analysis(
        article_id="a", text="Obama spoke.",
        sentences=[Sentence(0, 12, "Obama spoke.")],
        entities=[Entity(0, 5, "Obama", "PERSON", "Barack Obama")],
    )
    store.put_analysis(analysis)
    store.put_analysis(analysis)  # idempotent
    assert store.get_analyses(["a"]) == {"a": analysis}


def test_events_are_derived_from_memberships_and_merges_stay_resolvable(store):
    for i, published in enumerate(["2016-09-05", "2016-09-06", "2016-09-07"]):
        store.add_article(Article(id=f"a{i}", text=f"Text {i}.", title=f"Title {i}", published=published))
    store.assign_event("a0", "e1")
    store.assign_event("a1", "e2")
    store.assign_event("a2", "e3")
    store.record_merge("e1", "e2")
    store.record_merge("e2", "e3")
    assert store.resolve_event("e1") == "e3"
    assert store.resolve_event("e2") == "e3"
    event = store.event("e1")
    assert event.id == "e3"
    assert event.article_ids == ["a0", "a1", "a2"]
    assert (event.first_published, event.last_published) == ("2016-09-05", "2016-09-07")
    assert [e.id for e in store.events()] == ["e3"]


def test_an_events_time_span_compares_times_across_utc_offsets(store):
    times = ["2018-08-05T09:00:00+00:00", "2018-08-05T14:00:00+07:00", "2018-08-05T08:00:00-04:00"]
    for i, published in enumerate(times):  # 09:00, 07:00 and 12:00 UTC; each outlet's own notation kept
        store.add_article(Article(id=f"a{i}", text=f"Text {i}.", published=published))
        store.assign_event(f"a{i}", "e1")
    (event,) = store.events()
    assert (event.first_published, event.last_published) == (times[1], times[2])


def test_state_parts_come_back_in_the_order_they_were_added(store):
    assert store.get_state_parts("families") == []
    for number in range(12):  # past 9 and 10: names must sort by number
        store.add_state_part("families", bytes([number]))
    store.put_state("families_other", b"not a part")
    assert store.get_state_parts("families") == [bytes([n]) for n in range(12)]
    assert store.get_state("families") == b"\x00"  # the first part is the state itself


def test_the_oldest_state_parts_can_be_dropped(store):
    for number in range(5):
        store.add_state_part("families", bytes([number]))
    store.drop_state_parts("families", 0)
    store.drop_state_parts("families", 2)
    assert store.get_state_parts("families") == [b"\x02", b"\x03", b"\x04"]
    store.add_state_part("families", b"\x05")  # numbered after the last, not after the count left
    assert store.get_state_parts("families") == [b"\x02", b"\x03", b"\x04", b"\x05"]
    store.drop_state_parts("families", 10)
    assert store.get_state_parts("families") == []
    for number in range(1203):  # more than one statement's worth of names to delete
        store.add_state_part("many", bytes([number % 256]))
    store.drop_state_parts("many", 1201)
    assert store.get_state_parts("many") == [bytes([1201 % 256]), bytes([1202 % 256])]


def test_state_blobs(store):
    assert store.get_state("clusterer") is None
    store.put_state("clusterer", b"\x00\x01")
    store.put_state("clusterer", b"\x02")
    assert store.get_state("clusterer") == b"\x02"
