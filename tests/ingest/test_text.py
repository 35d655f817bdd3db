"""Debris removal and credit lines in plain text (storyline.ingest._text)."""

from __future__ import annotations

import random

from storyline.ingest import read_sources
from storyline.ingest._text import _at_most_words, clean_text, find_credits


def _seed(seed_paths, prefix: str):
    path = next(p for p in seed_paths if p.name.startswith(prefix))
    (article,) = list(read_sources([path]))
    return path, article


def test_scraped_seed_loses_page_debris_and_keeps_credits(seed_paths):
    path, article = _seed(seed_paths, "004")
    assert article.title == "Obama Calls Putin Meeting 'Constructive But Not Conclusive'"
    for debris in ("Accessibility links", "Breaking News", "please wait", "No media source", "0:00", "(left)", "Based on reporting"):
        assert debris not in article.text
    assert article.credits == ["BBC", "Reuters", "AFP"]
    # the prose around the media block survives, and the last body paragraph too
    assert "will not pull down sanctions." in article.text
    assert "constructive but not conclusive." in article.text
    assert article.text.rstrip().endswith("an arms race” in cyberspace.")


def test_clean_seed_is_kept_intact_without_its_title_line(seed_paths):
    path, article = _seed(seed_paths, "000")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert article.title == lines[0]
    assert [line for line in article.text.splitlines() if line.strip()] == lines[1:]
    assert article.credits == []
    assert article.language == "en"


def test_media_block_stops_at_prose_neighbours():
    raw = "Headline here today\n\nA sentence before the player.\nVideo title without stop\nloading\n1:02 / 3:45\nA sentence after it."
    cleaned = clean_text(raw, take_title=True)
    assert cleaned.title == "Headline here today"
    assert cleaned.text == "A sentence before the player.\nA sentence after it."
    assert cleaned.dropped == {"media": 1, "fragment": 1, "timestamp": 1}


def test_caption_with_position_marker_is_dropped_but_similar_prose_kept():
    raw = "Title line of story\nThe minister (left) greets the ambassador in Rome.\nThe minister left early, aides said."
    cleaned = clean_text(raw, take_title=True)
    assert cleaned.text == "The minister left early, aides said."


def test_reporting_credit_variants():
    assert clean_text("T\nBody text here.\nWith reporting by the Associated Press and Reuters.", take_title=True).credits == [
        "Associated Press",
        "Reuters",
    ]
    assert clean_text("T\nBody text here.\nSource: AFP", take_title=True).credits == ["AFP"]


def test_wire_datelines_become_credits_without_changing_text():
    assert find_credits("LONDON (Reuters) - Shares rose on Monday.") == ["Reuters"]
    assert find_credits("AP — The storm moved north.") == ["AP"]
    assert find_credits("an Academy Award (R) -nominated writer") == []


def test_word_limit_counts_words_as_str_split_does():
    pieces = ["word", "(left)", "“quote”", " ", "  ", "\t", "\u00a0", "\u2003", "-", ""]
    rng = random.Random(3)
    for _ in range(5_000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        for limit in (1, 3, 5):
            assert _at_most_words(line, limit) == (len(line.split()) <= limit), (repr(line), limit)
