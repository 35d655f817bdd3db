"""Canonical names shared across articles: "Putin" in one report and "Vladimir Putin" in another.

Within an article `find_entities` already maps "Obama" to "Barack Obama" when the article names
him in full. The registry carries names from article to article (and, persisted by the caller,
from run to run): a person named by surname only, or with the first name left out, takes the one
full name of the same type that it ends with; when several full names fit ("Clinton": Bill and
Hillary) the mention stays as written. Other types share one spelling per alias key (first seen).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from storyline.model import Analysis, Entity

from ._aliases import alias_key

_FORMAT = 1


def _words(name: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in name.split())


@dataclass(slots=True)
class EntityRegistry:
    """Known canonical names by entity type; deterministic for the same articles in the same order.

    >>> registry = EntityRegistry()
    >>> registry.observe([Entity(0, 14, "Vladimir Putin", "PERSON", "Vladimir Putin")])
    >>> registry.canonical("PERSON", "Putin")
    'Vladimir Putin'
    """

    names: dict[str, dict[str, str]] = field(default_factory=dict)  # label -> alias key -> canonical name
    _by_suffix: dict[tuple[str, ...], set[str]] = field(default_factory=dict, repr=False)  # person names by last words
    _unsaved: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)  # `names` added since the last save

    def observe(self, entities: Iterable[Entity]) -> None:
        """Remember the canonical names of ``entities`` (the first spelling of a name is kept)."""
        for entity in entities:
            known = self.names.setdefault(entity.label, {})
            key = alias_key(entity.canonical)
            if key and key not in known:
                known[key] = entity.canonical
                self._unsaved.setdefault(entity.label, {})[key] = entity.canonical
                if entity.label == "PERSON":
                    self._index_person(entity.canonical)

    def _index_person(self, name: str) -> None:
        words = _words(name)
        for size in range(1, len(words)):
            self._by_suffix.setdefault(words[-size:], set()).add(name)

    def canonical(self, label: str, name: str) -> str:
        """The shared canonical name for ``name`` of type ``label`` (``name`` itself when unknown or ambiguous)."""
        if label == "PERSON":
            fuller = self._by_suffix.get(_words(name), set())
            if len(fuller) == 1:
                return next(iter(fuller))
            if fuller:
                return name  # several people fit: leave the mention as written
        return self.names.get(label, {}).get(alias_key(name), name)

    def apply(self, analysis: Analysis) -> Analysis:
        """``analysis`` with shared canonical names on its entities and on the quote speakers they name."""
        renamed: dict[str, str] = {}
        entities = []
        for entity in analysis.entities:
            canonical = self.canonical(entity.label, entity.canonical)
            if canonical != entity.canonical:
                if entity.label == "PERSON":
                    renamed.setdefault(entity.canonical, canonical)
                entity = replace(entity, canonical=canonical)
            entities.append(entity)
        quotes = [replace(q, speaker=renamed[q.speaker]) if q.speaker in renamed else q for q in analysis.quotes]
        return replace(analysis, entities=entities, quotes=quotes)

    def to_bytes(self) -> bytes:
        """A JSON snapshot for ``from_bytes`` (store it to share names across runs)."""
        self._unsaved = {}
        return _snapshot(self.names)

    def unsaved_bytes(self) -> bytes | None:
        """The names learnt since the last ``to_bytes`` / ``unsaved_bytes`` (or since loading), as a snapshot
        for ``from_parts`` (None: none). Names are only ever added, so the parts in order make the whole."""
        if not self._unsaved:
            return None
        unsaved, self._unsaved = self._unsaved, {}
        return _snapshot(unsaved)

    @classmethod
    def from_bytes(cls, data: bytes) -> EntityRegistry:
        return cls.from_parts([data])

    @classmethod
    def from_parts(cls, parts: Iterable[bytes]) -> EntityRegistry:
        """Rebuild from a ``to_bytes`` snapshot followed by ``unsaved_bytes`` ones, in the order they were made."""
        names: dict[str, dict[str, str]] = {}
        for data in parts:
            for label, keys in _parsed(data).items():
                known = names.setdefault(label, {})
                for key, canonical in keys.items():
                    known.setdefault(key, canonical)  # the first spelling is kept, as in `observe`
        registry = cls(names)
        for name in names.get("PERSON", {}).values():
            registry._index_person(name)
        return registry


def _snapshot(names: dict[str, dict[str, str]]) -> bytes:
    data = {"format": _FORMAT, "names": {label: dict(sorted(keys.items())) for label, keys in sorted(names.items())}}
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _parsed(data: bytes) -> dict[str, dict[str, str]]:
    try:
        snapshot = json.loads(data.decode("utf-8"))
        if snapshot.get("format") != _FORMAT:
            raise ValueError(f"format {snapshot.get('format')!r}, expected {_FORMAT}")
        return {str(label): {str(k): str(v) for k, v in keys.items()} for label, keys in snapshot["names"].items()}
    except (ValueError, KeyError, AttributeError, TypeError, UnicodeDecodeError) as error:
        raise ValueError(f"not an EntityRegistry snapshot ({error}); start a new one with EntityRegistry()") from error
