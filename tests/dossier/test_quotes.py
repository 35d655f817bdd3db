"""Quote merging across outlets and the word-level diff."""

from __future__ import annotations

from storyline.dossier._quotes import merge_quotes, word_diff
from storyline.model import Analysis, Article, Entity, Quote, Sentence


def _quoted(article_id: str, text: str, quote: str, speaker: str, kind: str = "direct"):
    start = text.index(quote)
    analysis = Analysis(
        article_id, text, [Sentence(0, len(text), text)],
        [Entity(text.index(speaker.split()[-1]), text.index(speaker.split()[-1]) + len(speaker.split()[-1]), speaker.split()[-1], "PERSON", speaker)],
        [Quote(start, start + len(quote), quote, kind, speaker)],
    )  # fmt: skip
    return Article(id=article_id, text=text, source=article_id.upper()), analysis


def test_two_wordings_of_one_quote_merge_with_a_diff():
    a = _quoted("a", "Smith said “we will rebuild every home in this town”.", "we will rebuild every home in this town", "Jane Smith")
    b = _quoted("b", "“We will rebuild every house in this town,” Smith said.", "We will rebuild every house in this town", "Smith")
    quotes = merge_quotes({"a": a[0], "b": b[0]}, [a[1], b[1]])
    assert len(quotes) == 1
    assert quotes[0]["speaker"] == "Jane Smith"
    assert quotes[0]["outlets"] == ["A", "B"]
    assert len(quotes[0]["variants"]) == 2
    assert any(op["op"] == "replace" and {op["a"], op["b"]} == {"home", "house"} for op in quotes[0]["variants"][1]["diff"])


def test_different_speakers_do_not_merge():
    a = _quoted("a", "Smith said “the bridge is safe”.", "the bridge is safe", "Jane Smith")
    b = _quoted("b", "Jones said “the bridge is safe”.", "the bridge is safe", "Tom Jones")
    assert len(merge_quotes({"a": a[0], "b": b[0]}, [a[1], b[1]])) == 2


def test_word_diff_marks_changed_words():
    ops = word_diff("the tone of our meetings is candid", "the typical the tone of our meetings are candid")
    assert {op["op"] for op in ops} >= {"equal", "insert", "replace"}
