import pytest

from storyline.analyze import AliasTable


def test_bundled_variants():
    table = AliasTable.load()
    assert {table.lookup(n) for n in ("US", "U.S.", "United States", "America", "the U.S.")} == {"United States"}
    assert table.lookup("Russian Federation") == table.lookup("Russia") == "Russia"
    assert {table.lookup(n) for n in ("ISIL", "ISIS", "Islamic State")} == {"Islamic State"}
    assert table.lookup("Hangzhou") is None


def test_user_file_extends_the_table(tmp_path, monkeypatch):
    extra = tmp_path / "mine.tsv"
    extra.write_text("# mine\nPOTUS\tUnited States president\nAmerica\tAmerica\n", encoding="utf-8")
    table = AliasTable.load(extra)
    assert table.lookup("potus") == "United States president"
    assert table.lookup("America") == "America"  # later lines win
    monkeypatch.setenv("STORYLINE_ALIASES", str(extra))
    assert AliasTable.load().lookup("POTUS") == "United States president"


def test_bad_line_names_the_file(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv:1"):
        AliasTable.load(bad)
