"""Scores, the seeds end to end, and the `storyline cluster` / `eval cluster` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.analyze import analyze
from storyline.cli import app
from storyline.cluster import cluster_articles, embedded_analysis, read_articles, score_clustering
from storyline.model import Article
from tests.cluster.conftest import FLOOD, QUAKE


def test_b_cubed_on_a_hand_computed_example() -> None:
    scores = score_clustering({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "y", "c": "y"})
    assert scores["b3_precision"] == pytest.approx(2 / 3)
    assert scores["b3_recall"] == pytest.approx(2 / 3)
    assert scores["events_predicted"] == 2 and scores["events_gold"] == 2
    perfect = score_clustering({"a": "7", "b": "7", "c": "9"}, {"a": "x", "b": "x", "c": "y"})
    assert perfect["b3_f1"] == pytest.approx(1.0) and perfect["ari"] == pytest.approx(1.0)


def test_the_two_seed_reports_form_one_event(nlp, seed_paths: list[Path]) -> None:
    articles = [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in seed_paths]
    analyses = list(analyze(nlp, articles))
    assert len(set(cluster_articles(articles, analyses).values())) == 1


def test_cluster_command_follows_the_contract(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    rows = [{"id": "q1", "text": QUAKE}, {"id": "f1", "text": FLOOD}, {"id": "q2", "text": "Update: " + QUAKE}]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n" + json.dumps({"id": "x"}) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["cluster", str(source), "-o", str(out), "--text-only"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["q1", "f1", "q2"]
    assert all(set(line) == {"id", "event_id"} for line in lines)
    assert lines[0]["event_id"] == lines[2]["event_id"] != lines[1]["event_id"]
    assert "not JSON" in result.output and "needs a string 'id' and 'text'" in result.output


def test_cluster_command_skips_a_repeated_id_and_keeps_the_first(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    rows = [{"id": "q1", "text": QUAKE}, {"id": "q2", "text": "Update: " + QUAKE}, {"id": "q1", "text": FLOOD}]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["cluster", str(source), "-o", str(out), "--text-only"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2"]
    assert lines[0]["event_id"] == lines[1]["event_id"]  # q1 is the quake report, not the flood resent under its id
    assert "in.jsonl:3: skipped, id 'q1' already read on line 1" in result.output


def test_read_articles_names_each_bad_input_in_one_line_and_keeps_the_rest(tmp_path: Path, capsys) -> None:
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(b'{"id": "a", "text": "caf\xe9 in Paris"}\n[1]\n{"id": 7, "text": "' + QUAKE.encode() + b'"}\n')
    articles = read_articles(mixed)
    assert [(a.id, a.text) for a in articles] == [("7", QUAKE)]  # an integer id is read as its string
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{mixed}:1: skipped, not UTF-8 (byte 24 of the line)", f"{mixed}:2: skipped, not a JSON object"]
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" * 500 + b"\n" * 50)
    assert read_articles(binary) == []
    assert capsys.readouterr().err.splitlines() == [f"{binary}: skipped, NUL bytes: a binary or UTF-16 file, not UTF-8 JSONL"]


def test_cluster_command_reads_standard_input(tmp_path: Path) -> None:
    rows = [{"id": "q1", "text": QUAKE}, {"id": "f1", "text": FLOOD}, {"id": "q2", "text": "Update: " + QUAKE}]
    piped = "\n".join(json.dumps(r) for r in rows) + "\nnot json\n"
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["cluster", "-", "-o", str(out), "--text-only"], input=piped)
    assert result.exit_code == 0, result.output
    events = {r["id"]: r["event_id"] for r in map(json.loads, out.read_text().splitlines())}
    assert events["q1"] == events["q2"] != events["f1"]
    assert "<stdin>:4: skipped, not JSON" in result.output


def test_cluster_command_refuses_a_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["cluster", str(tmp_path), "--text-only"])
    assert result.exit_code == 1 and "a directory; give one Article JSONL file" in result.output


def test_cluster_articles_refuses_repeated_ids() -> None:
    articles = [Article(id="a", text=QUAKE), Article(id="a", text=FLOOD)]
    with pytest.raises(ValueError, match="'a' occurs more than once"):
        cluster_articles(articles)


def _extract_row(ident: str, text: str, names: list[str], day: str) -> dict:
    """A `storyline extract` output line: the article with its entities and dates."""
    entities = [{"start": 0, "end": 1, "text": n, "label": "PERSON", "canonical": n} for n in names]
    return {"id": ident, "text": text, "entities": entities, "quotes": [],
            "dates": [{"start": 0, "end": 1, "text": "that day", "value": day}]}


def test_cluster_command_uses_the_analysis_that_extract_output_carries(tmp_path: Path) -> None:
    # Not one word in common: only the carried names and date can put the two reports together.
    rows = [_extract_row("a", "Talks ended without agreement late last night.", ["Anna Lindqvist"], "2016-09-05"),
            _extract_row("b", "Negotiators walked out, frustrated, before dawn.", ["Anna Lindqvist"], "2016-09-05")]
    source = tmp_path / "extracted.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    events = {}
    for mode in ([], ["--text-only"]):
        out = tmp_path / "out.jsonl"
        result = CliRunner().invoke(app, ["cluster", str(source), "-o", str(out), *mode])
        assert result.exit_code == 0, result.output
        events[bool(mode)] = {r["id"]: r["event_id"] for r in map(json.loads, out.read_text().splitlines())}
        assert ("2 articles carry their analysis" in result.output) is not bool(mode)
    assert events[False]["a"] == events[False]["b"]
    assert events[True]["a"] != events[True]["b"]


def test_embedded_analysis_reads_extract_fields_and_names_what_is_malformed() -> None:
    row = _extract_row("a", QUAKE, ["Sumbawa"], "2018-08-05")
    analysis = embedded_analysis(Article.from_dict(row))
    assert analysis is not None and analysis.article_id == "a"
    assert [e.canonical for e in analysis.entities] == ["Sumbawa"] and analysis.dates[0].value == "2018-08-05"
    assert embedded_analysis(Article(id="p", text=QUAKE)) is None
    with pytest.raises(ValueError, match="not those of `storyline extract`"):
        embedded_analysis(Article.from_dict({**row, "entities": ["Sumbawa"]}))
    with pytest.raises(ValueError, match="'canonical' is not a string"):
        embedded_analysis(Article.from_dict({**row, "entities": [{**row["entities"][0], "canonical": 7}]}))


def test_cluster_command_names_a_missing_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["cluster", str(tmp_path / "nope.jsonl"), "--text-only"])
    assert result.exit_code == 1
    assert "nope.jsonl" in result.output


def test_eval_cluster_on_the_dev_data(shared_data: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "cluster", "--gold", str(shared_data / "ecbplus-dev.jsonl"), "--text-only", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["articles"] == 413 and scores["events_gold"] == 36
    assert 0.0 < scores["b3_f1"] <= 1.0


def test_bench_cluster_command_prints_its_table(tmp_path: Path) -> None:
    source = tmp_path / "base.jsonl"
    rows = [{"id": "q", "text": QUAKE, "published": "2020-01-01"}, {"id": "f", "text": FLOOD, "published": "2020-01-02"}]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    for processes in ("1", "2"):
        result = CliRunner().invoke(
            app, ["bench", "cluster", "--n", "40", "--data", str(source), "--text-only", "--processes", processes]
        )
        assert result.exit_code == 0, result.output
        assert f"clustering 40 synthetic articles from base.jsonl ({processes} process(es))" in result.output
        row = next(line for line in result.output.splitlines() if line.startswith("│ 40 │"))  # the row at n = 40
        # Not a terminal here, as in a pipe or a CI log: the ten columns are printed uncut, not fitted to 80.
        cells = [cell.strip() for cell in row.strip("│").split("│")]
        assert len(cells) == 10 and all(cells) and "…" not in row, row
        assert "assign only/s" in result.output and "active events" in result.output


def test_cluster_options_show_the_clusterer_defaults() -> None:
    import inspect

    import typer

    from storyline.cluster import EventClusterer
    from storyline.cluster._engine import DEFAULT_SIGNAL_WEIGHTS

    defaults = {name: p.default for name, p in inspect.signature(EventClusterer.__init__).parameters.items()}
    for command in ("cluster", "eval"):
        click_command = typer.main.get_command(app).commands[command]
        if command == "eval":
            click_command = click_command.commands["cluster"]
        shown = {p.name: p.show_default for p in click_command.params}
        for name in ("threshold", "merge_threshold", "time_scale_days", "time_penalty", "window_days"):
            assert float(shown[name]) == defaults[name], name
        weights = dict(item.split("=") for item in shown["signal_weights"].split(","))
        assert {k: float(v) for k, v in weights.items()} == DEFAULT_SIGNAL_WEIGHTS


def test_cluster_options_reach_the_clusterer(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    rows = [{"id": "q1", "text": QUAKE}, {"id": "q2", "text": "Update: " + QUAKE}]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    events = {}
    for threshold in ("0.5", "0.99"):
        out = tmp_path / f"out{threshold}.jsonl"
        result = CliRunner().invoke(app, ["cluster", str(source), "-o", str(out), "--text-only", "--threshold", threshold])
        assert result.exit_code == 0, result.output
        events[threshold] = len({json.loads(line)["event_id"] for line in out.read_text().splitlines()})
    assert events == {"0.5": 1, "0.99": 2}
    bad = CliRunner().invoke(app, ["cluster", str(source), "--text-only", "--signal-weights", "words=1,who=2"])
    assert bad.exit_code == 1 and "unknown signal(s) ['who']" in bad.output


def test_eval_analyses_articles_in_stream_order_as_the_cluster_command_does() -> None:
    from storyline.cli import _cluster_analyses

    # Canonical names are settled in groups of analysed articles: the full name, published first but
    # written last in the file, is known when the short one is read only if analysis follows stream order.
    short = Article(id="a", text="Thompson said the fight in Bern would go ahead. Thompson trained for months.",
                    published="2016-09-06")  # fmt: skip
    filler = [Article(id=f"f{i}", text=f"The council of town number {i} met on Tuesday to discuss the budget.",
                      published="2016-09-10") for i in range(70)]  # fmt: skip
    full = Article(id="b", text="Tony Thompson arrived in Bern on Monday for his title fight with Wladimir Klitschko.",
                   published="2016-09-01")  # fmt: skip
    analyses = _cluster_analyses(Path("in.jsonl"), [short, *filler, full], text_only=False, model=None)
    assert [a.article_id for a in analyses] == ["a", *(f.id for f in filler), "b"]
    assert [e.canonical for e in analyses[0].entities if e.label == "PERSON"] == ["Tony Thompson"]


def test_eval_cluster_reads_the_gold_file_once_and_says_when_there_is_nothing_to_score(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [{"id": "q1", "text": QUAKE, "gold_event": "quake"}, {"id": "f1", "text": FLOOD, "gold_event": "flood"}]
    gold.write_text("not json\n" + "".join(json.dumps(r) + "\n" for r in rows))
    result = CliRunner().invoke(app, ["eval", "cluster", "--gold", str(gold), "--text-only", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.output.count("not JSON") == 1
    gold.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows))
    result = CliRunner().invoke(app, ["eval", "cluster", "--gold", str(gold), "--text-only"])
    assert result.exit_code == 1
    assert "no article carries a 'gold_event'; nothing to score" in result.output
