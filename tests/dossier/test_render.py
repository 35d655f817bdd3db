"""The four renderers."""

from __future__ import annotations

import json

import pytest

from storyline.dossier import SCHEMA, render_dossier


def test_json_follows_the_documented_schema(seed_dossier):
    data = json.loads(render_dossier(seed_dossier, "json"))
    assert data["schema"] == SCHEMA
    fact = data["facts"][0]
    assert {"text", "status", "support"} <= fact.keys()
    assert {"article_id", "source", "start", "end", "text"} <= fact["support"][0].keys()
    assert {"speaker", "text", "variants"} <= data["quotes"][0].keys()
    assert {"text", "citations"} <= data["summary"][0].keys()
    assert {"who", "what", "when", "where", "why", "how"} <= data["w5h1"].keys()


def test_markdown_has_the_sections(seed_dossier):
    md = render_dossier(seed_dossier, "md")
    for heading in ("## Summary", "## Corroborated facts", "## Single-source facts", "## Who said what", "## Framing"):
        assert heading in md


def test_text_has_no_colour_unless_asked(seed_dossier):
    plain = render_dossier(seed_dossier, "text", width=80)
    assert "\x1b[" not in plain and "Corroborated facts" in plain
    assert "\x1b[" in render_dossier(seed_dossier, "text", color=True)


def test_html_is_self_contained(seed_dossier):
    page = render_dossier(seed_dossier, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page.split("<body>")[0] and "<link" not in page and "<script" not in page


def test_unknown_format_says_which_exist(seed_dossier):
    with pytest.raises(ValueError, match="text, md, json, html"):
        render_dossier(seed_dossier, "pdf")
