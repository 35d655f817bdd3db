"""Named entities with canonical names: the same thing gets one name within and across articles."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from storyline.model import Entity

from ._aliases import AliasTable, alias_key
from ._lexicon import PERSON_TITLES

# spaCy labels that name things; DATE, TIME and numbers are handled elsewhere or ignored.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"})


def _trimmed(span: Span) -> tuple[int, int]:
    """Character bounds of ``span`` without a leading "the", titles (for people) or a possessive."""
    tokens = list(span)
    while len(tokens) > 1 and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    if span.label_ == "PERSON":
        while len(tokens) > 1 and tokens[0].lower_ in PERSON_TITLES:
            tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1].lower_ in {"'s", "’s", "'", "’"}:
        tokens = tokens[:-1]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _surface(text: str) -> str:
    return " ".join(text.replace("’s", "").replace("'s", "").split())


def _person_full_names(names: list[str]) -> dict[str, str]:
    """Short person names ("Obama") mapped to the first longer name in the article that ends with them."""
    full: dict[str, str] = {}
    for name in names:
        words = name.split()
        for other in names:
            other_words = other.split()
            if len(other_words) > len(words) and other_words[-len(words):] == words:
                full.setdefault(name, other)
                break
    return full


def find_entities(doc: Doc, aliases: AliasTable) -> list[Entity]:
    """Entities of ``doc`` (offsets into its text) with a canonical name each."""
    text = doc.text  # built anew by every access: read it once
    spans = [span for span in doc.ents if span.label_ in NAME_LABELS]
    names = [_surface(text[slice(*_trimmed(span))]) for span in spans]
    persons = list(dict.fromkeys(n for n, s in zip(names, spans) if s.label_ == "PERSON"))
    full_names = _person_full_names(persons)
    entities = []
    for span, name in zip(spans, names):
        canonical = aliases.lookup(name) or aliases.lookup(span.text)
        if canonical is None and span.label_ == "PERSON":
            canonical = aliases.lookup(full_names.get(name, name)) or full_names.get(name, name)
        entities.append(Entity(span.start_char, span.end_char, span.text, span.label_, canonical or name))
    return entities


__all__ = ["find_entities", "alias_key"]
