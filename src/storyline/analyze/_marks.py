"""Find quoted passages by their quotation marks, before any parsing.

Hand-written scanner: no library handles the mix found in scraped news (straight and curly
marks mixed in one quote, «guillemets», single marks as quotes next to apostrophes, two apostrophes
'' standing for a double mark as in archive feeds, quotes that run over several paragraphs with the
opening mark repeated and no closing mark until the last).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENERS = "“„«"
_CLOSERS = "”»"
_AMBIGUOUS = '"'
_TWO_APOSTROPHES = "''"  # a double mark typed as two single ones (wire and archive text): used both ways
_DOUBLE = _OPENERS + _CLOSERS + _AMBIGUOUS
_DOUBLE_MARK = re.compile("''|[" + re.escape(_DOUBLE) + "]")
_WORDISH = re.compile(r"[\w$£€%(\[]")
_ELLIPSIS_AFTER = re.compile(r"[ \u00a0]?(?:…|\.\.\.)")


@dataclass(frozen=True, slots=True)
class Marked:
    """A quoted passage: ``[start, end)`` includes its outer quotation marks."""

    start: int
    end: int
    closed: bool  # False when the paragraph ended before a closing mark
    open_width: int = 1  # characters of the opening mark ('' has two)
    close_width: int = 1

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + self.open_width, self.end - (self.close_width if self.closed else 0)


def _mark_width(text: str, i: int) -> int:
    """Length of the double quotation mark at ``i`` (0 when there is none)."""
    if text.startswith(_TWO_APOSTROPHES, i):
        return 2
    return 1 if text[i] in _DOUBLE else 0


def _looks_opening(text: str, i: int, width: int = 1) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([{—–-/:;,") and not after.isspace()


def _role(text: str, i: int) -> str:
    """'open' or 'close' for the double mark at ``i``; curly marks misused are read by context."""
    char = text[i]
    if text.startswith(_TWO_APOSTROPHES, i):
        return "open" if _looks_opening(text, i, 2) else "close"
    opening = _looks_opening(text, i)
    if char in _OPENERS:
        return "open" if opening or not text[i - 1 : i].strip() else "close"
    if char in _CLOSERS:
        before = text[i - 1] if i > 0 else "\n"
        if before.isspace() and _ELLIPSIS_AFTER.match(text, i + 1):
            return "open"  # ” … what I learned: a quote taken up mid-sentence, opened with the wrong mark
        return "open" if opening and _WORDISH.match(text[i + 1 : i + 2] or " ") else "close"
    return "open" if opening else "close"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _double_quotes(
    text: str, start: int, end: int, open_at: int | None
) -> tuple[list[Marked], int | None]:
    """Quoted passages in one paragraph; also the offset of a quote left open at its end."""
    found = []
    skip_to = -1
    for match in _DOUBLE_MARK.finditer(text, start, end):
        i, width = match.start(), len(match.group())
        if i < skip_to:
            continue  # a quote nested in the open one
        role = _role(text, i)
        if open_at is not None and role == "open" and text[i] in _OPENERS:
            outer_close = _nested_close(text, i, end)
            if outer_close is not None:
                skip_to = outer_close
                continue
        if open_at is None and role == "open":
            open_at = i
        elif open_at is not None and role == "close":
            found.append(Marked(open_at, i + width, True, _mark_width(text, open_at), width))
            open_at = None
        elif open_at is not None and role == "open" and text[i] in _OPENERS:
            # an unclosed quote followed by a new one: the first lost its closing mark
            found.append(Marked(open_at, _trim_end(text, open_at, i), False, _mark_width(text, open_at)))
            open_at = i
    return found, open_at


def _nested_close(text: str, opener: int, end: int) -> int | None:
    """Where the open quote closes when the quote opened at ``opener`` sits inside it (“… “hell” …” or
    "… “…” …"): its own closing mark is followed by a second one before any new opening mark."""
    closes = 0
    for match in _DOUBLE_MARK.finditer(text, opener + 1, end):
        if _role(text, match.start()) == "open":
            return None
        closes += 1
        if closes == 2:
            return match.start()
    return None


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


_SINGLE = re.compile(r"(?<![\w’'])[‘'](?=[A-Za-z0-9])(.+?)(?<=[\w.,!?])[’'](?![A-Za-z0-9])")


def _single_quotes(text: str, start: int, end: int, taken: list[Marked]) -> list[Marked]:
    """Single-mark quotes outside double quotes (headlines, British style); never apostrophes."""
    found = []
    for match in _SINGLE.finditer(text, start, end):
        s, e = match.span()
        if any(m.start <= s < m.end for m in taken):
            continue
        if "\n" in text[s:e] or len(match.group(1).split()) > 60:
            continue
        found.append(Marked(s, e, True))
    return found


def _same_style(opening: str, repeated: str) -> bool:
    """A quote running on into the next paragraph repeats its own opening mark: a straight mark left
    open and a curly one opening the next paragraph are two quotes (the first lost its closing mark)."""
    return (opening in _AMBIGUOUS + "'") == (repeated in _AMBIGUOUS + "'")


def _opens_block_quote(text: str, first: int, end: int) -> bool:
    """A straight mark opening a paragraph that holds a curly opening mark and no other straight mark: the
    paragraph is set off as an excerpt of another text (whose own quotes are the curly ones), not a quote.
    A straight quote running over paragraphs with no curly mark inside stays one passage."""
    return text.startswith(_AMBIGUOUS, first) and "“" in text[first:end] and _AMBIGUOUS not in text[first + 1 : end]


def find_marked(text: str) -> list[Marked]:
    """All quoted passages of ``text`` in order; a multi-paragraph quote is one passage."""
    passages: list[Marked] = []
    carry: int | None = None  # start of a quote running on from the previous paragraph
    previous_end = 0
    for p_start, p_end in _paragraphs(text):
        first = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        scan_from = p_start
        if carry is not None:
            width = _mark_width(text, first)
            if width and _role(text, first) == "open" and _same_style(text[carry], text[first]):
                scan_from = first + width  # the opening mark is repeated: same quote goes on
            else:
                passages.append(Marked(carry, _trim_end(text, carry, previous_end), False, _mark_width(text, carry)))
                carry = None
        if carry is None and _opens_block_quote(text, first, p_end):
            scan_from = first + 1
        found, carry = _double_quotes(text, scan_from, p_end, carry)
        passages.extend(found)
        passages.extend(_single_quotes(text, p_start, p_end, found))
        previous_end = p_end
    if carry is not None:
        passages.append(Marked(carry, _trim_end(text, carry, len(text)), False, _mark_width(text, carry)))
    return sorted(passages, key=lambda m: m.start)
