"""Statement units: clause cuts, relative-time keys, the -ment fold."""

from __future__ import annotations

from storyline.dossier._statements import clauses, relative_time_key, stem


def test_a_long_sentence_is_cut_into_clauses_and_a_dash_aside_stays_with_its_clause():
    text = "We hope to reach a deal – and we believe it can happen in the next few days – so talks will go on, but nobody is sure yet."
    parts = [text[a:b] for a, b in clauses(text, 0, len(text))]
    assert parts[0] == "We hope to reach a deal – and we believe it can happen in the next few days"
    assert parts[-1] == "but nobody is sure yet."
    assert all(text.find(p) >= 0 for p in parts)


def test_relative_time_expressions_share_a_key():
    assert relative_time_key("the next few days") == relative_time_key("the coming days") == "time:+day"
    assert relative_time_key("last week") == "time:-week"
    assert relative_time_key("Monday") is None


def test_ment_nominalisations_meet_their_verb():
    assert stem("agreement") == stem("agreed")
    assert stem("comment") != stem("com")
