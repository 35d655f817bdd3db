"""Where aligned accounts part: numbers, durations, dates, places and polarity that differ.

Only statements already aligned into one fact are compared, anchor against each
support from another report family, so two numbers in unrelated sentences never
count as a contradiction. Each finding keeps both values as spans of their articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from storyline.dossier._facts import AlignedFact
from storyline.dossier._statements import STOP_WORDS, WORD, Statement, content_terms, stem

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
# A duration unit in minutes or days, so that "90 minutes" and "an hour-long meeting" compare.
_DURATIONS = {"minute": ("minutes", 1), "hour": ("minutes", 60), "day": ("days", 1), "week": ("days", 7)}
_NUMBER = r"(?:\d+(?:[.,]\d+)*|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_QUANTITY = re.compile(
    rf"\b(?P<num>{_NUMBER})(?:[\s-]+(?P<unit>[A-Za-z]+(?:-old)?))?(?:-long)?\b", re.IGNORECASE
)
_WEEKDAYS = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_NEGATION = re.compile(r"\b(?:not|never|no|none|nobody|nothing|denied|denies)\b|n[’']t\b", re.IGNORECASE)
_PLACE_LABELS = ("GPE", "LOC", "FAC")


# Page furniture ("Last Updated: Monday, 28 November 2005, 02: 24 GMT"): times of publication, not of the event.
_METADATA = re.compile(r"\b(?:updated|posted|published|copyright)\b|©", re.IGNORECASE)
# "1, 500" / "6. 0" (a number cut by detokenisation), "AK-47", "2009-10": not a count of anything.
_SPLIT_NUMBER = re.compile(r"(?:\d[.,]\s|[^\W_]-)$")
_ABSOLUTE = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
_YEAR = re.compile(r"\b\d{4}\b")
_MIN_WORDS = 4
_CONTEXT_WORDS = 4  # words either side of a quantity that say what it counts ("killing 10 people")


@dataclass(slots=True, frozen=True)
class _Value:
    key: str  # what is measured: a unit ("minutes", "peopl"), "date", "place", "weekday"
    value: str
    start: int
    end: int
    context: frozenset[str] = frozenset()  # content stems around a quantity: the thing it quantifies


def _number(token: str) -> float | None:
    token = token.lower()
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return None


def _context(text: str, start: int, end: int, unit: str) -> frozenset[str]:
    """Content stems of the words around ``text[start:end]``, the unit left out."""
    before = content_terms(" ".join(text[:start].split()[-_CONTEXT_WORDS:]))
    after = content_terms(" ".join(text[end:].split()[:_CONTEXT_WORDS]))
    return frozenset(before + after) - {stem(unit)}


def _quantities(statement: Statement) -> Iterator[_Value]:
    """Numbers with the unit that follows them ("90 minutes", "7 people", "33-year-old")."""
    text = statement.text
    for match in _QUANTITY.finditer(text):
        number, unit = _number(match.group("num")), (match.group("unit") or "").lower()
        if number is None or not unit or unit in STOP_WORDS:
            continue
        if match.group("num").lower() in ("a", "an") and not unit.rstrip("s") in _DURATIONS:
            continue  # "a meeting" is not a quantity; "an hour" is
        if _SPLIT_NUMBER.search(text[max(0, match.start() - 3) : match.start()]):
            continue
        key, factor = _DURATIONS.get(unit.rstrip("s"), (stem(unit), 1))
        yield _Value(
            key, f"{number * factor:g}", statement.start + match.start(), statement.start + match.end(),
            _context(text, match.start(), match.end(), unit),
        )  # fmt: skip


def _unit_as_written(statement: Statement, value: _Value) -> str:
    """What a number counts, as the article writes it ("people", not the matching key "peopl")."""
    written = statement.text[value.start - statement.start : value.end - statement.start]
    return written.split(maxsplit=1)[-1].lower()


def _values(statement: Statement) -> list[_Value]:
    dated = sum(len(WORD.findall(d.text)) for d in statement.dates)
    if _METADATA.search(statement.text) or len(WORD.findall(statement.text)) - dated < _MIN_WORDS:
        return []  # page furniture or a dateline
    values = list(_quantities(statement))
    text, offset = statement.text, statement.start
    # Only dates written out ("June 24, 2005", "May 3"): relative ones ("last month", "Monday")
    # are resolved from each article's own reference date and differ without any disagreement.
    values += [
        _Value("date", d.value if _YEAR.search(d.text) else d.value[-5:], d.start, d.end, _context(text, d.start - offset, d.end - offset, ""))
        for d in statement.dates
        if d.value and _ABSOLUTE.search(d.text)
        # without a written year, the year is inferred per article: compare month and day only
    ]
    values += [
        _Value("weekday", m.group(1), offset + m.start(), offset + m.end(), _context(text, m.start(), m.end(), ""))
        for m in _WEEKDAYS.finditer(text)
    ]
    values += [_Value("place", e.canonical, e.start, e.end) for e in statement.entities if e.label in _PLACE_LABELS]
    return values


def _comparable(key: str, a: _Value, b: _Value) -> bool:
    """Numbers and dates are compared only when they are about the same thing: a shared word
    around them ("killing 10 people" / "killing three people"; not "10 people killed" /
    "home to 200,000 people"; "shot Friday" / "shot on Saturday")."""
    return key == "place" or bool(a.context & b.context)


def _agree(key: str, a: _Value, b: _Value) -> bool:
    """Two values that can both be right.

    Dates at different precision ("2003" and "2003-12", "--09-05" and "2016-09-05") agree,
    and so do places where one name holds the other ("Qeshm" and "Qeshm island").
    """
    if a.value == b.value:
        return True
    if key == "date":
        x, y = sorted((a.value, b.value), key=len)
        return y.startswith(x) or (x.startswith("--") and y.endswith(x[1:]))
    if key == "place":
        return bool(set(a.value.casefold().split()) & set(b.value.casefold().split()))
    return False


def _conflicts(a: list[_Value], b: list[_Value]) -> Iterator[tuple[str, _Value, _Value]]:
    """Per key measured on both sides: the first comparable pair, when no comparable pair agrees."""
    for key in sorted({v.key for v in a} & {v.key for v in b}):
        pairs = [(x, y) for x in a if x.key == key for y in b if y.key == key and _comparable(key, x, y)]
        if pairs and not any(_agree(key, x, y) for x, y in pairs):
            yield key, *pairs[0]


def _side(statement: Statement, value: _Value | None, text: str) -> dict[str, object]:
    side = {**statement.span(), "value": None, "value_start": None, "value_end": None}
    if value is not None:
        side.update(value=value.value, value_start=value.start, value_end=value.end)
        side["value_text"] = text[value.start - statement.start : value.end - statement.start]
    return side


def find_contradictions(
    fact: AlignedFact, *, value_similarity: float = 0.3, place_similarity: float = 0.6, polarity_similarity: float = 0.6
) -> list[dict]:
    """Contradictions between a fact's anchor and its supports from other report families.

    Numbers and dates are compared only for supports at least ``value_similarity`` alike.
    Places are compared only for close paraphrases (similarity >= ``place_similarity``) that
    each name one place: two loosely aligned sentences name different places all the time.
    Polarity: a word one side negates ("not expected") that the other states plainly.
    """
    anchor = fact.anchor
    anchor_values = _values(anchor)
    found: list[dict] = []
    for other in fact.members:
        if other.family == anchor.family:
            continue
        similarity = fact.scores.get(other.index, 0.0)
        for key, left, right in _conflicts(anchor_values, _values(other)):
            if key == "place" and (similarity < place_similarity or not _one_place(anchor) or not _one_place(other)):
                continue
            if similarity < value_similarity:
                continue  # loosely aligned sentences often report different numbers of different things
            kind = key if key in ("date", "weekday", "place") else "number"
            found.append(
                {
                    "kind": "date" if kind == "weekday" else kind,
                    "what": _unit_as_written(anchor, left) if kind == "number" else key,
                    "a": _side(anchor, left, anchor.text),
                    "b": _side(other, right, other.text),
                }
            )
        if similarity >= polarity_similarity and _polarity_differs(anchor, other):
            found.append({"kind": "polarity", "what": "negation", "a": _side(anchor, None, ""), "b": _side(other, None, "")})
    return found


def _one_place(statement: Statement) -> bool:
    return len({e.canonical for e in statement.entities if e.label in _PLACE_LABELS}) == 1


def _negated_terms(text: str) -> set[str]:
    """Stem of the first content word after each negation ("did not attend" -> "attend")."""
    negated = set()
    for match in _NEGATION.finditer(text):
        following = content_terms(text[match.end() : match.end() + 40])
        if following:
            negated.add(following[0])
    return negated


def _polarity_differs(a: Statement, b: Statement) -> bool:
    """A word negated on one side and stated without negation on the other."""
    neg_a, neg_b = _negated_terms(a.text), _negated_terms(b.text)
    plain_a, plain_b = set(a.terms) - neg_a, set(b.terms) - neg_b
    return bool((neg_a & plain_b) - neg_b) or bool((neg_b & plain_a) - neg_a)
