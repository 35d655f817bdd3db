"""The HTML path hands trafilatura one shared Extractor: same text as trafilatura's keyword call."""

from __future__ import annotations

import trafilatura
from trafilatura.settings import Extractor

from storyline.ingest._bench import make_pages
from storyline.ingest._html import _EXTRACT_OPTIONS, _EXTRACTOR, _extractor_for, html_to_article
from storyline.ingest._text import clean_text

from ._pages import article_page


def test_page_extractor_equals_one_built_from_keywords():
    for url in (None, "https://news.example.com/2016/09/05/story?utm_source=x", "https://news.example.com/\udcff"):
        ours = _extractor_for(url)
        built = Extractor(output_format="txt", comments=False, tables=True, with_metadata=False, url=url)
        assert {slot: getattr(ours, slot) for slot in Extractor.__slots__} == {
            slot: getattr(built, slot) for slot in Extractor.__slots__
        }
    assert _EXTRACTOR.url is None and _EXTRACTOR.source is None  # the shared one is never changed


def test_article_text_is_trafilaturas_text_for_the_same_settings():
    pages = [article_page().encode(), *make_pages(3)]
    for number, page in enumerate(pages):
        url = f"https://news.example.com/2016/09/05/story-{number}"
        expected = clean_text(trafilatura.extract(page, url=url, **_EXTRACT_OPTIONS), take_title=False).text
        assert html_to_article(page, url=url).text == expected
