"""End-to-end tests of the command line on real files, the real store and the real spaCy pipeline."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from storyline.cli import app

runner = CliRunner()

DEBRIS = [
    "Accessibility links",
    "Breaking News",
    "please wait",
    "No media source currently available",
    "0:00 0:01:27",
    "Based on reporting by",
]


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_json():
    result = invoke("demo", "--format", "json")
    assert result.exit_code == 0, result.output
    # One JSON dossier per event is printed.
    decoder, text, found = json.JSONDecoder(), result.stdout.strip(), []
    while text:
        obj, end = decoder.raw_decode(text)
        found.append(obj)
        text = text[end:].strip()
    return found


def test_demo_makes_one_event_of_both_seeds(demo_json):
    assert len(demo_json) == 1
    dossier = demo_json[0]
    assert len(dossier["articles"]) == 2
    assert dossier["outlets"]


def test_demo_dossier_names_the_main_entities(demo_json):
    names = " ".join(e["canonical"] for e in demo_json[0]["entities"])
    for expected in ["Obama", "Putin", "Syria", "Ukraine", "Hangzhou"]:
        assert expected in names


def test_demo_dossier_has_no_web_debris(demo_json):
    rendered = json.dumps(demo_json[0], ensure_ascii=False)
    for line in DEBRIS:
        assert line not in rendered


def test_demo_text_view(demo_json):
    result = invoke("demo")
    assert result.exit_code == 0
    assert "Putin" in result.stdout and "Obama" in result.stdout
    for line in DEBRIS:
        assert line not in result.stdout


@pytest.fixture()
def seeded_db(tmp_path, seed_paths):
    db = tmp_path / "store.db"
    result = invoke("ingest", "--db", str(db), *map(str, seed_paths))
    assert result.exit_code == 0, result.output
    return db


def test_ingest_then_events_then_show(seeded_db):
    listed = invoke("events", "--db", str(seeded_db), "--format", "json")
    events = json.loads(listed.stdout)
    assert len(events) == 1 and len(events[0]["article_ids"]) == 2
    shown = invoke("show", events[0]["id"][:6], "--db", str(seeded_db), "--format", "md")
    assert shown.exit_code == 0
    assert "Putin" in shown.stdout


def test_reingest_is_safe(seeded_db, seed_paths):
    again = invoke("ingest", "--db", str(seeded_db), "--format", "json", *map(str, seed_paths))
    summary = json.loads(again.stdout)
    assert again.exit_code == 0
    assert (summary["new"], summary["duplicate"]) == (0, 2)
    events = json.loads(invoke("events", "--db", str(seeded_db), "--format", "json").stdout)
    assert [len(e["article_ids"]) for e in events] == [2]


def test_show_unknown_event_says_what_to_do(seeded_db):
    result = runner.invoke(app, ["show", "no-such-event", "--db", str(seeded_db)])
    assert result.exit_code == 1
    assert "storyline events" in result.output


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path, seed_paths):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "text": "fine"}\nnot json\n{"text": "no id"}\n')
    good = tmp_path / "good.txt"
    good.write_text(seed_paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "store.db"
    result = runner.invoke(
        app,
        ["ingest", "--db", str(db), "--format", "json", str(tmp_path / "empty.txt"), str(tmp_path / "binary.txt"),
         str(tmp_path / "broken.jsonl"), str(tmp_path / "missing.txt"), str(good)],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["new"] == 2  # good.txt and the one valid JSONL line
    assert summary["failed"] >= 5
    for name in ["empty.txt", "binary.txt", "broken.jsonl", "missing.txt"]:
        assert any(name in line for line in summary["errors"]), name


def test_ingest_exits_nonzero_when_nothing_could_be_ingested(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "s.db"), str(tmp_path / "empty.txt")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output


def _check_spans(record: dict) -> None:
    text = record["text"]
    for key in ("entities", "quotes", "dates"):
        for span in record[key]:
            assert text[span["start"]:span["end"]] == span["text"], (key, span)
    for quote in record["quotes"]:
        assert quote["kind"] in ("direct", "indirect")
        if quote.get("speaker_start") is not None:
            assert 0 <= quote["speaker_start"] < quote["speaker_end"] <= len(text)


def test_extract_follows_the_contract_on_polnear(shared_data, tmp_path):
    source = shared_data / "polnear-dev.jsonl"
    out = tmp_path / "x.jsonl"
    result = invoke("extract", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    inputs = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [a["id"] for a in inputs]
    for record, article in zip(records, inputs):
        assert record["text"] == article["text"]
        assert record["published"] == article["published"]
        _check_spans(record)
    assert sum(len(r["quotes"]) for r in records) > 100
    assert sum(len(r["entities"]) for r in records) > 1000


def test_extract_reads_plain_text_files_too(seed_paths, tmp_path):
    out = tmp_path / "x.jsonl"
    assert invoke("extract", *map(str, seed_paths), "-o", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2
    for record in records:
        assert record["path"].endswith(".txt")
        assert re.fullmatch(r"[0-9a-f]{16}", record["id"])
        _check_spans(record)
