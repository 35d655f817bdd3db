import pytest

from storyline.analyze import EntityRegistry, analyze
from storyline.model import Article, Entity


def _person(name: str) -> Entity:
    return Entity(0, len(name), name, "PERSON", name)


def test_surname_takes_the_unique_full_name():
    registry = EntityRegistry()
    registry.observe([_person("Vladimir Putin"), Entity(0, 6, "Russia", "GPE", "Russia")])
    assert registry.canonical("PERSON", "Putin") == "Vladimir Putin"
    assert registry.canonical("PERSON", "Vladimir Putin") == "Vladimir Putin"
    assert registry.canonical("GPE", "Putin") == "Putin"  # another type: no match
    assert registry.canonical("PERSON", "Medvedev") == "Medvedev"  # unknown: as written


def test_ambiguous_surname_stays_as_written():
    registry = EntityRegistry()
    registry.observe([_person("Bill Clinton"), _person("Hillary Clinton")])
    assert registry.canonical("PERSON", "Clinton") == "Clinton"
    assert registry.canonical("PERSON", "Hillary Clinton") == "Hillary Clinton"


def test_first_spelling_is_shared_for_other_types():
    registry = EntityRegistry()
    registry.observe([Entity(0, 4, "NATO", "ORG", "NATO"), Entity(0, 4, "Nato", "ORG", "Nato")])
    assert registry.canonical("ORG", "Nato") == "NATO"


def test_round_trip_through_bytes():
    registry = EntityRegistry()
    registry.observe([_person("Barack Obama"), Entity(0, 6, "Russia", "GPE", "Russia")])
    restored = EntityRegistry.from_bytes(registry.to_bytes())
    assert restored.canonical("PERSON", "Obama") == "Barack Obama"
    assert restored.to_bytes() == registry.to_bytes()
    with pytest.raises(ValueError, match="EntityRegistry"):
        EntityRegistry.from_bytes(b"not json")


def test_names_are_shared_across_calls_with_one_registry(nlp):
    registry = EntityRegistry()
    first = Article(id="a", text="Vladimir Putin met Barack Obama in Hangzhou on Monday.")
    second = Article(id="b", text='Putin said the talks were useful. "We are close," Obama told reporters.')
    list(analyze(nlp, [first], registry=registry))
    (analysis,) = analyze(nlp, [second], registry=registry)
    canonical = {e.text: e.canonical for e in analysis.entities}
    assert canonical["Putin"] == "Vladimir Putin" and canonical["Obama"] == "Barack Obama"
    assert {q.speaker for q in analysis.quotes if q.kind == "direct"} == {"Barack Obama"}
    (alone,) = analyze(nlp, [second])  # a fresh registry knows no full names
    assert {e.text: e.canonical for e in alone.entities}["Putin"] == "Putin"


def test_store_pipeline_keeps_the_registry_between_runs(nlp, tmp_path):
    from storyline.pipeline import REGISTRY_STATE, StorePipeline
    from storyline.store import Store

    first = tmp_path / "first.jsonl"
    first.write_text('{"id": "a", "text": "Vladimir Putin met Barack Obama in Hangzhou on Monday."}\n', encoding="utf-8")
    second = tmp_path / "second.jsonl"
    second.write_text('{"id": "b", "text": "Putin said the talks with Obama were useful."}\n', encoding="utf-8")
    with Store(tmp_path / "store.db") as store:
        StorePipeline(store, nlp).ingest([first])
        assert EntityRegistry.from_bytes(store.get_state(REGISTRY_STATE)).canonical("PERSON", "Putin") == "Vladimir Putin"
        pipeline = StorePipeline(store, nlp)  # a new run: the registry comes back from the store
        assert pipeline.registry.canonical("PERSON", "Obama") == "Barack Obama"
        third = tmp_path / "third.jsonl"
        third.write_text('{"id": "c", "text": "Angela Merkel arrived in Hangzhou later."}\n', encoding="utf-8")
        pipeline.ingest([second, third])  # "b" names no one new: only "c" adds a part
        assert len(store.get_state_parts(REGISTRY_STATE)) == 2
        restored = StorePipeline(store, nlp).registry
        assert (restored.canonical("PERSON", "Merkel"), restored.canonical("PERSON", "Putin")) == (
            "Angela Merkel", "Vladimir Putin")


def test_names_saved_in_parts_rebuild_the_whole_registry():
    registry = EntityRegistry()
    registry.observe([_person("Barack Obama")])
    parts = [registry.to_bytes()]
    assert registry.unsaved_bytes() is None
    registry.observe([_person("Barack Obama"), _person("Vladimir Putin"), Entity(0, 4, "NATO", "ORG", "NATO")])
    parts.append(registry.unsaved_bytes())
    restored = EntityRegistry.from_parts(parts)
    assert restored.to_bytes() == registry.to_bytes()
    assert restored.canonical("PERSON", "Putin") == "Vladimir Putin" and restored.canonical("ORG", "Nato") == "NATO"
    assert EntityRegistry.from_parts([]).names == {}


def test_extract_command_shares_names_across_its_input(tmp_path):
    import json

    from typer.testing import CliRunner

    from storyline.cli import app

    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a", "text": "Putin met Obama in Hangzhou."}\n'
        '{"id": "b", "text": "Vladimir Putin and Barack Obama spoke on Monday."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    canonical = {e["text"]: e["canonical"] for e in first["entities"]}
    assert canonical["Putin"] == "Vladimir Putin" and canonical["Obama"] == "Barack Obama"
