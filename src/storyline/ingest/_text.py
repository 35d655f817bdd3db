"""Cleaning scraped text of web-page debris, and finding credit lines.

trafilatura handles HTML; this module handles what is left in plain text that was
copied or scraped from a page (and what trafilatura lets through): navigation and
UI fragments, media-player blocks, photo captions and "Based on reporting by ..."
credit lines. The rules are structural and written by hand because no library
covers line-level debris in already-extracted text; each rule says why it is safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Line ends like prose when its last character (after closing quotes/brackets) is one of these.
_TERMINAL = ".!?…:;"
_CLOSERS = "\"'”’»)]"
# A UI fragment ("Skip to content", "Share", "Breaking News"): short and not prose.
_FRAGMENT_MAX_WORDS = 3
# How far a media-player block reaches around its timestamp line.
_MEDIA_BLOCK_REACH = 3
_CAPTION_MAX_WORDS = 60

_CLOCK = r"(?:\d{1,2}:){1,2}\d{2}"
_TIMESTAMP_LINE = re.compile(rf"^\s*{_CLOCK}(?:\s*[/|-]?\s*{_CLOCK})*\s*$")
_POSITION = (
    r"left|right|centre|center|top|bottom|front|back|L|R|C|"
    r"(?:second|third|\d+(?:st|nd|rd|th)) (?:from )?(?:left|right)|"
    r"(?:left|right) to (?:left|right)|pictured|file(?: photo)?|photo"
)
_CAPTION = re.compile(
    rf"\((?:{_POSITION})\)"
    r"|^(?:photo|image|picture|caption|image caption|media caption|photograph|file photo)\s*[:|-]"
    r"|\((?:AP|AFP|Reuters|EPA|Getty)(?: Photo)?\s*/[^)]*\)"
    r"|\b(?:Getty Images|AP Photo|Image copyright|Photo credit)\b",
    re.IGNORECASE,
)
_REPORTING_LINE = re.compile(
    r"^\(?\s*(?:based on|with|additional|compiled from|compiled with)\s+"
    r"(?:reporting|reports|material|information)\s+(?:by|from)\s+(?P<names>.+?)\s*\.?\s*\)?\s*$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^\(?\s*(?:source|sources|via)\s*:\s*(?P<names>[^.]{1,80}?)\s*\.?\)?\s*$", re.I)
# "WASHINGTON (Reuters) -", "(CNN) —" near the start of a story: the outlet or wire it came from.
_DATELINE_CREDIT = re.compile(r"\((?P<name>[A-Z][A-Za-z.&']+(?: [A-Z][A-Za-z.&']*){0,3})\)\s*[-–—](?=\s)")
# "AP — ...", "AFP - ..." opening a story; only well-known wire services, since any
# capitalised word followed by a dash would otherwise match.
_WIRES = (
    "AP|AFP|Reuters|Associated Press|Agence France-Presse|Bloomberg|UPI|dpa|ANSA|EFE|Xinhua|"
    "Kyodo|PA|Press Association|Yonhap|TASS|Interfax|ANI|PTI|IANS|AAP|Canadian Press|Anadolu|Bernama"
)
_WIRE_OPENING = re.compile(rf"^(?P<name>{_WIRES})\s*[-–—]\s", re.MULTILINE)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_DATELINE_REACH = 300


@dataclass(slots=True)
class CleanText:
    """Plain text after debris removal: title (first kept line when asked for), body, credits."""

    text: str
    title: str | None = None
    credits: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)  # rule name -> lines removed


def clean_text(raw: str, *, take_title: bool) -> CleanText:
    """Remove debris lines from ``raw``; with ``take_title`` the first kept line becomes the title.

    The title line is not repeated in the returned text. Paragraph structure
    (blank-line separated blocks) is kept.
    """
    if "\r" in raw:  # a one-character test is ~20x cheaper than searching a long text for "\r\n"
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = raw.split("\n")
    verdicts = _judge_lines(lines)
    if take_title:
        _restore_short_title(lines, verdicts)
    credits: list[str] = []
    dropped: dict[str, int] = {}
    for line, verdict in zip(lines, verdicts):
        if verdict == "credit":
            credits.extend(_credit_names(line))
        if verdict not in ("keep", "blank"):
            dropped[verdict] = dropped.get(verdict, 0) + 1
    # None marks a removed line: unlike a blank line it does not split a paragraph.
    kept: list[str | None] = [
        line if verdict == "keep" else "" if verdict == "blank" else None for line, verdict in zip(lines, verdicts)
    ]
    title = None
    if take_title:
        first = next((i for i, line in enumerate(kept) if line and line.strip()), None)
        if first is not None:
            title = lines[first].strip()
            kept[first] = None
    text = _join_blocks(kept)
    credits.extend(find_credits(text))
    return CleanText(text=text, title=title, credits=_unique(credits), dropped=dropped)


def find_credits(text: str) -> list[str]:
    """Credits named in a story's opening ("WASHINGTON (Reuters) -", "AP — "), without changing it."""
    opening = text[:_DATELINE_REACH]
    names = [m.group("name") for m in _DATELINE_CREDIT.finditer(opening)]
    names += [m.group("name") for m in _WIRE_OPENING.finditer(opening)]
    return _unique(names)


def is_prose(line: str) -> bool:
    """True when a line ends like a sentence (after closing quotes and brackets)."""
    stripped = line.strip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _judge_lines(lines: list[str]) -> list[str]:
    verdicts = [_judge_line(line) for line in lines]
    for i, verdict in enumerate(verdicts):
        if verdict == "timestamp":
            _drop_media_block(lines, verdicts, i)
    return verdicts


def _judge_line(line: str) -> str:
    stripped = line.strip()
    if not stripped:
        return "blank"
    if _TIMESTAMP_LINE.match(stripped):
        return "timestamp"
    if _REPORTING_LINE.match(stripped) or _SOURCE_LINE.match(stripped):
        return "credit"
    if _may_be_caption(stripped) and _CAPTION.search(stripped):
        return "caption"
    if not is_prose(stripped) and _at_most_words(stripped, _FRAGMENT_MAX_WORDS):
        return "fragment"
    return "keep"


def _restore_short_title(lines: list[str], verdicts: list[str]) -> None:
    """A short first line directly followed by prose is the headline, not a UI fragment.

    UI fragments at the top of a page ("Skip to content", "Menu") are followed by
    more non-prose lines (other fragments, then the headline); a headline is
    followed by the story's first sentence.
    """
    shown = [i for i, v in enumerate(verdicts) if v in ("keep", "fragment")]
    for position, i in enumerate(shown):
        if verdicts[i] == "keep":
            return
        following = next((j for j in shown[position + 1 :] if verdicts[j] == "keep"), None)
        if following is not None and is_prose(lines[following]) and following == shown[position + 1]:
            verdicts[i] = "keep"
            return


def _at_most_words(line: str, limit: int) -> bool:
    return len(line.split(None, limit)) <= limit  # maxsplit: long paragraphs are not split whole


def _may_be_caption(line: str) -> bool:
    """Cheap pre-check before the caption regex: every caption pattern needs one of these."""
    if "(" not in line and not any(mark in line[:25] for mark in ":|-"):
        low = line.lower()
        if not any(word in low for word in ("getty", "photo", "image")):
            return False
    return _at_most_words(line, _CAPTION_MAX_WORDS)  # last: splitting a long paragraph costs the most


def _drop_media_block(lines: list[str], verdicts: list[str], at: int) -> None:
    """A player's timestamp line comes with its non-prose neighbours (video title, status text)."""
    for step in (-1, 1):
        i, reached = at + step, 0
        while 0 <= i < len(lines) and reached < _MEDIA_BLOCK_REACH:
            if verdicts[i] == "blank":
                i += step
                continue
            if verdicts[i] == "keep" and is_prose(lines[i]):
                break
            if verdicts[i] == "keep":
                verdicts[i] = "media"
            reached += 1
            i += step


def _credit_names(line: str) -> list[str]:
    match = _REPORTING_LINE.match(line.strip()) or _SOURCE_LINE.match(line.strip())
    if not match:
        return []
    names = [n.strip(" .()") for n in _NAME_SPLIT.split(match.group("names"))]
    return [re.sub(r"^the\s+", "", n, flags=re.I) for n in names if n and len(n.split()) <= 5]


def _join_blocks(lines: list[str | None]) -> str:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line is None:
            continue
        if stripped := line.strip():
            blocks[-1].append(stripped)
        elif blocks[-1]:
            blocks.append([])
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())
