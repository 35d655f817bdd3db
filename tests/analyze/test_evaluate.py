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


def test_single_quotation_marks_count_but_apostrophes_do_not(nlp, tmp_path):
    text = "Mayor Says Budget Is ‘Going Nowhere.’\n\nThe mayor’s office said the council's plan was late."
    line = _gold_line(text, "Mayor", "Says", "Budget Is ‘Going Nowhere.’")
    line["gold_attributions"].append(_gold_line(text, "The mayor’s office", "said", "the council's plan was late")["gold_attributions"][0])
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    scores = score_quotes(nlp, path)
    assert scores.gold == 1 and scores.gold_indirect == 1


def test_a_content_in_two_pieces_around_its_cue_is_read_as_their_hull(nlp, tmp_path):
    text = "Rain fell.\n\n“We will rebuild,” Mayor Tom Baker said. “Every bridge.”"
    first, second = "“We will rebuild,”", "“Every bridge.”"
    line = _gold_line(text, "Mayor Tom Baker", "said", first)
    # as PolNeAR exports it: start opens the later piece, end closes the earlier one
    line["gold_attributions"][0]["content"] = {"start": text.index(second), "end": text.index(first) + len(first),
                                               "text": second + " " + first}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    scores = score_quotes(nlp, path)
    assert (scores.gold, scores.predicted) == (1, 1)
    assert scores.precision == scores.recall == scores.speaker_accuracy == 1.0
