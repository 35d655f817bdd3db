"""Article metadata: dates with their origin, outlet, canonical URL, language."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from urllib.parse import urlsplit

import courlan
from dateutil import parser as dateparser
from lxml import html as lxml_html

# Origins of a published date, most trusted first (recorded in meta["published_origin"]);
# "input" is a date field of a JSON/CSV export from another tool; "warc" is the capture
# date, an upper bound only, hence last.
DATE_ORIGINS = ("input", "html_meta", "json_ld", "feed", "url", "dateline", "warc")

_META_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
    "parsely-pub-date", "citation_publication_date",
)  # fmt: skip
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])(?:[/-](?P<d>0?[1-9]|[12]\d|3[01]))?(?:/|$|[-_])")
# "HANGZHOU, China, Sept. 5, 2016 (Reuters) -": a dateline with a full date before the dash.
_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .,'-]{0,60}?,\s*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"\s+\d{1,2},?\s+(?:19|20)\d{2})\b[^\n]{0,40}?[-–—]"
)
_MIN_LANGUAGE_CHARS = 40
# py3langid scores byte by byte in Python (~2 µs/byte): a paragraph is plenty for news prose
# and keeps language id under a millisecond.
_LANGUAGE_SAMPLE_CHARS = 250
_MIN_LANGUAGE_CONFIDENCE = 0.5


def iso_date(value: object) -> str | None:
    """An ISO date or datetime string from a date-ish value, or None when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        parsed = dateparser.parse(str(value).strip())
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", str(value)))
    return parsed.isoformat() if has_time else parsed.date().isoformat()


def date_from_url(url: str | None) -> str | None:
    """``/2016/09/05/`` in a URL path, as an ISO date (month precision gives day 1)."""
    if not url:
        return None
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    y, m, d = int(match["y"]), int(match["m"]), int(match["d"] or 1)
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def date_from_dateline(text: str) -> str | None:
    """The full date of a wire dateline opening the text, if there is one."""
    match = _DATELINE.match(text[:200])
    return iso_date(match["date"].replace("Sept", "Sep")) if match else None


def canonical_url(url: str | None) -> str | None:
    """URL without tracking parameters and fragment (utm_*, fbclid, gclid ...), host lower-cased."""
    if not url:
        return None
    try:
        return courlan.normalize_url(url, strict=True)
    except (ValueError, TypeError):
        return url


def outlet_from_url(url: str | None) -> str | None:
    """The registered domain of a URL ("bbc.co.uk" for www.bbc.co.uk), or the host for IPs."""
    if not url:
        return None
    domain = courlan.extract_domain(url, fast=True)
    return domain or (urlsplit(url).hostname or None)


@cache
def _language_identifier():  # loaded once per process: the model takes ~0.5 s to read
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), or None when too short or unsure."""
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    if len(sample.strip()) < _MIN_LANGUAGE_CHARS:
        return None
    code, confidence = _language_identifier().classify(sample)
    return code if confidence >= _MIN_LANGUAGE_CONFIDENCE else None


# --------------------------------------------------------------------------- HTML head


def html_metadata(tree: lxml_html.HtmlElement) -> dict[str, object]:
    """Title, published date (+origin), author, site name, canonical URL, language from a page's head."""
    metas = _meta_tags(tree)
    ld = _json_ld_article(tree)
    found: dict[str, object] = {}
    found["title"] = _clean(metas.get("og:title") or metas.get("twitter:title") or ld.get("headline")) or _page_title(tree)
    for key in _META_DATE_KEYS:
        if published := iso_date(metas.get(key)):
            found["published"], found["published_origin"] = published, "html_meta"
            break
    else:
        if published := iso_date(ld.get("datePublished") or ld.get("dateCreated")):
            found["published"], found["published_origin"] = published, "json_ld"
    found["author"] = _clean(metas.get("author") or metas.get("article:author") or _ld_name(ld.get("author")))
    found["site_name"] = _clean(metas.get("og:site_name") or _ld_name(ld.get("publisher")) or metas.get("application-name"))
    canonical = tree.xpath("//link[@rel='canonical']/@href") or [metas.get("og:url")]
    found["canonical_url"] = _clean(canonical[0])
    lang = tree.xpath("/html/@lang")
    found["declared_language"] = lang[0].split("-")[0].lower() if lang and lang[0].strip() else None
    return {k: v for k, v in found.items() if v}


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        content = meta.get("content")
        if key and content:
            metas.setdefault(key.strip().lower(), content.strip())
    for node in tree.xpath("//time[@itemprop='datePublished'][@datetime]"):
        metas.setdefault("datepublished", node.get("datetime"))
    return metas


def _json_ld_article(tree: lxml_html.HtmlElement) -> dict:
    """The first JSON-LD object of a news/article type (or any with datePublished)."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for obj in _walk_ld(data):
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.endswith("Article") for k in kinds) or "datePublished" in obj:
                return obj
    return {}


def _walk_ld(data: object):
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_ld(data["@graph"])


def _ld_name(value: object) -> str | None:
    if isinstance(value, list):
        names = [_ld_name(v) for v in value]
        return ", ".join(n for n in names if n) or None
    if isinstance(value, dict):
        return value.get("name") if isinstance(value.get("name"), str) else None
    return value if isinstance(value, str) else None


def _page_title(tree: lxml_html.HtmlElement) -> str | None:
    """The <h1> when the <title> starts with it (titles often append " - Site name"), else the <title>."""
    title, heading = _clean(_first_text(tree, "//title")), _clean(_first_text(tree, "//h1"))
    if heading and (not title or title.startswith(heading)):
        return heading
    return title


def _first_text(tree: lxml_html.HtmlElement, xpath: str) -> str | None:
    nodes = tree.xpath(xpath)
    return nodes[0].text_content() if nodes else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return re.sub(r"\s+", " ", value).strip() or None
