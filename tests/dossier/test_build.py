"""build_dossier on hand-made analyses: alignment, families, contradictions, provenance, bad input."""

from __future__ import annotations

import pytest

from storyline.dossier import DossierInputError, build_dossier
from storyline.model import Analysis, Article, Entity, Sentence


def _article(article_id: str, sentences: list[str], entities: dict[str, tuple[str, str]] | None = None, source: str | None = None):
    text = " ".join(sentences)
    spans, offset = [], 0
    for sentence in sentences:
        spans.append(Sentence(offset, offset + len(sentence), sentence))
        offset += len(sentence) + 1
    found = []
    for surface, (label, canonical) in (entities or {}).items():
        start = text.find(surface)
        while start >= 0:
            found.append(Entity(start, start + len(surface), surface, label, canonical))
            start = text.find(surface, start + 1)
    found.sort(key=lambda e: e.start)
    return Article(id=article_id, text=text, source=source), Analysis(article_id, text, spans, found)


QUAKE_A = [
    "A magnitude 6.1 earthquake struck the coastal city of Napier early on Monday morning.",
    "Rescue teams pulled seven survivors from collapsed buildings near the harbour.",
    "The mayor praised local volunteers for their courage.",
]
QUAKE_B = [
    "An earthquake of magnitude 6.1 hit Napier on Monday, damaging buildings across the coastal city.",
    "Rescue teams pulled nine survivors from the collapsed buildings near the harbour.",
    "Schools will stay closed until engineers inspect them.",
]
PLACES = {"Napier": ("GPE", "Napier")}


def _event(families=None):
    a_article, a_analysis = _article("a", QUAKE_A, PLACES, source="Daily A")
    b_article, b_analysis = _article("b", QUAKE_B, PLACES, source="Daily B")
    return build_dossier("quake", [a_article, b_article], [a_analysis, b_analysis], families=families)


def _fact(dossier, words: str):
    return next(f for f in dossier.facts if words in f["text"])


def test_paraphrases_from_two_outlets_are_one_corroborated_fact():
    dossier = _event()
    fact = _fact(dossier, "magnitude 6.1")
    assert fact["status"] in ("corroborated", "disputed")
    assert {s["article_id"] for s in fact["support"]} == {"a", "b"}


def test_unmatched_statements_are_single_source():
    dossier = _event()
    assert _fact(dossier, "mayor praised")["status"] == "single-source"
    assert _fact(dossier, "Schools will stay closed")["status"] == "single-source"


def test_differing_counts_are_a_contradiction_and_dispute_the_fact():
    dossier = _event()
    numbers = [c for c in dossier.contradictions if c["kind"] == "number"]
    assert numbers, dossier.contradictions
    values = {numbers[0]["a"]["value"], numbers[0]["b"]["value"]}
    assert values == {"7", "9"}
    assert numbers[0]["what"] == "survivors"  # what is counted, as written
    assert dossier.facts[numbers[0]["fact"]]["status"] == "disputed"


def test_copies_in_one_family_do_not_corroborate():
    dossier = _event(families={"a": "wire-1", "b": "wire-1"})
    assert all(f["status"] != "corroborated" for f in dossier.facts)


def test_every_span_is_text_of_its_article():
    dossier = _event()
    texts = {"a": " ".join(QUAKE_A), "b": " ".join(QUAKE_B)}
    spans = [s for f in dossier.facts for s in f["support"]] + [s for x in dossier.summary for s in x["support"]]
    assert spans
    for span in spans:
        assert texts[span["article_id"]][span["start"] : span["end"]] == span["text"]


def test_same_input_gives_the_same_dossier():
    assert _event().to_dict() == _event().to_dict()


def test_analysis_of_an_unknown_article_is_a_clear_error():
    article, analysis = _article("a", QUAKE_A)
    _, stray = _article("zzz", QUAKE_B)
    with pytest.raises(DossierInputError, match="zzz"):
        build_dossier("quake", [article], [analysis, stray])


def test_an_event_without_analyses_still_has_its_articles():
    dossier = build_dossier("empty", [Article(id="x", text="Some text.", title="A title")], [])
    assert dossier.articles[0]["id"] == "x"
    assert dossier.facts == [] and dossier.summary == []


def test_numbers_of_different_things_are_not_a_contradiction():
    a_article, a_analysis = _article("a", ["Rescuers said 10 people died when the old bridge in Napier collapsed on Monday."], PLACES)
    b_article, b_analysis = _article("b", ["Rescuers said the old bridge in Napier collapsed on Monday while 80 people watched from the harbour."], PLACES)
    dossier = build_dossier("q", [a_article, b_article], [a_analysis, b_analysis])
    assert any(f["families"] == 2 for f in dossier.facts)
    assert not [c for c in dossier.contradictions if c["kind"] == "number"]


def test_who_and_where_follow_each_names_usual_label():
    # The tagger slips once and calls the city a person; most mentions say it is a place.
    a_article, a_analysis = _article("a", QUAKE_A, {"Napier": ("PERSON", "Napier"), "The mayor": ("PERSON", "Ann Lee")})
    b_article, b_analysis = _article("b", QUAKE_B + ["Napier was quiet by night.", "Napier reopened."], PLACES)
    dossier = build_dossier("quake", [a_article, b_article], [a_analysis, b_analysis])
    who = [w["text"] for w in dossier.w5h1["who"]]
    where = [w["text"] for w in dossier.w5h1["where"]]
    assert who == ["Ann Lee"]
    assert where == ["Napier"]
    assert {s["article_id"] for s in dossier.w5h1["where"][0]["support"]} == {"a", "b"}


def test_a_fact_is_stated_in_its_whole_sentence_once():
    long_a = ("Rescue teams pulled seven survivors from collapsed buildings near the harbour on Monday, "
              "and the mayor of Napier praised local volunteers for their courage during the long night.")
    long_b = "The mayor of Napier praised local volunteers for their courage during the night."
    other_b = "Rescue teams pulled seven survivors from collapsed buildings near the harbour."
    a_article, a_analysis = _article("a", [long_a], PLACES, source="Daily A")
    b_article, b_analysis = _article("b", [long_b, other_b], PLACES, source="Daily B")
    dossier = build_dossier("quake", [a_article, b_article], [a_analysis, b_analysis])
    stated = [f for f in dossier.facts if f["anchor"]["article_id"] == "a"]
    assert [f["text"] for f in stated] == [long_a]
    fact = stated[0]
    assert fact["status"] == "corroborated"
    assert {s["text"] for s in fact["support"] if s["article_id"] == "b"} == {long_b, other_b}
    for clause in fact["clauses"]:
        assert a_article.text[clause["start"]:clause["end"]] == clause["text"]
        assert clause["text"] in long_a and clause["text"] != long_a


def _quoted(article_id: str, sentence: str, speaker: str, source: str, entities: dict[str, tuple[str, str]]):
    from storyline.model import Quote

    article, analysis = _article(article_id, [sentence], entities, source=source)
    start, end = sentence.index("“"), sentence.index("”") + 1
    analysis.quotes.append(Quote(start, end, sentence[start:end], "direct", speaker=speaker))
    return article, analysis


LEADERS = {"Putin": ("PERSON", "Vladimir Putin"), "Obama": ("PERSON", "Barack Obama")}


def test_two_speakers_own_words_are_two_claims():
    a = _quoted("a", "“We made real progress on the ceasefire talks in Geneva today”, Putin said.", "Vladimir Putin", "Daily A", LEADERS)
    b = _quoted("b", "“We made no real progress on the ceasefire talks in Geneva today”, Obama said.", "Barack Obama", "Daily B", LEADERS)
    dossier = build_dossier("talks", [a[0], b[0]], [a[1], b[1]])
    assert all(f["status"] == "single-source" for f in dossier.facts), dossier.facts


def test_the_same_speaker_quoted_by_two_outlets_corroborates():
    a = _quoted("a", "“We made real progress on the ceasefire talks in Geneva today”, Putin said.", "Vladimir Putin", "Daily A", LEADERS)
    b = _quoted("b", "Putin told reporters: “We made real progress on the ceasefire talks in Geneva today”.", "Vladimir Putin", "Daily B", LEADERS)
    dossier = build_dossier("talks", [a[0], b[0]], [a[1], b[1]])
    assert any(f["status"] == "corroborated" for f in dossier.facts), dossier.facts


def test_sentences_sharing_only_names_do_not_corroborate():
    names = {
        "Barack Obama": ("PERSON", "Barack Obama"),
        "Vladimir Putin": ("PERSON", "Vladimir Putin"),
        "Hangzhou": ("GPE", "Hangzhou"),
    }
    a = _article("a", ["Barack Obama and Vladimir Putin praised the weather in Hangzhou."], names, source="Daily A")
    b = _article("b", ["Barack Obama and Vladimir Putin argued over sanctions in Hangzhou."], names, source="Daily B")
    dossier = build_dossier("g20", [a[0], b[0]], [a[1], b[1]])
    assert all(f["status"] == "single-source" for f in dossier.facts), dossier.facts


def test_where_puts_the_venue_before_the_place_discussed():
    places = {"Geneva": ("GPE", "Geneva"), "Syria": ("GPE", "Syria")}
    a = _article("a", [
        "The two ministers met at a summit in Geneva to discuss the war in Syria.",
        "Aid to Syria was the first item, and a ceasefire in Syria the second.",
    ], places, source="Daily A")  # fmt: skip
    b = _article("b", [
        "At their summit in Geneva, the ministers said Syria needs a ceasefire.",
        "Refugees from Syria were also on the agenda.",
    ], places, source="Daily B")  # fmt: skip
    dossier = build_dossier("talks", [a[0], b[0]], [a[1], b[1]])
    assert [w["text"] for w in dossier.w5h1["where"]][:2] == ["Geneva", "Syria"]
