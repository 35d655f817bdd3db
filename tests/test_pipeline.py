"""The store pipeline on real files: dedup, re-polling, merges recorded, one transaction per chunk."""

from __future__ import annotations

from storyline.pipeline import StorePipeline
from storyline.store import Store

BODY = (
    "The city council of Springfield voted on Tuesday to approve a new budget for the public library, "
    "after months of debate about opening hours, staff numbers and the cost of new books. "
)


def _feed(entries: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example.com/{slug}</link>"
        f"<guid>https://news.example.com/{slug}</guid><pubDate>Tue, 06 Sep 2016 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{(BODY + title + '. ') * 12}</p>]]></description></item>"
        for slug, title in entries
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>{items}</channel></rss>'


def test_repolling_a_feed_adds_only_new_entries(tmp_path, nlp):
    feed = tmp_path / "feed.xml"
    feed.write_text(_feed([("a", "Library budget approved"), ("b", "Council debates opening hours")]))
    with Store(tmp_path / "s.db") as store:
        first = StorePipeline(store, nlp).ingest([str(feed)])
        assert (first.new, first.failed) == (2, 0)
        feed.write_text(_feed([("a", "Library budget approved"), ("b", "Council debates opening hours"),
                               ("c", "Mayor praises new library budget")]))
        second = StorePipeline(store, nlp).ingest([str(feed)])
        assert (second.new, second.duplicate, second.failed) == (1, 2, 0)
        assert store.count_articles() == 3
        stored = {a.url for a in store.get_articles()}
        assert stored == {f"https://news.example.com/{s}" for s in "abc"}
        assert all(a.source == "Example News" for a in store.get_articles())


def test_every_new_article_gets_an_event_and_an_analysis(tmp_path, nlp, seed_paths):
    with Store(tmp_path / "s.db") as store:
        summary = StorePipeline(store, nlp).ingest([str(p) for p in seed_paths])
        ids = [a.id for a in store.get_articles()]
        assert summary.new == len(ids) == 2
        assert set(store.get_analyses(ids)) == set(ids)
        assert all(store.event_of(i) for i in ids)
        assert store.get_state("clusterer") and store.get_state("report_families")


def test_report_families_are_saved_a_chunk_at_a_time_and_restored_whole(tmp_path, nlp):
    pages = tmp_path / "pages"
    pages.mkdir()
    stories = ["library budget", "bus timetable", "harbour repairs"]
    for number, story in enumerate(stories):
        (pages / f"{number}.txt").write_text(f"Council news {number}\n\n" + (BODY + f"Today: {story}. ") * 8)
    with Store(tmp_path / "s.db") as store:
        for number in range(len(stories)):  # one run per file: one part each
            StorePipeline(store, nlp).ingest([str(pages / f"{number}.txt")])
        assert len(store.get_state_parts("report_families")) == 3
        copy = tmp_path / "copy.txt"
        copy.write_text("Council news again\n\n" + (BODY + "Today: library budget. ") * 8 + "Updated at noon.")
        summary = StorePipeline(store, nlp).ingest([str(copy)])
        assert summary.syndicated == 1  # the first run's article is found through the restored parts
        assert len(store.get_state_parts("report_families")) == 4


def test_report_families_forget_the_oldest_articles_and_their_saved_parts(tmp_path, nlp):
    from storyline.ingest import ReportFamilies

    stories = [
        "The harbour authority of Port Ellis reopened the north quay after storm repairs costing two million.",
        "A new timetable for the number nine bus starts on Monday with services every twelve minutes.",
        "The county museum received a collection of Roman coins found by a farmer near Ashby last spring.",
        "Firefighters rescued three hikers stranded on the ridge above Glenmore during heavy snowfall.",
    ]
    pages = tmp_path / "pages"
    pages.mkdir()
    for number, story in enumerate(stories):
        (pages / f"{number}.txt").write_text(f"Local news {number}\n\n" + " ".join([story] * 6))
    with Store(tmp_path / "s.db") as store:
        store.add_state_part("report_families", ReportFamilies(max_articles=2).to_bytes())  # a store's setting
        for number in range(len(stories)):  # one run per file: one part each, the oldest dropped
            StorePipeline(store, nlp).ingest([str(pages / f"{number}.txt")])
            assert len(ReportFamilies.from_parts(store.get_state_parts("report_families"))) == min(number + 1, 2)
        assert len(store.get_state_parts("report_families")) == 2  # only the parts of the 2 articles held
        for number, syndicated in ((3, 1), (0, 0)):  # the newest story is found; the first is forgotten
            copy = tmp_path / f"copy{number}.txt"
            copy.write_text(f"Local news again {number}\n\n" + " ".join([stories[number]] * 6) + " Updated at noon.")
            assert StorePipeline(store, nlp).ingest([str(copy)]).syndicated == syndicated


def test_a_chunk_that_fails_leaves_no_trace_in_memory_or_store(tmp_path, nlp, monkeypatch):
    stories = ["library budget", "bus timetable", "harbour repairs"]
    paths = []
    for number, story in enumerate(stories):
        path = tmp_path / f"{number}.txt"
        path.write_text(f"Council news {number}\n\n" + (BODY + f"Today: {story}. ") * 8)
        paths.append(str(path))

    def saved(store: Store) -> tuple:
        articles = sorted(a.id for a in store.get_articles())
        return (articles, [store.event_of(a) for a in articles], store.get_state("clusterer"),
                store.get_state_parts("report_families"), store.get_state_parts("entity_registry"))

    with Store(tmp_path / "clean.db") as store:
        StorePipeline(store, nlp, chunk_size=1).ingest(paths)
        clean = saved(store)
    with Store(tmp_path / "s.db") as store:
        pipeline = StorePipeline(store, nlp, chunk_size=1)
        put_state, calls = store.put_state, []

        def put_state_failing_once(name: str, data: bytes) -> None:
            calls.append(name)
            if len(calls) == 2:  # the second chunk's clusterer state: its transaction rolls back
                raise OSError("disk full")
            put_state(name, data)

        monkeypatch.setattr(store, "put_state", put_state_failing_once)
        try:
            pipeline.ingest(paths)
        except OSError:
            pass
        else:
            raise AssertionError("the injected failure did not stop the ingest")
        assert store.count_articles() == 1
        again = pipeline.ingest(paths)  # the same pipeline goes on as if the failed chunk never ran
        assert (again.new, again.duplicate) == (2, 1)
        assert saved(store) == clean


def test_a_reload_that_fails_leaves_the_pipeline_as_it_was_and_still_stale(tmp_path, nlp, monkeypatch):
    path = tmp_path / "0.txt"
    path.write_text("Council news\n\n" + (BODY + "Today: library budget. ") * 8)
    with Store(tmp_path / "s.db") as store:
        pipeline = StorePipeline(store, nlp)
        pipeline._stale = True  # as after a failed chunk
        before = (pipeline.families, pipeline.clusterer, pipeline.registry)

        def unreadable(name: str) -> bytes:
            raise OSError("database is locked")

        monkeypatch.setattr(store, "get_state", unreadable)
        try:
            pipeline.ingest([str(path)])
        except OSError as error:
            assert str(error) == "database is locked"  # the store's own error, not one of the reload's making
        else:
            raise AssertionError("the unreadable state did not stop the ingest")
        assert (pipeline.families, pipeline.clusterer, pipeline.registry) == before and pipeline._stale
        monkeypatch.undo()
        assert pipeline.ingest([str(path)]).new == 1 and not pipeline._stale
