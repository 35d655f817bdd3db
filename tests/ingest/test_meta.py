"""Metadata: language with a declared-English shortcut, the page head read in one walk."""

from __future__ import annotations

import pytest
import trafilatura

from storyline.ingest._meta import detect_language, html_metadata

from ._pages import PARAGRAPHS, article_page

_ENGLISH = " ".join(PARAGRAPHS)
_FRENCH = (
    "Le conseil municipal a voté mardi pour approuver une nouvelle digue contre les inondations, mettant fin à deux "
    "ans de débat sur son coût. Le maire a dit que la digue protégera environ quatre mille maisons de la ville."
)
_OTHERS = {
    "da": "Byrådet har besluttet at bygge en ny dæmning for at beskytte byen, og borgmesteren sagde at det er "
    "nødvendigt her, selv om kritikerne mener at prisen er for høj for kommunen og for borgerne i byen.",
    "nl": "De gemeenteraad heeft dinsdag besloten om een nieuwe dijk te bouwen, of de kosten nu hoog zijn of niet. "
    "De burgemeester zei dat het plan de stad zal beschermen tegen overstromingen van de rivier.",
    "pl": "To jest najważniejsza decyzja rady miasta od lat, powiedział burmistrz. To nie jest tanie, ale to "
    "konieczne, aby chronić domy przed powodzią, która w zeszłym roku zniszczyła wiele budynków.",
}


def test_declared_english_is_trusted_only_on_english_looking_text():
    assert detect_language(_ENGLISH, "en") == detect_language(_ENGLISH) == "en"
    assert detect_language(_FRENCH, "en") == "fr"  # a wrong declaration is overruled by the classifier
    assert detect_language(_ENGLISH, "fr") == "en"
    for code, text in _OTHERS.items():
        assert detect_language(text, "en") == detect_language(text), code
    assert detect_language("Too short to tell.", "en") is None


def _head(page: str) -> dict[str, object]:
    return html_metadata(trafilatura.load_html(page))


def test_page_head_read_in_one_walk():
    ld = '{"@type": "NewsArticle", "headline": "LD headline", "datePublished": "2021-04-05", "author": [{"name": "A B"}]}'
    head = _head(
        article_page(head='<link rel="canonical" href="https://news.example.com/barrier?utm_source=x">').replace(
            '<html lang="en">', '<html lang="en-GB">'
        ).replace("<footer>", f'<script type="application/ld+json">{ld}</script><footer>')
    )
    assert head == {
        "title": "LD headline",
        "published": "2021-04-05",
        "published_origin": "json_ld",
        "author": "A B",
        "canonical_url": "https://news.example.com/barrier?utm_source=x",
        "declared_language": "en",
    }


def test_meta_date_wins_over_time_element_wherever_it_stands():
    body_time = '<time itemprop="datePublished" datetime="2021-01-02">2 Jan</time>'
    page = article_page(head='<meta property="og:url" content="https://news.example.com/og">')
    page = page.replace("<article>", f"<article>{body_time}<meta itemprop='datePublished' content='2021-03-04'>")
    head = _head(page)
    assert (head["published"], head["canonical_url"]) == ("2021-03-04", "https://news.example.com/og")
    assert _head(article_page().replace("<article>", f"<article>{body_time}"))["published"] == "2021-01-02"


def test_title_is_the_h1_when_the_title_tag_starts_with_it():
    assert _head(article_page(title="Barrier approved"))["title"] == "Barrier approved"
    page = article_page(title="Barrier approved").replace("<h1>Barrier approved</h1>", "<h1>Other</h1><h1>Barrier</h1>")
    assert _head(page)["title"] == "Barrier approved - Riverton Gazette"
