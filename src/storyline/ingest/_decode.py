"""Bytes to text: refuse binary data, survive wrong charset declarations."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ._errors import InputError

_SNIFF_BYTES = 8192
# Share of control characters (other than tab/newline/CR/formfeed) above which data is not text.
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(sorted(set(range(0, 32)) - {9, 10, 12, 13, 27}))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_EXPECTED = "expected HTML, plain text, JSON, a feed or a WARC archive"
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def check_not_binary(data: bytes) -> None:
    """Raise ``InputError`` when ``data`` looks like a binary file rather than text."""
    head = data[:_SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return
    if b"\x00" in head:
        raise InputError(f"binary content (NUL bytes), not text ({_EXPECTED})")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted at C speed
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        raise InputError(f"binary content (control bytes), not text ({_EXPECTED})")


def declared_html_charset(data: bytes) -> str | None:
    """The charset a page declares in its own <meta> tags, if any."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def decode_text(data: bytes, declared: str | None = None, *, strict_utf8: bool = False) -> tuple[str, str]:
    """Decode ``data``; returns (text, charset used).

    Valid UTF-8 wins over any declaration (a declared legacy charset on UTF-8 bytes
    is the common mislabel, and random legacy text is almost never valid UTF-8).
    Otherwise the declared charset is used if the bytes decode with it, else
    charset-normalizer's best guess. With ``strict_utf8`` (plain text, JSON) bytes
    that are not UTF-8 are an error rather than a guess.
    """
    check_not_binary(data)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        if strict_utf8:
            raise InputError(
                f"invalid UTF-8 at byte {err.start}; re-encode the file as UTF-8 (e.g. iconv -t UTF-8)"
            ) from None
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(data[: 4 * _SNIFF_BYTES]).best()
    if best is None:
        raise InputError("cannot tell the text encoding; re-encode the file as UTF-8")
    return data.decode(best.encoding, errors="replace"), best.encoding
