"""What the clusterer sees of an article: word stems and years, name words, dates, numbers, and its date."""

from __future__ import annotations

import datetime as dt

import numpy as np

from storyline.cluster._features import SIGNALS, extract_features, feature_id, signal_of
from storyline.model import Analysis, Article, DateMention, Entity


def _weights(article: Article, analysis: Analysis | None = None) -> dict[int, float]:
    features = extract_features(article, analysis)
    assert len(set(features.ids.tolist())) == len(features.ids)  # one weight per feature
    return dict(zip(features.ids.tolist(), features.tf.tolist(), strict=True))


def _signal(weights: dict[int, float], name: str) -> dict[int, float]:
    index = SIGNALS.index(name)
    return {f: w for f, w in weights.items() if signal_of(np.array([f]))[0] == index}


def test_words_sharing_a_stem_add_up_and_stop_words_are_dropped() -> None:
    weights = _weights(Article(id="a", text="Earthquakes: the earthquake killed 40 people in 2013."))
    words = _signal(weights, "words")
    quake = feature_id("w", "earthquak")
    assert words[quake] == np.float64(1.0 + np.log(2.0))  # "Earthquakes" and "earthquake"
    assert feature_id("w", "2013") in words  # a year is a word feature: a coarse "when"
    assert feature_id("w", "the") not in words
    assert len(words) == 4  # earthquak, kill, peopl, 2013
    assert len(_signal(weights, "numbers")) == 1  # 40 (a year is not counted again as a number)


def test_numbers_are_their_own_signal() -> None:
    a = _signal(_weights(Article(id="a", text="A 7.4 magnitude quake hurt 52 people.")), "numbers")
    b = _signal(_weights(Article(id="b", text="A 6.1 magnitude quake killed 10 people.")), "numbers")
    c = _signal(_weights(Article(id="c", text="The 7.4-magnitude tremor hurt fifty.")), "numbers")
    assert len(a) == 3 and not a.keys() & b.keys() and len(a.keys() & c.keys()) == 2  # 7.4 is read as 7 and 4


def test_title_words_count_as_if_the_title_were_written_twice() -> None:
    weights = _weights(Article(id="a", text="Flood in Passau. Rain fell.", title="Passau floods, Danube rises"))
    assert weights[feature_id("w", "passau")] == np.float64(1.0 + np.log(3.0))  # once in the text, twice as title
    assert weights[feature_id("w", "flood")] == np.float64(1.0 + np.log(3.0))
    assert weights[feature_id("w", "danub")] == np.float64(1.0 + np.log(2.0))  # title only
    assert weights[feature_id("w", "rain")] == 1.0
    order = list(weights)
    assert order.index(feature_id("w", "fell")) < order.index(feature_id("w", "danub"))  # text words first


def test_names_are_the_words_of_canonical_entity_names() -> None:
    text = "Obama met Putin. Obama spoke. Thompson won."
    analysis = Analysis(article_id="a", text=text, entities=[
        Entity(0, 5, "Obama", "PERSON", "Barack Obama"), Entity(10, 15, "Putin", "PERSON", "Vladimir Putin"),
        Entity(17, 22, "Obama", "PERSON", "Barack Obama"), Entity(30, 38, "Thompson", "PERSON", "Tony Thompson"),
        Entity(0, 0, "", "CARDINAL", "two"),
    ])  # fmt: skip
    names = _signal(_weights(Article(id="a", text=text), analysis), "names")
    # barack, obama (twice), vladimir, putin, tony, thompson; a number is no identity
    assert len(names) == 6
    assert max(names.values()) == np.float64(1.0 + np.log(2.0))
    alone = Analysis(article_id="b", text="Thompson lost.", entities=[Entity(0, 8, "Thompson", "PERSON", "Thompson")])
    assert _signal(_weights(Article(id="b", text="Thompson lost."), alone), "names").keys() <= names.keys()


def test_dates_match_on_the_day_whether_or_not_the_year_is_known() -> None:
    def dates(value: str) -> set[int]:
        analysis = Analysis(article_id="a", text="x", dates=[DateMention(0, 1, "x", value)])
        return set(_signal(_weights(Article(id="a", text="x"), analysis), "dates"))

    assert dates("--09-05") < dates("2016-09-05")  # same month-day, plus the year
    assert not dates("2016-09-05") & dates("2013-12-14")
    text_only = set(_signal(_weights(Article(id="a", text="It rained on September 5, 2016.")), "dates"))
    assert text_only == dates("2016-09-05")


def test_the_date_comes_from_published_else_from_the_text() -> None:
    dated = extract_features(Article(id="a", text="On May 3, 2013 it rained.", published="2020-01-02"), None)
    undated = extract_features(Article(id="b", text="On May 3, 2013 it rained."), None)
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


def test_explicit_dates_are_those_a_scan_of_the_whole_text_finds() -> None:
    from storyline.cluster._features import _DATE_DMY, _DATE_ISO, _DATE_MDY, text_days

    def whole_text_scan(text: str) -> list[int]:  # the plain definition text_days must agree with
        months = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                              "nov", "dec"], start=1)}
        found = [(y, months[m.lower()[:3]], d) for m, d, y in _DATE_MDY.findall(text)]
        found += [(y, months[m.lower()[:3]], d) for d, m, y in _DATE_DMY.findall(text)]
        found += _DATE_ISO.findall(text)
        return [dt.date(int(y), int(m), int(d)).toordinal() for y, m, d in found]

    texts = [
        "May 3, 2013 opened the year; on 5th\n\n\t   September,\n        2014 and 2015-06-07 it closed.",
        "September" + " " * 300 + "30th,\n" + "\n" * 100 + "2016 after a long gap",  # white-space runs of any length
        "xmay 5 2013, 2013-05-06x and 3 May 20131 are not dates; 12 Dec. 2019 and 1920-05-05 are.",
        "Dec 1 2000 Dec 2 2000 Dec 3 2000" + " filler" * 40 + " 2 jan 2001",
        "No year at all, only May 5.",
    ]
    expected = [3, 1, 2, 4, 0]
    for text, count in zip(texts, expected, strict=True):
        assert text_days(text) == whole_text_scan(text)
        assert len(text_days(text)) == count, text
