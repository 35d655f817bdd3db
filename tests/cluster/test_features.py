"""What the clusterer sees of an article: word stems, years, entities and its date."""

from __future__ import annotations

import datetime as dt

import numpy as np

from storyline.cluster._features import ENTITY_BIT, extract_features, feature_id
from storyline.model import Analysis, Article, Entity


def _weights(article: Article, analysis: Analysis | None = None, entity_weight: float = 1.0) -> dict[int, float]:
    features = extract_features(article, analysis, entity_weight=entity_weight)
    assert len(set(features.ids.tolist())) == len(features.ids)  # one weight per feature
    return dict(zip(features.ids.tolist(), features.tf.tolist(), strict=True))


def test_words_sharing_a_stem_add_up_and_stop_words_and_numbers_are_dropped() -> None:
    weights = _weights(Article(id="a", text="Earthquakes: the earthquake killed 40 people in 2013."))
    quake = feature_id("w", "earthquak")
    assert weights[quake] == np.float64(1.0 + np.log(2.0))  # "Earthquakes" and "earthquake"
    assert feature_id("w", "2013") in weights  # a year is a feature: a coarse "when"
    assert feature_id("w", "the") not in weights and feature_id("w", "40") not in weights
    assert len(weights) == 4  # earthquak, kill, peopl, 2013


def test_title_words_weigh_more_than_body_words() -> None:
    weights = _weights(Article(id="a", text="Flood in Passau. Rain fell.", title="Passau flood"))
    assert weights[feature_id("w", "passau")] > weights[feature_id("w", "rain")]


def test_entities_have_their_own_ids_and_weight() -> None:
    text = "Obama met Putin. Obama spoke."
    analysis = Analysis(article_id="a", text=text, entities=[
        Entity(0, 5, "Obama", "PERSON", "Barack Obama"), Entity(10, 15, "Putin", "PERSON", "Vladimir Putin"),
        Entity(17, 22, "Obama", "PERSON", "Barack Obama"), Entity(0, 0, "", "CARDINAL", "two"),
    ])
    plain = _weights(Article(id="a", text=text), analysis, entity_weight=1.0)
    heavy = _weights(Article(id="a", text=text), analysis, entity_weight=2.0)
    entity_ids = [f for f in plain if f & ENTITY_BIT]
    assert len(entity_ids) == 2  # Barack Obama and Vladimir Putin; a number is no identity
    for f in entity_ids:
        assert heavy[f] == 2.0 * plain[f]
    assert all(heavy[f] == plain[f] for f in plain if not f & ENTITY_BIT)


def test_the_date_comes_from_published_else_from_the_text() -> None:
    dated = extract_features(Article(id="a", text="On May 3, 2013 it rained.", published="2020-01-02"), None,
                             entity_weight=1.0)
    undated = extract_features(Article(id="b", text="On May 3, 2013 it rained."), None, entity_weight=1.0)
    assert dated.day == dt.date(2020, 1, 2).toordinal()
    assert undated.day == dt.date(2013, 5, 3).toordinal()


def test_tokens_split_at_the_same_separators_for_ascii_and_other_text() -> None:
    from storyline.cluster._features import _SEPARATORS, _tokens

    texts = [
        "Plain ASCII: it's 7.1-magnitude, (really) [sic] & more!",
        "Curly \u2018quotes\u2019 and \u201cdouble\u201d \u2014 an em dash, caf\u00e9 na\u00efve",
        "\u00bbGuillemets\u00ab \u00abdans le texte\u00bb",
        "No\u00a0break space, \u00b7middle dot, \u2026ellipsis, \u65e5\u672c, \u00c9COLE \u00df",
    ]
    for text in texts:
        assert _tokens(text) == text.lower().translate(_SEPARATORS).split()


def test_the_word_memo_gives_the_same_counts_when_it_is_full() -> None:
    from storyline.cluster._features import _tokens, _WordIdMemo

    tokens = _tokens("Earthquakes: the earthquake killed 40 people in 2013 near Bima; Bima mourned.")
    roomy, tiny = _WordIdMemo(), _WordIdMemo(max_size=3)  # the tiny one is cleared on every text
    assert tiny.counts(tokens) == roomy.counts(tokens) == tiny.counts(tokens)
    assert list(tiny.counts(tokens)) == list(roomy.counts(tokens))  # same order of first occurrence
