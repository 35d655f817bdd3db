"""read_sources on files and directories, and the file half of the bad-input matrix."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.ingest import IngestError, read_sources
from storyline.model import content_id

from ._pages import PARAGRAPHS, article_page


def _split(items):
    articles = [i for i in items if not isinstance(i, IngestError)]
    errors = [i for i in items if isinstance(i, IngestError)]
    return articles, errors


def test_html_file_metadata_from_head(tmp_path: Path):
    head = (
        '<meta property="og:site_name" content="Riverton Gazette">'
        '<meta property="article:published_time" content="2021-04-06T09:30:00Z">'
        '<meta name="author" content="Dana Reyes">'
        '<link rel="canonical" href="https://gazette.example.com/2021/04/06/flood-barrier?utm_source=rss&id=7">'
    )
    page = tmp_path / "story.html"
    page.write_text(article_page(head=head), encoding="utf-8")
    (article,) = list(read_sources([page]))
    assert article.title == "Riverton approves flood barrier"
    assert article.source == "Riverton Gazette"
    assert article.author == "Dana Reyes"
    assert article.published == "2021-04-06T09:30:00+00:00"
    assert article.meta["published_origin"] == "html_meta"
    assert article.url == "https://gazette.example.com/2021/04/06/flood-barrier?id=7"
    assert article.path == str(page)
    assert article.language == "en"
    assert PARAGRAPHS[1] in article.text and "Copyright" not in article.text
    assert article.id == content_id(article.text)


def test_html_date_falls_back_to_json_ld_then_url(tmp_path: Path):
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-05-01"}</script>'
    (tmp_path / "a.html").write_text(article_page(head=ld), encoding="utf-8")
    canonical = '<link rel="canonical" href="https://news.example.org/2020/12/31/story">'
    (tmp_path / "b.html").write_text(article_page(title="Other story", head=canonical, paragraphs=PARAGRAPHS[::-1]), encoding="utf-8")
    a, b = list(read_sources([tmp_path]))
    assert (a.published, a.meta["published_origin"]) == ("2021-05-01", "json_ld")
    assert (b.published, b.meta["published_origin"], b.source) == ("2020-12-31", "url", "example.org")


def test_directory_is_recursive_and_sorted(tmp_path: Path, seed_paths):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "seed.txt").write_bytes(seed_paths[0].read_bytes())
    (tmp_path / "a.txt").write_bytes(seed_paths[1].read_bytes())
    (tmp_path / ".hidden.txt").write_text("ignored hidden file\nwith text.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = list(read_sources([tmp_path]))
    articles, errors = _split(items)
    assert [a.path for a in articles] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c" / "seed.txt")]
    assert [(e.kind, e.input) for e in errors] == [("skipped", str(tmp_path / "notes.pdf"))]
    assert list(read_sources([tmp_path])) == items  # deterministic


def test_jsonl_contract_text_is_kept_verbatim(tmp_path: Path):
    text = "  Leading spaces stay.\n\nSecond paragraph (Reuters) - with a credit.  "
    record = {"id": "x1", "text": text, "title": "T", "published": "2016-09-05", "gold_event": 3}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = list(read_sources([path]))
    assert (article.id, article.text, article.published) == ("x1", text, "2016-09-05")
    assert article.meta["gold_event"] == 3
    assert article.credits == ["Reuters"]


def test_jsonl_contract_dates_are_read_as_every_other_inputs(tmp_path: Path):
    values = ["Tue, 06 Sep 2016 10:00:00 GMT", 20160905, "September 2016", "", "2016-09-05"]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": f"x{i}", "text": f"Story {i}.", "published": v}) + "\n"
                            for i, v in enumerate(values)), encoding="utf-8")  # fmt: skip
    articles, errors = _split(list(read_sources([path])))
    assert errors == []
    assert [a.published for a in articles] == ["2016-09-06T10:00:00+00:00", "2016-09-05", None, None, "2016-09-05"]
    assert [a.meta.get("published_origin") for a in articles] == ["input", "input", None, None, "input"]


def test_news_please_json_maps_onto_the_contract(tmp_path: Path):
    record = {
        "maintext": " ".join(PARAGRAPHS),
        "title": "Flood barrier approved",
        "date_publish": "2021-04-06 09:30:00",
        "source_domain": "gazette.example.com",
        "url": "https://gazette.example.com/flood?fbclid=abc",
        "authors": ["Dana Reyes", "Sam Li"],
        "language": "en",
        "image_url": "https://gazette.example.com/a.jpg",
    }
    path = tmp_path / "np.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    (article,) = list(read_sources([path]))
    assert article.text == record["maintext"]
    assert (article.title, article.published, article.source) == ("Flood barrier approved", "2021-04-06T09:30:00", "gazette.example.com")
    assert (article.author, article.url) == ("Dana Reyes, Sam Li", "https://gazette.example.com/flood")
    assert article.meta["image_url"] == record["image_url"] and article.meta["published_origin"] == "input"
    assert article.id == content_id(record["maintext"])


def test_csv_export(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text(f'headline,content,link\n"Barrier vote","{PARAGRAPHS[0]}",https://x.example.net/a\n,,\n', encoding="utf-8")
    articles, errors = _split(list(read_sources([path])))
    assert [(a.title, a.text, a.source) for a in articles] == [("Barrier vote", PARAGRAPHS[0], "example.net")]
    assert [str(e) for e in errors] == [f"{path}:line 3: no article text (none of the fields text, maintext, content, body, article_text holds text)"]


# ------------------------------------------------------------------ bad input: one test per case


def test_empty_file(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("Title\nA body sentence that is long enough.", encoding="utf-8")
    articles, errors = _split(list(read_sources([tmp_path / "empty.txt", tmp_path / "ok.txt"])))
    assert [str(e) for e in errors] == [f"{tmp_path / 'empty.txt'}: empty file"]
    assert len(articles) == 1  # the batch goes on


def test_binary_file(tmp_path: Path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 8)
    (error,) = list(read_sources([path]))
    assert error.input == str(path) and error.message.startswith("binary content")


def test_invalid_utf8(tmp_path: Path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Titre\nLa réunion était constructive.".encode("latin-1"))
    (error,) = list(read_sources([path]))
    assert str(error) == f"{path}: invalid UTF-8 at byte 10; re-encode the file as UTF-8 (e.g. iconv -t UTF-8)"


def test_jsonl_line_not_json_or_lacking_fields(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    lines = ['{"id": "a", "text": "Fine article text."}', "{not json", '{"id": "b"}', '{"text": "no id"}', "[1, 2]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = _split(list(read_sources([path])))
    assert [a.id for a in articles] == ["a"]
    assert [str(e) for e in errors] == [
        f"{path}:line 2: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:line 3: missing required field(s) text (Article JSONL needs 'id' and 'text')",
        f"{path}:line 4: missing required field(s) id (Article JSONL needs 'id' and 'text')",
        f"{path}:line 5: expected a JSON object, got list",
    ]


def test_missing_path(tmp_path: Path):
    (error,) = list(read_sources([tmp_path / "nope.html"]))
    assert str(error) == f"{tmp_path / 'nope.html'}: no such file or directory"


def test_html_with_no_article_body(tmp_path: Path):
    path = tmp_path / "index.html"
    path.write_text("<html><head><title>Home</title></head><body><nav><a href='/a'>A</a></nav></body></html>", encoding="utf-8")
    (error,) = list(read_sources([path]))
    assert error.input == str(path) and error.message.startswith("no article text found in the page")


def test_fifty_megabyte_page_file(tmp_path: Path):
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: fast to make, still 50 MB to read
    (error,) = list(read_sources([path]))
    assert str(error) == f"{path}: file is 50.0 MB, over the 10 MB limit for html input"


def test_wrong_charset_declaration(tmp_path: Path):
    path = tmp_path / "mislabelled.html"
    page = article_page(paragraphs=[p.replace("Mayor", "Maire Élodie") for p in PARAGRAPHS], charset_meta="iso-8859-1")
    path.write_bytes(page.encode("utf-8"))  # declared Latin-1, really UTF-8
    (article,) = list(read_sources([path]))
    assert "Maire Élodie" in article.text and "Ã" not in article.text
    assert article.meta["charset_note"] == "declared iso-8859-1, decoded as utf-8"


def test_latin1_page_with_right_declaration(tmp_path: Path):
    path = tmp_path / "latin.html"
    page = article_page(paragraphs=[p.replace("Mayor", "Maire Élodie") for p in PARAGRAPHS], charset_meta="iso-8859-1")
    path.write_bytes(page.encode("latin-1"))
    (article,) = list(read_sources([path]))
    assert "Maire Élodie" in article.text and "charset_note" not in article.meta


def test_non_english_article_is_kept_and_marked(tmp_path: Path):
    path = tmp_path / "fr.txt"
    path.write_text(
        "Le conseil approuve la digue\nLe conseil municipal a voté mardi pour approuver une nouvelle digue contre les "
        "inondations, mettant fin à deux ans de débat sur son coût.",
        encoding="utf-8",
    )
    (article,) = list(read_sources([path]))
    assert article.language == "fr"


def test_jsonl_text_with_unicode_line_separator_stays_one_record(tmp_path: Path):
    path = tmp_path / "sep.jsonl"
    text = "First part\u2028second part of one article."
    path.write_text(json.dumps({"id": "s1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = list(read_sources([path]))
    assert article.text == text
