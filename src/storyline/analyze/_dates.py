"""Date and time expressions normalised to ISO 8601 values against an anchor date.

Hand-written rules on top of spaCy's DATE/TIME spans: dateparser and dateutil guess a year (and a
day) when the text gives none, and the contract forbids guessing. Values: "2016-09-05", "2016-09",
"2016", "--09-05" (month-day, year unknown), "A/B" (a range), or None when unresolvable.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.model import DateMention

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {name: i for i, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": None, "few": None}

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"),
    re.compile(rf"\b{_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})\b"),
]
# "11/27/2005", "27.09.2013", "09-27-2013". Read only when the order is certain (one number above 12, or
# both equal): "09/05/2016" is 9 May in the US and 5 September in most of the world, so it stays unresolved.
_NUMERIC = re.compile(rf"\b(?P<a>\d{{1,2}}) ?(?P<sep>[/.-]) ?(?P<b>\d{{1,2}}) ?(?P=sep) ?{_YEAR}\b")
_YEAR_ONLY = re.compile(rf"^(?:(?:in|the year)\s+)?{_YEAR}$")
_AGO = re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                  r"(?P<unit>day|week|month|year)s?\s+ago\b")
_RELATIVE = re.compile(r"\b(?P<which>last|this|next|past|coming)\s+(?P<unit>week|month|year|weekend)\b")
_WEEKDAY = re.compile(r"\b(?:(?P<which>last|this|next|past|coming)\s+)?(?P<weekday>"
                      + "|".join(_WEEKDAYS) + r")\b")


def parse_anchor(value: str | None) -> date | None:
    """The date part of an ISO date or datetime string, or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _absolute(text: str, anchor: date | None) -> str | None:
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        if "m" in groups and groups.get("m"):
            found = _safe_date(int(groups["year"]), int(groups["m"]), int(groups["d"]))
            return found.isoformat() if found else None
        month = _MONTHS[groups["month"]]
        year = int(groups["year"]) if groups.get("year") else None
        if not groups.get("day"):
            return f"{year:04d}-{month:02d}"
        day = int(groups["day"])
        if year is not None:
            found = _safe_date(year, month, day)
            return found.isoformat() if found else None
        if anchor is None:
            return f"--{month:02d}-{day:02d}" if _safe_date(2000, month, day) else None
        # the year that puts the date nearest the anchor (late December read in early January)
        options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
        return min(options, key=lambda d: abs((d - anchor).days)).isoformat() if options else None
    if match := _NUMERIC.search(text):
        return _numeric(match)
    match = _YEAR_ONLY.match(text)
    return match.group("year") if match else None


def _numeric(match: re.Match[str]) -> str | None:
    first, second, year = int(match["a"]), int(match["b"]), int(match["year"])
    if first > 12 >= second or first == second:
        found = _safe_date(year, second, first)
    elif second > 12 >= first:
        found = _safe_date(year, first, second)
    else:
        return None
    return found.isoformat() if found else None


def _week(monday: date) -> str:
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"


def _shift_month(anchor: date, months: int) -> tuple[int, int]:
    index = anchor.year * 12 + anchor.month - 1 + months
    return index // 12, index % 12 + 1


def _relative(text: str, anchor: date) -> str | None:
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", text):
        return anchor.isoformat()
    if re.search(r"\byesterday\b|\blast night\b", text):
        return (anchor - timedelta(days=1)).isoformat()
    if re.search(r"\btomorrow\b", text):
        return (anchor + timedelta(days=1)).isoformat()
    if match := _AGO.search(text):
        n = int(match["n"]) if match["n"].isdigit() else _NUMBERS[match["n"]]
        unit = match["unit"]
        if unit in ("day", "week"):
            return (anchor - timedelta(days=n * (7 if unit == "week" else 1))).isoformat()
        if unit == "month":
            return "%04d-%02d" % _shift_month(anchor, -n)
        return str(anchor.year - n)
    if match := _WEEKDAY.search(text):
        target = _WEEKDAYS[match["weekday"]]
        delta = (anchor.weekday() - target) % 7
        if match["which"] in ("next", "coming"):
            return (anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7)).isoformat()
        if match["which"] == "last" and delta == 0:
            delta = 7
        return (anchor - timedelta(days=delta)).isoformat()  # news reports the past by default
    if match := _RELATIVE.search(text):
        step = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[match["which"]]
        unit = match["unit"]
        if unit in ("week", "weekend"):
            monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
            return _week(monday) if unit == "week" else f"{(monday + timedelta(days=5)).isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
        if unit == "month":
            return "%04d-%02d" % _shift_month(anchor, step)
        return str(anchor.year + step)
    return None


def normalize_date(text: str, anchor: date | None) -> str | None:
    """ISO value of the date expression ``text`` read on ``anchor`` (None: no anchor known)."""
    lowered = " ".join(text.lower().split())
    value = _absolute(lowered, anchor)
    if value is None and anchor is not None:
        value = _relative(lowered, anchor)
    return value


def text_anchor(text: str) -> date | None:
    """The first full date (with a year) written in ``text``: the anchor when no publication date is given."""
    for pattern in (*_PATTERNS[:3], _NUMERIC):
        for match in pattern.finditer(text.lower()):
            value = _absolute(match.group(0), None)
            if value and len(value) == 10 and not value.startswith("--"):
                return date.fromisoformat(value)
    return None


def find_dates(spans: list[tuple[int, int]], text: str, published: str | None) -> list[DateMention]:
    """DateMentions for the date/time ``spans`` of ``text``, anchored on ``published`` or the text."""
    anchor = parse_anchor(published) or text_anchor(text)
    # The parser often misses numeric dates ("11/27/2005" comes out as TIME, WORK_OF_ART or nothing).
    numeric = [m.span() for m in _NUMERIC.finditer(text) if not any(s < m.end() and m.start() < e for s, e in spans)]
    spans = sorted([*spans, *numeric])
    return [DateMention(s, e, text[s:e], normalize_date(text[s:e], anchor)) for s, e in spans]
