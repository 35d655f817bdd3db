"""Scoring quotes against PolNeAR-style gold on a small file written here."""

import json

from storyline.analyze import score_quotes


def _gold_line(text: str, source: str, cue: str, content: str) -> dict:
    def span(fragment: str) -> dict:
        start = text.index(fragment)
        return {"start": start, "end": start + len(fragment), "text": fragment}

    return {"id": "a1", "text": text, "gold_attributions": [{"source": span(source), "cue": span(cue), "content": span(content)}]}


def test_two_apostrophes_count_as_quotation_marks_in_gold_and_prediction(nlp, tmp_path):
    text = "Taxes rose again.\n\n''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist."
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_gold_line(text, "Douglas Holtz-Eakin", "said", "''This isn't tax reform,''")) + "\n", encoding="utf-8")
    scores = score_quotes(nlp, path)
    assert (scores.gold, scores.predicted) == (1, 1)
    assert scores.precision == scores.recall == scores.speaker_accuracy == 1.0
