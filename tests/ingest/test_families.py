"""Report families: near-duplicates and wire copies linked, independent reports kept apart."""

from __future__ import annotations

import pytest

from storyline.ingest import ReportFamilies
from storyline.model import Article, content_id

from ._pages import PARAGRAPHS

WIRE = " ".join(PARAGRAPHS)
OTHER = (
    "Riverton's council backed the flood wall after a long evening session. Ortiz told reporters the vote "
    "was overdue, while the county treasurer warned of budget cuts elsewhere. Work starts in the spring."
)


def _article(text: str, credits: list[str] | None = None) -> Article:
    return Article(id=content_id(text), text=text, credits=credits or [])


def test_copy_with_edits_joins_the_first_articles_family():
    families = ReportFamilies()
    first = _article(WIRE)
    edited = _article("UPDATED: " + WIRE.replace("about 4,000", "nearly 4,000") + " More follows.")
    independent = _article(OTHER)
    assert families.assign(first) == first.id
    assert families.assign(edited) == first.id
    assert families.assign(independent) == independent.id
    assert families.assign(edited) == first.id  # idempotent


def test_shared_wire_credit_lowers_the_bar():
    trimmed = " ".join(PARAGRAPHS[:2]) + " Local reaction was mixed, one councillor said after the vote ended."
    plain, credited = ReportFamilies(), ReportFamilies()
    plain.assign(_article(WIRE))
    credited.assign(_article(WIRE, ["Reuters"]))
    assert plain.assign(_article(trimmed)) == content_id(trimmed)
    assert credited.assign(_article(trimmed, ["reuters"])) == content_id(WIRE)


def test_round_trip_keeps_families_and_matching():
    families = ReportFamilies(threshold=0.6, num_perm=64)
    first = _article(WIRE, ["AP"])
    families.assign(first)
    families.assign(_article(OTHER))
    restored = ReportFamilies.from_bytes(families.to_bytes())
    assert (restored.threshold, restored.num_perm, len(restored)) == (0.6, 64, 2)
    assert restored.family_of(content_id(OTHER)) == content_id(OTHER)
    assert restored.assign(_article(WIRE + " Extra closing line for the copy.")) == first.id


def test_bad_thresholds_are_refused():
    with pytest.raises(ValueError, match="credit_threshold <= threshold"):
        ReportFamilies(threshold=0.3, credit_threshold=0.5)


def test_parts_saved_one_after_another_rebuild_the_whole():
    families = ReportFamilies(num_perm=64)
    first = _article(WIRE, ["AP"])
    families.assign(first)
    parts = [families.to_bytes()]
    assert families.unsaved_bytes() is None  # nothing new since the last save
    families.assign(_article(OTHER))
    parts.append(families.unsaved_bytes())
    assert families.unsaved_bytes() is None
    restored = ReportFamilies.from_parts(parts)
    assert (restored.num_perm, len(restored)) == (64, 2)
    assert restored.family_of(content_id(OTHER)) == content_id(OTHER)
    assert restored.assign(_article(WIRE + " Extra closing line for the copy.", ["AP"])) == first.id
    assert ReportFamilies.from_parts(parts).to_bytes() == families.to_bytes()
    assert restored.unsaved_bytes() is not None  # only the copy assigned after loading
    assert len(ReportFamilies.from_parts([])) == 0


def _story(number: int) -> str:
    # Distinct words per story: no two stories share a shingle.
    return " ".join(f"w{number}x{k}" for k in range(40))


def test_only_the_most_recent_articles_are_held():
    families = ReportFamilies(num_perm=64, max_articles=3)
    for number in range(5):
        families.assign(_article(_story(number)))
    assert len(families) == 3
    assert families.family_of(content_id(_story(0))) is None  # forgotten (the store keeps its family)
    assert families.family_of(content_id(_story(4))) == content_id(_story(4))
    copy_of_old, copy_of_recent = _article(_story(1) + " updated"), _article(_story(3) + " updated")
    assert families.assign(copy_of_old) == copy_of_old.id  # too old to be found: a new family
    assert families.assign(copy_of_recent) == content_id(_story(3))
    with pytest.raises(ValueError, match="max_articles"):
        ReportFamilies(max_articles=0)


def test_parts_of_forgotten_articles_become_obsolete_and_loading_reads_only_the_newest():
    families = ReportFamilies(num_perm=64, max_articles=4)
    parts = [families.to_bytes()]
    for number in range(9):  # parts of 2, 2, 2, 2 and 1 articles
        families.assign(_article(_story(number)))
        if number % 2 or number == 8:
            parts.append(families.unsaved_bytes())
    # Held: stories 5-8, in parts 3 (4, 5), 4 (6, 7) and 5 (8): parts 0-2 hold none of them.
    assert families.obsolete_parts() == 3
    assert families.obsolete_parts() == 0  # counted once
    restored = ReportFamilies.from_parts(parts)
    assert restored.obsolete_parts() == 3  # the same parts: the caller may drop them
    assert restored.to_bytes() == families.to_bytes()  # same articles, families and order as the running one
    assert ReportFamilies.from_parts(parts[3:]).to_bytes() == families.to_bytes()  # the dropped ones were not needed
    families.assign(_article(_story(9)))
    families.assign(_article(_story(10)))
    # One part of the two new articles, though 9 and 10 push out 5 and 6.
    assert len(ReportFamilies.from_parts([families.unsaved_bytes()])) == 2


def test_loading_in_bulk_indexes_each_article_as_one_by_one_insertion_does(monkeypatch):
    from datasketch import MinHashLSH

    families = ReportFamilies(max_articles=30)
    parts = []
    for number in range(40):  # parts of 8 articles; the first ones are forgotten when loaded
        families.assign(_article(_story(number) + (" " + WIRE if number % 5 == 0 else "")))
        if number % 8 == 7:
            parts.append(families.unsaved_bytes())
    inserted, insert = [], MinHashLSH.insert

    def counted_insert(lsh: MinHashLSH, key: str, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        inserted.append(key)
        insert(lsh, key, *args, **kwargs)

    monkeypatch.setattr(MinHashLSH, "insert", counted_insert)
    restored = ReportFamilies.from_parts(parts)
    assert len(inserted) == 4  # datasketch indexed the first article of each part read; the rest went in bulk

    def index(held: ReportFamilies) -> dict[str, list]:
        lsh = held._lsh  # the LSH buckets themselves: a key datasketch would not find again is a missed copy
        return {ident: [(key, sorted(table.get(key))) for table, key in zip(lsh.hashtables, lsh.keys.get(ident))]
                for ident in held._signatures}  # fmt: skip

    assert len(restored) == len(families) == 30
    assert index(restored) == index(families)
    assert [len(t.keys()) for t in restored._lsh.hashtables] == [len(t.keys()) for t in families._lsh.hashtables]
    copy = _article(_story(36) + " updated")
    assert restored.assign(copy) == families.assign(copy) == content_id(_story(36))

    again = ReportFamilies(max_articles=30)  # a part whose second article is one already held
    again.assign(_article(_story(99)))
    again.assign(_article(_story(39)))
    with pytest.raises(ValueError, match="already exists"):  # refused in bulk as insert refuses it
        ReportFamilies.from_parts([*parts, again.unsaved_bytes()])

    # A datasketch that keyed its bands otherwise: the check sees it, and every article goes through insert.
    monkeypatch.setattr(MinHashLSH, "_byteswap", lambda lsh, values: b"other:" + bytes(values.byteswap().data))
    inserted.clear()
    other = ReportFamilies.from_parts(parts)
    assert len(inserted) == 32 and len(other) == 30
    assert other.assign(copy) == content_id(_story(36))
