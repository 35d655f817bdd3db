"""The alias table: common variants of a name mapped to one canonical name."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

ALIASES_ENV = "STORYLINE_ALIASES"
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s?$")


def alias_key(name: str) -> str:
    """How names are compared: case, full stops, a leading "the", a possessive and spacing ignored."""
    name = _POSSESSIVE.sub("", name.strip())
    name = _LEADING_THE.sub("", name).replace(".", "")
    return " ".join(name.split()).casefold()


@dataclass(slots=True)
class AliasTable:
    """Maps name variants to canonical names (``US``, ``U.S.``, ``America`` -> ``United States``)."""

    canonical_by_key: dict[str, str] = field(default_factory=dict)

    def add(self, alias: str, canonical: str) -> None:
        self.canonical_by_key[alias_key(alias)] = canonical
        self.canonical_by_key.setdefault(alias_key(canonical), canonical)

    def lookup(self, name: str) -> str | None:
        """The canonical name for ``name``, or None when the table does not know it."""
        return self.canonical_by_key.get(alias_key(name))

    def update_from_tsv(self, text: str, origin: str = "<aliases>") -> None:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in line.split("\t")]
            if len(parts) != 2 or not all(parts):
                raise ValueError(f"{origin}:{number}: expected 'ALIAS<TAB>CANONICAL', got {line!r}")
            self.add(*parts)

    @classmethod
    def load(cls, *paths: str | Path) -> AliasTable:
        """The bundled table, then ``paths`` (and $STORYLINE_ALIASES) on top of it, in order."""
        table = cls()
        bundled = resources.files("storyline").joinpath("data", "aliases.tsv")
        table.update_from_tsv(bundled.read_text(encoding="utf-8"), "storyline/data/aliases.tsv")
        extra = [*paths, *filter(None, os.environ.get(ALIASES_ENV, "").split(os.pathsep))]
        for path in extra:
            table.update_from_tsv(Path(path).read_text(encoding="utf-8"), str(path))
        return table
