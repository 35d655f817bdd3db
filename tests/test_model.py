"""The data model: the stable article id and the ISO date of ``published``."""

from __future__ import annotations

import hashlib
import random
import re
import sys

import pytest
from dateutil import parser as dateparser

from storyline.model import content_id, iso_date, normalize_for_hash, published_order

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


def _dateutil_reading(value: str) -> str | None:
    """What iso_date gives without its ISO fast path: dateutil for every value."""
    try:
        parsed = dateparser.parse(value.strip())
        has_time = re.search(r"\d{1,2}:\d{2}", value)
        if parsed is None or not 1900 <= parsed.year <= 2100:
            return None
        return parsed.isoformat() if has_time else parsed.date().isoformat()
    except (ValueError, OverflowError):
        return None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-09-05", "2016-09-05"),
        ("2016-09-05T10:00:00Z", "2016-09-05T10:00:00+00:00"),
        (" 2016-09-05T10:00:00.5+05:30\n", "2016-09-05T10:00:00.500000+05:30"),
        ("Sun, 05 Aug 2018 06:00:00 +0700", "2018-08-05T06:00:00+07:00"),  # the outlet's day, not UTC's (the 4th)
        ("5 September 2016", "2016-09-05"),
        ("1850-01-01", None),
        ("2016-02-30", None),
        ("2016-09-05T10:00:00+24:00", None),  # an offset of a day: no date rather than a crash
        ("Tue, 06 Sep 2016 10:00:00 GMT", "2016-09-06T10:00:00+00:00"),
        ("Jan 1, 2016", "2016-01-01"),
        # What names no year, month and day is no date: dateutil alone filled the rest in from today.
        ("September 2016", None),
        ("Jan 2016", None),  # read as January 1st against the first default: read again
        ("Tuesday, September 2016", None),  # dateutil moves the default day to a Tuesday: the 6th
        ("Tuesday, January 2016", None),
        ("Feb 1, 2016", "2016-02-01"),
        ("2016", None),
        ("Sep 5", None),
        ("Tuesday", None),
        ("12", None),
    ],
)
def test_iso_date(value: str, expected: str | None):
    assert iso_date(value) == expected


def test_iso_fast_path_reads_like_dateutil():
    rng = random.Random(3)
    for _ in range(500):
        value = f"{rng.choice([1899, 1900, 2016, 2100, 2101])}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}"
        if rng.random() < 0.7:
            value += f"T{rng.randint(0, 24):02d}:{rng.randint(0, 60):02d}"
            value += rng.choice(["", ":07", ":07.25", ":59.123456"]) + rng.choice(["", "Z", "+02:00", "-05:30", "-00:00"])
        assert iso_date(value) == _dateutil_reading(value), value


def test_published_order_sorts_times_across_offsets_and_odd_iso_forms():
    values = ["2016-09-05T10:00:00-05:00", "2016-09-05T12:00:00Z", "2016-09-05T13:00:00+02:00", "2016-09-05",
              "2016-09-04T23:00:00", "2016-W36-2", "", None]  # fmt: skip
    assert sorted(values, key=published_order) == [
        "", None, "2016-09-04T23:00:00", "2016-09-05",
        "2016-09-05T13:00:00+02:00", "2016-09-05T12:00:00Z", "2016-09-05T10:00:00-05:00",
        "2016-W36-2",  # a week date: Tuesday 2016-09-06
    ]  # fmt: skip
    assert published_order("2016-W36-2") == "2016-09-06"
    # Out of range once in UTC, or not ISO at all: the date part as written, no error.
    assert published_order("0001-01-01T00:00:00+01:00") == "0001-01-01"
    assert published_order("2016-09-05junk") == "2016-09-05"

