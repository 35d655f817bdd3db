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
from storyline.dossier._statements import STOP_WORDS, Statement, stem

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


@dataclass(slots=True, frozen=True)
class _Value:
    key: str  # what is measured: a unit ("minutes", "peopl"), "date", "place", "weekday"
    value: str
    start: int
    end: int


def _number(token: str) -> float | None:
    token = token.lower()
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return None


def _quantities(statement: Statement) -> Iterator[_Value]:
    """Numbers with the unit that follows them ("90 minutes", "7 people", "33-year-old")."""
    for match in _QUANTITY.finditer(statement.text):
        number, unit = _number(match.group("num")), (match.group("unit") or "").lower()
        if number is None or not unit or unit in STOP_WORDS:
            continue
        if match.group("num").lower() in ("a", "an") and not unit.rstrip("s") in _DURATIONS:
            continue  # "a meeting" is not a quantity; "an hour" is
        key, factor = _DURATIONS.get(unit.rstrip("s"), (stem(unit), 1))
        yield _Value(key, f"{number * factor:g}", statement.start + match.start(), statement.start + match.end())


def _values(statement: Statement) -> list[_Value]:
    values = list(_quantities(statement))
    values += [_Value("date", d.value, d.start, d.end) for d in statement.dates if d.value]
    values += [
        _Value("weekday", m.group(1), statement.start + m.start(), statement.start + m.end())
        for m in _WEEKDAYS.finditer(statement.text)
    ]
    values += [_Value("place", e.canonical, e.start, e.end) for e in statement.entities if e.label in _PLACE_LABELS]
    return values


def _conflicts(a: list[_Value], b: list[_Value]) -> Iterator[tuple[str, _Value, _Value]]:
    """Keys measured on both sides with no value in common."""
    for key in sorted({v.key for v in a} & {v.key for v in b}):
        left = [v for v in a if v.key == key]
        right = [v for v in b if v.key == key]
        if not {v.value for v in left} & {v.value for v in right}:
            yield key, left[0], right[0]


def _side(statement: Statement, value: _Value | None, text: str) -> dict[str, object]:
    side = {**statement.span(), "value": None, "value_start": None, "value_end": None}
    if value is not None:
        side.update(value=value.value, value_start=value.start, value_end=value.end)
        side["value_text"] = text[value.start - statement.start : value.end - statement.start]
    return side


def find_contradictions(fact: AlignedFact, *, place_similarity: float = 0.5, polarity_similarity: float = 0.5) -> list[dict]:
    """Contradictions between a fact's anchor and its supports from other report families.

    Places are compared only for close paraphrases (similarity >= ``place_similarity``): two
    loosely aligned sentences name different places all the time. The same holds for negation.
    """
    anchor = fact.anchor
    anchor_values = _values(anchor)
    found: list[dict] = []
    for other in fact.members:
        if other.family == anchor.family:
            continue
        similarity = fact.scores.get(other.index, 0.0)
        for key, left, right in _conflicts(anchor_values, _values(other)):
            if key == "place" and similarity < place_similarity:
                continue
            kind = key if key in ("date", "weekday", "place") else "number"
            found.append(
                {
                    "kind": "date" if kind == "weekday" else kind,
                    "what": key,
                    "a": _side(anchor, left, anchor.text),
                    "b": _side(other, right, other.text),
                }
            )
        if similarity >= polarity_similarity and _negated(anchor.text) != _negated(other.text):
            found.append({"kind": "polarity", "what": "negation", "a": _side(anchor, None, ""), "b": _side(other, None, "")})
    return found


def _negated(text: str) -> bool:
    return len(_NEGATION.findall(text)) % 2 == 1
