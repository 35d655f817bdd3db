"""RSS/Atom feeds: full entries, summary entries fetched from their page, re-polling, malformed feeds."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from storyline.ingest import IngestError, read_sources

from ._pages import PARAGRAPHS, article_page
from ._server import LocalServer, send

LONG = " ".join(PARAGRAPHS * 2)  # over the full-content threshold


def _rss(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Tue, 06 Apr 2021 09:30:00 GMT</pubDate><author>desk@gazette.example.com (Dana Reyes)</author>"
        f"<description>{escape(body)}</description></item>"
        for title, link, body in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Riverton Gazette</title>{entries}</channel></rss>'


def test_full_entries_become_articles_with_feed_metadata(tmp_path: Path):
    path = tmp_path / "feed.xml"
    other = LONG.replace("Riverton", "Lakeside")
    path.write_text(_rss([("Barrier approved", "https://g.example.com/a", f"<p>{LONG}</p>"), ("Lakeside too", "https://g.example.com/b", other)]), encoding="utf-8")
    first, second = list(read_sources([path]))
    assert (first.title, first.source, first.url) == ("Barrier approved", "Riverton Gazette", "https://g.example.com/a")
    assert (first.published, first.meta["published_origin"]) == ("2021-04-06T09:30:00+00:00", "feed")
    assert first.author == "desk@gazette.example.com (Dana Reyes)" and PARAGRAPHS[3] in first.text
    assert "Lakeside" in second.text


@pytest.fixture()
def site():
    with LocalServer({}) as server:
        for n in (1, 2, 3):
            page = article_page(title=f"Story {n}", paragraphs=[p.replace("Riverton", f"Town{n}") for p in PARAGRAPHS]).encode()
            server.routes[f"/story{n}"] = lambda h, page=page: send(h, page)
        yield server


def _summary_feed(site, numbers) -> bytes:
    return _rss([(f"Story {n}", site.url(f"/story{n}"), "Teaser only.") for n in numbers]).encode()


def test_summary_entries_fetch_their_page_and_repolling_adds_only_new_entries(site):
    site.routes["/feed"] = lambda h: send(h, _summary_feed(site, [1, 2]), "application/rss+xml")
    seen: set[str] = set()
    first_poll = list(read_sources([site.url("/feed")], allow_private=True, is_known=seen.__contains__))
    assert [a.title for a in first_poll] == ["Story 1", "Story 2"]
    assert first_poll[0].source == "Riverton Gazette" and "Town1" in first_poll[0].text
    assert first_poll[0].meta["published_origin"] == "feed"
    seen.update(a.meta["feed_entry_id"] for a in first_poll)
    site.routes["/feed"] = lambda h: send(h, _summary_feed(site, [1, 2, 3]), "application/rss+xml")
    second_poll = list(read_sources([site.url("/feed")], allow_private=True, is_known=seen.__contains__))
    assert [a.title for a in second_poll] == ["Story 3"]
    assert site.hits["/story1"] == 1  # known entries are not fetched again


def test_malformed_feed(tmp_path: Path):
    path = tmp_path / "broken.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><item><title>cut', encoding="utf-8")
    items = list(read_sources([path, tmp_path / "missing.rss"]))
    assert all(isinstance(i, IngestError) for i in items)
    assert items[0].input == str(path) and items[0].message.startswith("malformed feed (")
    assert items[-1].input == str(tmp_path / "missing.rss")  # the batch goes on


def test_feed_without_entries(tmp_path: Path):
    path = tmp_path / "empty.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>X</ti', encoding="utf-8")
    (error,) = list(read_sources([path]))
    assert error.input == str(path) and error.message.startswith("not a usable RSS/Atom feed: ")
