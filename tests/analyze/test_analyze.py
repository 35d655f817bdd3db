import json
from itertools import islice

import pytest

from storyline.analyze import analyze, extract_record
from storyline.model import Article


@pytest.fixture(scope="module")
def seeds(nlp, seed_paths):
    articles = [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in seed_paths]
    return {a.id[:3]: (a, an) for a, an in zip(articles, analyze(nlp, articles))}


def _direct(analysis, fragment):
    hits = [q for q in analysis.quotes if q.kind == "direct" and fragment in q.text]
    assert hits, f"no direct quote holding {fragment!r}"
    return hits[0]


def test_seed_000_quotes_and_speakers(seeds):
    article, analysis = seeds["000"]
    # 000 names them by surname only; 004, analysed in the same call, gives the full names
    assert _direct(analysis, "I really hope that if we reach").speaker == "Vladimir Putin"
    assert _direct(analysis, "Despite everything").speaker == "Vladimir Putin"
    indirect = [q for q in analysis.quotes if q.kind == "indirect" and q.text.startswith("they discussed")]
    assert indirect and indirect[0].speaker == "Vladimir Putin"
    assert article.text[indirect[0].speaker_start : indirect[0].speaker_end] == "He"
    assert _direct(analysis, "the typical the tone of our meetings").speaker == "Barack Obama"
    assert _direct(analysis, "But given the gaps of trust").speaker == "Barack Obama"  # continued quoting
    assert _direct(analysis, "differences remain").speaker == "A U.S. official"
    official = _direct(analysis, "focus on al Nusra and ISIL")
    assert official.speaker == "A U.S. official"
    assert article.text[official.speaker_start : official.speaker_end] == "the official"


def test_seed_004_quotes(seeds):
    _, analysis = seeds["004"]
    for fragment in ("with impunity", "will not pull down sanctions", "constructive but not conclusive",
                     "comfortable with a constant low-grade conflict on the Russian-Ukraine border", "an arms race"):
        assert _direct(analysis, fragment).speaker == "Barack Obama"


def test_canonical_entities_across_seeds(seeds):
    canon = {e.text: e.canonical for _, analysis in seeds.values() for e in analysis.entities}
    assert canon["Russian Federation"] == canon["Russia"] == "Russia"
    _, analysis = seeds["004"]
    assert {e.canonical for e in analysis.entities if e.text == "Obama"} == {"Barack Obama"}


def test_seed_dates_without_a_year(seeds):
    values = {d.text: d.value for _, analysis in seeds.values() for d in analysis.dates}
    assert values["September 5"] == "--09-05"
    assert values["Monday"] is None


def test_debris_paragraph_is_its_own_sentence(seeds):
    article, analysis = seeds["004"]
    assert "please wait" in {s.text for s in analysis.sentences}


def test_records_follow_the_contract(seeds):
    for article, analysis in seeds.values():
        record = json.loads(json.dumps(extract_record(article, analysis)))
        assert record["id"] == article.id and record["text"] == article.text
        for key in ("entities", "quotes", "dates", "sentences"):
            for span in record[key]:
                assert record["text"][span["start"] : span["end"]] == span["text"]
        for quote in record["quotes"]:
            assert quote["kind"] in ("direct", "indirect")
            if quote["speaker_start"] is not None:
                assert 0 <= quote["speaker_start"] < quote["speaker_end"] <= len(record["text"])


def test_relative_dates_use_the_publication_date(nlp):
    article = Article(id="x", text="The two leaders met on Monday in Hangzhou.", published="2016-09-06")
    (analysis,) = analyze(nlp, [article])
    assert [(d.text, d.value) for d in analysis.dates] == [("Monday", "2016-09-05")]


def test_same_output_with_two_processes(nlp, shared_data):
    with (shared_data / "polnear-dev.jsonl").open(encoding="utf-8") as lines:
        articles = [Article.from_dict(json.loads(line)) for line in islice(lines, 6)]
    one = [a.to_dict() for a in analyze(nlp, articles, batch_size=4)]
    two = [a.to_dict() for a in analyze(nlp, articles, n_process=2, batch_size=4)]
    assert one == two
    assert [a["article_id"] for a in two] == [a.id for a in articles]
