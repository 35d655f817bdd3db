"""End to end on the two seed reports, with the real ingest and analyze stages (issue 6)."""

from __future__ import annotations

import json

import pytest


def _corroborated(dossier) -> list[str]:
    return [" ".join(s["text"] for s in f["support"]) for f in dossier.facts if f["status"] == "corroborated"]


def _single(dossier, article_index: int, articles) -> list[str]:
    own = articles[article_index].id
    return [f["text"] for f in dossier.facts if f["status"] == "single-source" and f["anchor"]["article_id"] == own]


@pytest.mark.parametrize(
    "words",
    [
        ("sidelines", "G20"),
        ("Syria", "Ukraine"),
        ("humanitarian",),
        ("cyber intrusions",),
    ],
)
def test_corroborated_facts_of_the_seeds(seed_dossier, words):
    assert any(all(w in text for w in words) for text in _corroborated(seed_dossier)), _corroborated(seed_dossier)


@pytest.mark.parametrize(
    ("article", "words"),
    [
        (0, "Democratic National Committee"),
        (0, "Lavrov"),
        (0, "al Nusra"),
        (1, "Minsk"),
        (1, "sanctions"),
        (1, "with impunity"),
        (1, "arms race"),
    ],
)
def test_single_source_facts_of_the_seeds(seed_dossier, seed_articles, article, words):
    assert any(words in text for text in _single(seed_dossier, article, seed_articles))


def test_businesslike_quote_appears_once_with_both_variants(seed_dossier, seed_articles):
    carrying = [q for q in seed_dossier.quotes if any("businesslike" in v["text"] for v in q["variants"])]
    assert len(carrying) == 1
    variants = carrying[0]["variants"]
    assert any("the typical the tone" in v["text"] for v in variants)
    assert any(v["text"].strip("“”\" ") == "businesslike" for v in variants)
    assert set(carrying[0]["articles"]) == {a.id for a in seed_articles}


def test_summary_cites_both_articles(seed_dossier, seed_articles):
    cited = {c for s in seed_dossier.summary for c in s["citations"]}
    assert cited == {a.id for a in seed_articles}
    assert 3 <= len(seed_dossier.summary) <= 6


def test_nothing_in_the_dossier_is_text_no_article_holds(seed_dossier, seed_articles, seed_analyses):
    texts = {(a.article_id, "text"): a.text for a in seed_analyses}
    texts |= {(a.id, "title"): a.title for a in seed_articles}
    spans = [s for f in seed_dossier.facts for s in f["support"]]
    spans += [s for q in seed_dossier.quotes for v in q["variants"] for s in v["sources"]]
    spans += [s for x in seed_dossier.summary for s in x["support"]]
    spans += [side for c in seed_dossier.contradictions for side in (c["a"], c["b"])]
    for span in spans:
        assert texts[(span["article_id"], span.get("field", "text"))][span["start"] : span["end"]] == span["text"]


def test_seed_dossier_has_no_web_debris(seed_dossier):
    rendered = json.dumps(seed_dossier.to_dict())
    for debris in ("please wait", "Accessibility links", "0:01:27"):
        assert debris not in rendered


@pytest.mark.parametrize(
    "words",
    [
        ("businesslike", "the typical the tone"),  # joined by the quote both outlets carry
        ("next few days", "coming days"),  # a clause of a long sentence, relative time aligned
    ],
)
def test_corroborated_facts_found_through_quotes_and_clauses(seed_dossier, words):
    assert any(all(w in text for w in words) for text in _corroborated(seed_dossier)), _corroborated(seed_dossier)


def test_required_single_source_facts_are_visible_in_the_text_view(seed_dossier):
    from storyline.dossier import render_dossier

    text = " ".join(render_dossier(seed_dossier, "text", width=160).split())
    for words in ("Democratic National", "al Nusra", "Minsk", "impunity", "arms race", "constructive but not"):
        assert words in text


def test_where_is_the_summit_city_not_the_country_discussed(seed_dossier):
    assert seed_dossier.w5h1["where"][0]["text"] == "Hangzhou"


def test_a_sub_topic_named_in_the_headline_is_covered(seed_dossier, seed_articles):
    framing = {a["article_id"]: a for a in seed_dossier.framing["articles"]}
    first = framing[seed_articles[0].id]  # its headline says "over Syria, Ukraine"; its text never names Ukraine
    assert not any("Ukraine" in label for label in first["missing"])
    assert any("Ukraine" in label for label in first["covered"])
