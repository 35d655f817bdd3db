"""The data model's stable article id."""

from __future__ import annotations

import hashlib
import random
import sys

from storyline.model import content_id, normalize_for_hash

WHITE_SPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def _reference_id(text: str) -> str:
    return hashlib.sha1(normalize_for_hash(text).encode("utf-8")).hexdigest()[:16]


def test_content_id_is_the_hash_of_the_normalised_text_for_every_white_space():
    alphabet = ["a", "B", "ß", "İ", "ﬁ", "é", "’", "\x00", ".", *WHITE_SPACE]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 24)))
        assert content_id(text) == _reference_id(text), repr(text)


def test_trivially_different_copies_share_an_id():
    assert content_id("Obama  met\u00a0Putin.\n\nThen  left. ") == content_id("obama met putin. then left.")
    assert content_id("Obama met Putin.") != content_id("Obama met Putin")


def test_content_id_folds_case_like_casefold_for_every_character_near_the_fast_path():
    # The fast path lower-cases ASCII bytes only and trusts Latin-1 signs and general punctuation
    # to have no case; every other character must go through str.casefold.
    characters = [chr(c) for c in range(0x0, 0x250)] + [chr(c) for c in range(0x1E00, 0x2200)]
    characters += ["\U0001d400", "Ⓐ", "Ⰰ", "ﬀ", "Ａ"]
    for character in characters:
        for text in (f"Obama “{character}” A", f"{character}B’", character):
            assert content_id(text) == _reference_id(text), repr(text)


def test_content_id_of_latin1_and_punctuation_text_next_to_combining_marks():
    # Texts whose non-ASCII characters are all NFKC- and casefold-stable skip both: a combining
    # mark, a compatibility character or an upper-case letter next to them must not be skipped.
    neighbours = ["e", "E", "\u0301", "\u0308", "\u0327", "\u1100", "\u1161", "…", "\u00a0", "É", "ß", ""]
    for code in [*range(0x80, 0x100), *range(0x2000, 0x2080)]:
        for neighbour in neighbours:
            for text in (f"{chr(code)}{neighbour}", f"A{neighbour}{chr(code)} b", f"“x{chr(code)}”{neighbour}"):
                assert content_id(text) == _reference_id(text), repr(text)
