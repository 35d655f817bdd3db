"""Who said what: direct and indirect quotes with their cue and speaker.

Quotation marks are found by a scanner (``_marks``); cues and speakers come from the dependency
parse of the sentences that hold a quotation mark or a speech verb (only those are parsed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from storyline.model import Entity, Quote

from ._lexicon import NEEDS_COMPLEMENT, PERSON_PRONOUNS, PERSON_ROLE_NOUNS, PRONOUNS, SPEECH_VERB_FORMS
from ._marks import Marked

_VERBAL_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "parataxis", "acl", "pcomp", "dep", "csubj"})
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})
_MIN_UNCUED_WORDS = 4  # an uncued quoted phrase shorter than this is a scare quote or a title
_TRAILING = " \n\t,;:–—-"
_NEWLINES = re.compile(r"\n+")


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    """A parsed sentence: ``doc`` holds only the sentence; ``offset`` maps it into the article."""

    offset: int
    doc: Doc

    def start(self, token: Token) -> int:
        return self.offset + token.idx

    def end(self, token: Token) -> int:
        return self.offset + token.idx + len(token.text)


@dataclass(slots=True)
class _Attribution:
    """A cue with its speaker mention, in one parsed sentence."""

    sentence: ParsedSentence
    cue: Token
    cue_span: tuple[int, int]
    speaker_token: Token | None
    speaker_span: tuple[int, int] | None
    speaker: str | None = None
    parts: list[tuple[int, int]] = field(default_factory=list)


# ------------------------------------------------------------------ cues and speakers


def _is_cue(token: Token) -> bool:
    lower = token.lower_
    if lower == "according":
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to"
    if lower not in SPEECH_VERB_FORMS or not token.tag_.startswith("VB") or token.dep_ not in _VERBAL_DEPS:
        return False
    if lower in NEEDS_COMPLEMENT:
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
    return True


def _cue_span(sentence: ParsedSentence, cue: Token) -> tuple[int, int]:
    last = cue
    if cue.lower_ == "according":
        last = next((c for c in cue.children if c.lower_ == "to"), cue.nbor(1))
    else:
        last = max([cue, *(c for c in cue.children if c.dep_ == "prt")], key=lambda t: t.i)
    return sentence.start(cue), sentence.end(last)


def _subject(verb: Token) -> Token | None:
    """The speaker token of a cue verb: its subject, the agent of a passive, or a governing verb's subject."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        objects = [c for c in (to.children if to is not None else verb.children) if c.dep_ == "pobj"]
        return objects[0] if objects else None
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                    return verb.head
                if child.dep_ != "nsubjpass":
                    return child
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ != "VERB":
            return verb.head
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
            verb = verb.head
            continue
        return None
    return None


def _mention_span(sentence: ParsedSentence, token: Token) -> tuple[int, int]:
    """The noun phrase of ``token`` as written, without appositions or relative clauses."""
    first = token
    for child in token.lefts:
        if child.dep_ not in ("punct", "cc", "preconj"):
            first = child.left_edge if child.left_edge.i < first.i else first
            break
    last = token
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nummod") or (child.dep_ == "prep" and child.lower_ in ("of", "for", "at")):
            last = child.right_edge
        else:
            break
    return sentence.start(first), sentence.end(last)


# ------------------------------------------------------------------ resolving speakers


@dataclass(slots=True)
class _Resolver:
    """Resolves speaker mentions to names, in text order, using the article's entities."""

    text: str
    entities: list[Entity]
    quoted: list[Marked]
    speakers: list[tuple[int, str, str, bool]] = field(default_factory=list)  # (start, mention, name, is_person)

    def _entities_in(self, start: int, end: int) -> list[Entity]:
        return [e for e in self.entities if e.start < end and start < e.end]

    def _outside_quotes(self, entity: Entity) -> bool:
        return not any(m.start <= entity.start < m.end for m in self.quoted)

    def _nearest_person(self, before: int) -> str | None:
        for start, _, name, is_person in reversed(self.speakers):
            if start < before and is_person:
                return name
        people = [e for e in self.entities if e.label == "PERSON" and e.end <= before and self._outside_quotes(e)]
        return people[-1].canonical if people else None

    def _person_with_role(self, role: str, before: int) -> str | None:
        for entity in reversed(self.entities):
            if entity.label == "PERSON" and entity.start < before:
                prefix = self.text[max(0, entity.start - 40) : entity.start].lower()
                if role in prefix.split()[-3:]:
                    return entity.canonical
        return None

    def resolve(self, start: int, end: int, head: Token | None, head_at: int | None) -> str | None:
        """The name of the speaker mentioned at ``[start, end)`` whose head word starts at ``head_at``."""
        mention = self.text[start:end]
        name, is_person = self._name(start, end, head, head_at, mention)
        if name is not None:
            self.speakers.append((start, mention, name, is_person))
        return name

    def _name(self, start: int, end: int, head: Token | None, head_at: int | None, mention: str) -> tuple[str | None, bool]:
        # an entity names the speaker only when it holds the head ("A U.S. official" is no country)
        found = [e for e in self._entities_in(start, end) if head_at is None or e.start <= head_at < e.end]
        for label in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            for entity in found:
                if entity.label == label:
                    return entity.canonical, label == "PERSON"
        lower = mention.lower()
        if lower in PERSON_PRONOUNS:
            return self._nearest_person(start), True
        if lower in PRONOUNS:
            return None, False
        head_word = head.lower_ if head is not None else lower.split()[-1]
        definite = lower.split()[0] in ("the", "this", "that", "his", "her", "their", "its")
        if definite:
            for _, earlier, name, is_person in reversed(self.speakers):
                if head_word in earlier.lower().split():
                    return name, is_person
            if head_word in PERSON_ROLE_NOUNS:
                named = self._person_with_role(head_word, start) or self._nearest_person(start)
                if named:
                    return named, True
        return mention, False


# ------------------------------------------------------------------ quotes


def _clean_inner(text: str, marked: Marked) -> tuple[int, int]:
    start, end = marked.inner
    while end > start and text[end - 1] in _TRAILING + "“”\"«»":
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _attributions(sentences: list[ParsedSentence], quoted: list[Marked]) -> list[_Attribution]:
    found = []
    for sentence in sentences:
        for token in sentence.doc:
            if not _is_cue(token):
                continue
            position = sentence.start(token)
            if any(m.start < position < m.end for m in quoted):
                continue  # a speech verb inside a quote is part of what was said
            subject = _subject(token)
            span = _mention_span(sentence, subject) if subject is not None else None
            found.append(_Attribution(sentence, token, _cue_span(sentence, token), subject, span))
    return found


def _governs(attribution: _Attribution, marked: Marked) -> bool:
    sentence = attribution.sentence
    inside = [t for t in sentence.doc if marked.start <= sentence.start(t) < marked.end]
    return any(attribution.cue in t.ancestors or t is attribution.cue for t in inside)


def _distance(attribution: _Attribution, marked: Marked) -> int:
    start, end = attribution.cue_span
    return max(marked.start - end, start - marked.end, 0)


def _cue_for(marked: Marked, attributions: list[_Attribution]) -> _Attribution | None:
    near = [a for a in attributions if a.sentence.offset < marked.end and marked.start < a.sentence.end(a.sentence.doc[-1])]
    governing = [a for a in near if _governs(a, marked)]
    if governing:
        return min(governing, key=lambda a: _distance(a, marked))
    adjacent = [a for a in near if _distance(a, marked) <= 25 and a.speaker_span is not None]
    return min(adjacent, key=lambda a: _distance(a, marked)) if adjacent else None


def _paragraph_index(text: str, offset: int) -> int:
    return len(_NEWLINES.findall(text, 0, offset))


def _content_span(attribution: _Attribution) -> tuple[int, int] | None:
    """What an indirect quote reports: the clause governed by the cue."""
    cue, sentence = attribution.cue, attribution.sentence
    if cue.lower_ == "according":
        head = cue.head
        while head.dep_ not in ("ROOT",) and head.head is not head:
            head = head.head
        tokens = [t for t in head.subtree if not (cue.left_edge.i <= t.i <= cue.right_edge.i)]
    else:
        clauses = [c for c in cue.children if c.dep_ in _CONTENT_DEPS and c.i != cue.i]
        if not clauses and cue.dep_ in ("parataxis", "ccomp") and cue.i > cue.head.i:
            clauses = [cue.head]  # "X, he said." parsed with "said" under X
            tokens = [t for t in cue.head.subtree if not (cue.left_edge.i <= t.i <= cue.right_edge.i)]
        elif clauses:
            tokens = [t for c in clauses for t in c.subtree]
        else:
            return None
    tokens = [t for t in tokens if not t.is_punct or t.text in "“”\"'‘’"]
    if len(tokens) < 3:
        return None
    return sentence.start(min(tokens, key=lambda t: t.i)), sentence.end(max(tokens, key=lambda t: t.i))


def _make_quote(text: str, span: tuple[int, int], kind: str, source: _Attribution | None, speaker_source: _Attribution | None) -> Quote:
    start, end = span
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    speaker = speaker_source.speaker if speaker_source else None
    mention = speaker_source.speaker_span if speaker_source else None
    return Quote(
        start=start, end=end, text=text[start:end], kind=kind, speaker=speaker,
        speaker_start=mention[0] if mention else None, speaker_end=mention[1] if mention else None,
        cue=text[slice(*source.cue_span)] if source else None,
        cue_start=source.cue_span[0] if source else None, cue_end=source.cue_span[1] if source else None,
    )


def find_quotes(text: str, sentences: list[ParsedSentence], quoted: list[Marked], entities: list[Entity]) -> list[Quote]:
    """Direct quotes (one per quoted passage that is speech) and indirect ones (reported clauses)."""
    attributions = sorted(_attributions(sentences, quoted), key=lambda a: a.cue_span)
    resolver = _Resolver(text, entities, quoted)
    for attribution in sorted(attributions, key=lambda a: (a.speaker_span or a.cue_span)[0]):
        if attribution.speaker_span is not None:
            head = attribution.speaker_token
            head_at = attribution.sentence.start(head) if head is not None else None
            attribution.speaker = resolver.resolve(*attribution.speaker_span, head, head_at)
    quotes: list[Quote] = []
    last_direct: tuple[int, _Attribution] | None = None  # (paragraph, attribution) of the last cued quote
    for marked in quoted:
        inner = _clean_inner(text, marked)
        if inner[1] - inner[0] < 1:
            continue
        attribution = _cue_for(marked, attributions)
        paragraph = _paragraph_index(text, marked.start)
        if attribution is not None:
            attribution.parts.append(inner)
            quotes.append(_make_quote(text, inner, "direct", attribution, attribution))
            last_direct = (paragraph, attribution)
        elif len(text[slice(*inner)].split()) >= _MIN_UNCUED_WORDS and last_direct and paragraph - last_direct[0] <= 2:
            # a quote with no cue of its own continues the previous speaker's quoting; in the same
            # paragraph it is the same statement ("…,” she said. “…”), so it shares the cue
            same_statement = paragraph == last_direct[0]
            if same_statement:
                last_direct[1].parts.append(inner)
            quotes.append(_make_quote(text, inner, "direct", last_direct[1] if same_statement else None, last_direct[1]))
            last_direct = (paragraph, last_direct[1])
    for attribution in attributions:
        content = _content_span(attribution)
        if content is None or attribution.speaker_span is None:
            continue
        covered = sum(max(0, min(e, content[1]) - max(s, content[0])) for s, e in attribution.parts)
        if covered >= 0.8 * (content[1] - content[0]):
            continue  # the clause is the direct quote itself
        quotes.append(_make_quote(text, content, "indirect", attribution, attribution))
    return sorted(quotes, key=lambda q: (q.start, q.end, q.kind))
