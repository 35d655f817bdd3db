"""Article metadata: dates with their origin, outlet, canonical URL, language."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from urllib.parse import urlsplit

import courlan
from lxml import etree
from lxml import html as lxml_html

from ..model import iso_date

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
# Frequent English function words that are not also common words of other European
# languages ("to" is Polish, "for"/"at" Danish, "of"/"is" Dutch, "on" French, "in"/"a" many):
# most English prose has well over 10% of its words among them, other languages close to none.
_ENGLISH_ONLY_WORDS = frozenset(
    "the and that with from his she it its are were has have been be said this which who whom their they "
    "would not but about after than".split()
)
_MIN_ENGLISH_SHARE = 0.1
_MIN_ENGLISH_WORDS = 12
_WORD = re.compile(r"[^\W\d_]+")
_TIME_PUBLISHED = etree.XPath("//time[@itemprop='datePublished']/@datetime", smart_strings=False)


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


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), or None when too short or unsure.

    A page that declares English (``<html lang="en">``) and reads like English is
    taken at its word without running the classifier: most news pages do, and the
    check costs a few microseconds instead of a millisecond. Any other declaration,
    or English declared on text that does not read like English, goes to py3langid.
    """
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    if len(sample.strip()) < _MIN_LANGUAGE_CHARS:
        return None
    if declared == "en" and _reads_like_english(sample):
        return "en"
    code, confidence = _language_identifier().classify(sample)
    return code if confidence >= _MIN_LANGUAGE_CONFIDENCE else None


def _reads_like_english(sample: str) -> bool:
    """True when enough of the words are English function words that no other language shares."""
    words = _WORD.findall(sample.lower())
    if len(words) < _MIN_ENGLISH_WORDS:
        return False
    return sum(map(_ENGLISH_ONLY_WORDS.__contains__, words)) >= _MIN_ENGLISH_SHARE * len(words)


# --------------------------------------------------------------------------- HTML head


def html_metadata(tree: lxml_html.HtmlElement) -> dict[str, object]:
    """Title, published date (+origin), author, site name, canonical URL, language from a page's head."""
    head = _HeadTags.collect(tree)
    metas = head.metas
    ld = _json_ld_article(head.json_ld)
    found: dict[str, object] = {}
    found["title"] = _clean(metas.get("og:title") or metas.get("twitter:title") or ld.get("headline")) or _page_title(
        head.title, head.h1
    )
    for key in _META_DATE_KEYS:
        value = metas.get(key)
        if value is None and key == "datepublished":  # a <meta> date wins over a <time> one wherever they stand
            value = next(iter(_TIME_PUBLISHED(tree)), None)  # looked for only when needed: pages have many <time>s
        if published := iso_date(value):
            found["published"], found["published_origin"] = published, "html_meta"
            break
    else:
        if published := iso_date(ld.get("datePublished") or ld.get("dateCreated")):
            found["published"], found["published_origin"] = published, "json_ld"
    found["author"] = _clean(metas.get("author") or metas.get("article:author") or _ld_name(ld.get("author")))
    found["site_name"] = _clean(metas.get("og:site_name") or _ld_name(ld.get("publisher")) or metas.get("application-name"))
    found["canonical_url"] = _clean(head.canonical if head.canonical is not None else metas.get("og:url"))
    lang = head.lang
    found["declared_language"] = lang.split("-")[0].lower() if lang and lang.strip() else None
    return {k: v for k, v in found.items() if v}


@dataclass(slots=True)
class _HeadTags:
    """What the metadata rules read from a page, gathered in one walk over the tree.

    One ``iter`` over the few tags of interest (document order) replaces an XPath
    search of the whole tree per rule: this runs once per ingested page. ``<time>``
    dates are left to ``html_metadata``, which looks for them only when no ``<meta>``
    date is found: teaser lists carry many ``<time>`` elements, and each element
    visited from Python costs a proxy object.
    """

    metas: dict[str, str] = field(default_factory=dict)  # first content per lower-cased key
    json_ld: list[str] = field(default_factory=list)
    canonical: str | None = None  # href of the first <link rel="canonical" href=...>
    title: lxml_html.HtmlElement | None = None  # first <title>
    h1: lxml_html.HtmlElement | None = None  # first <h1>
    lang: str | None = None  # <html lang>

    @classmethod
    def collect(cls, tree: lxml_html.HtmlElement) -> _HeadTags:
        head = cls()
        root = tree.getroottree().getroot()
        head.lang = root.get("lang") if root.tag == "html" else None
        for node in root.iter("meta", "link", "script", "title", "h1"):
            tag = node.tag
            if tag == "meta":
                key = node.get("property") or node.get("name") or node.get("itemprop") or ""
                content = node.get("content")
                if key and content:
                    head.metas.setdefault(key.strip().lower(), content.strip())
            elif tag == "script":
                if node.get("type") == "application/ld+json" and node.text:
                    head.json_ld.append(node.text)
            elif tag == "link":
                if head.canonical is None and node.get("rel") == "canonical" and node.get("href") is not None:
                    head.canonical = node.get("href")
            elif tag == "title":
                head.title = node if head.title is None else head.title
            elif head.h1 is None:
                head.h1 = node
        return head


def _json_ld_article(scripts: list[str]) -> dict:
    """The first JSON-LD object of a news/article type (or any with datePublished)."""
    for script in scripts:
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


def _page_title(title_node: lxml_html.HtmlElement | None, heading_node: lxml_html.HtmlElement | None) -> str | None:
    """The <h1> when the <title> starts with it (titles often append " - Site name"), else the <title>."""
    title = _clean(title_node.text_content() if title_node is not None else None)
    heading = _clean(heading_node.text_content() if heading_node is not None else None)
    if heading and (not title or title.startswith(heading)):
        return heading
    return title


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None  # str.split() splits on the white space of r"\s+", ~5x faster
