"""Who said what: direct and indirect quotes with their cue and speaker.

Quotation marks are found by a scanner (``_marks``); cues and speakers come from the dependency
parse of the sentences that hold a quotation mark or a speech verb (only those are parsed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from storyline.model import Entity, Quote

from ._lexicon import CUE_VERB_FORMS, NEEDS_COMPLEMENT, PERSON_PRONOUNS, PERSON_ROLE_NOUNS, PRONOUNS
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

    sentence: ParsedSentence | None  # None for a credit line (“…” ― Name), which has no parse
    cue: Token | None
    cue_span: tuple[int, int]
    speaker_token: Token | None
    speaker_span: tuple[int, int] | None
    speaker: str | None = None
    parts: list[tuple[int, int]] = field(default_factory=list)  # the quoted passages it introduces
    clause: tuple[int, int] | None = None  # the reported clause that holds its quoted passages


# ------------------------------------------------------------------ cues and speakers


def _is_cue(token: Token) -> bool:
    lower = token.lower_
    if lower == "according":
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to"
    if lower not in CUE_VERB_FORMS or not token.tag_.startswith("VB") or token.dep_ not in _VERBAL_DEPS:
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


def _subject(verb: Token, quoted_token=lambda token: False) -> Token | None:
    """The speaker token of a cue verb: its subject, the agent of a passive, or a governing verb's subject.

    A subject inside a quotation is a misparse of what was said (“Full panic mode,” X said): an apposition
    outside the quote is taken instead, or the verb's other subject.
    """
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        objects = [c for c in (to.children if to is not None else verb.children) if c.dep_ == "pobj"]
        return objects[0] if objects else None
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and quoted_token(child):
                child = next((c for c in child.rights if c.dep_ == "appos" and not quoted_token(c)), None)
                if child is None:
                    continue
                return child
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
            subject = _subject(token, lambda t, s=sentence: any(m.start < s.start(t) < m.end for m in quoted))
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


def _in_free_relative(cue: Token) -> bool:
    """"what he called": a cue that only names something inside another report."""
    return any(c.lower_ == "what" and c.dep_ in ("dobj", "nsubj", "nsubjpass") for c in cue.children)


def _cue_for(marked: Marked, attributions: list[_Attribution]) -> _Attribution | None:
    near = [a for a in attributions if a.sentence.offset < marked.end and marked.start < a.sentence.end(a.sentence.doc[-1])]
    governing = [a for a in near if _governs(a, marked)]
    if governing:
        nearest = min(governing, key=lambda a: _distance(a, marked))
        outer = [a for a in governing if a.sentence is nearest.sentence and a.cue in nearest.cue.ancestors]
        if outer and _in_free_relative(nearest.cue):
            return min(outer, key=lambda a: _distance(a, marked))  # "condemned what he called “…”": the outer report
        return nearest
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


# Children of a cue that carry what was said or how it was characterised ("called him a “con”",
# "described X as “Y”", "said that …"); subjects, auxiliaries, time and manner are left out.
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "parataxis", "dative"})
_COMPLEMENT_PREPS = frozenset({"as", "to"})
_EMBEDDED_SHARE = 0.6  # a quote covering less of its cue's complement than this is embedded in it


def _complement_tokens(cue: Token) -> list[Token]:
    """Tokens of what the cue governs as content, without nested cues (they are attributions of their own)."""
    children = [c for c in cue.children if c.dep_ in _COMPLEMENT_DEPS or (c.dep_ == "prep" and c.lower_ in _COMPLEMENT_PREPS)]
    if any(c.dep_ in ("ccomp", "xcomp") for c in children):  # "told reporters that …": the clause alone
        children = [c for c in children if c.dep_ not in ("dobj", "dative")]
    tokens = []
    for child in children:
        stack = [child]
        while stack:
            token = stack.pop()
            if token is not child and token.dep_ == "conj" and _is_cue(token):
                continue  # "… and warned North Korea": another attribution
            tokens.append(token)
            stack.extend(token.children)
    return [t for t in tokens if not t.is_punct or t.text in "“”\"«»"]


# After the quoted words, these start circumstances of the report (when, where, why), not its content.
_QUOTE_CHARS = "“”\"«»‘’'"
_ADJUNCT_DEPS = frozenset({"npadvmod", "appos"})
_ADJUNCT_PREPS = frozenset({"during", "after", "before", "amid", "following"})


_TIME_MARKERS = frozenset({"when", "while", "after", "before", "as", "since", "until", "once"})


def _starts_circumstance(token: Token, cue: Token) -> bool:
    """Whether ``token`` opens a constituent that tells the report's circumstances, not its content:
    a time adjunct, a clause of time ("… when Clinton blasted him") or a participle clause after a
    comma ("…, implicitly putting his name on the line"), or the cue's object placed after the quote
    (described as “unhinged” a tweet: the thing characterised, not the words)."""
    if token.dep_ in _ADJUNCT_DEPS or (token.dep_ == "prep" and token.lower_ in _ADJUNCT_PREPS):
        return True
    after_comma = token.i > 0 and token.nbor(-1).text == ","
    for constituent in (token, *token.ancestors):
        if constituent.left_edge.i != token.i:
            break
        if constituent.dep_ == "advcl" and (token.lower_ in _TIME_MARKERS or (after_comma and constituent.tag_ in ("VBG", "VBN"))):
            return True
        if constituent.dep_ in ("dobj", "dative") and constituent.head.i == cue.i:
            return True
    return False


def _without_trailing_adjuncts(tokens: list[Token], end_of, quote_end: int, cue: Token) -> list[Token]:
    """``tokens`` cut before the first adjunct that follows the quote ("… “a con” during a stop in Flint")."""
    for index, token in enumerate(tokens):
        if index == 0 or end_of(token) <= quote_end or token.text in _QUOTE_CHARS:
            continue
        if _starts_circumstance(token, cue):
            return tokens[:index]
    return tokens


def _same_side(tokens: list[Token], cue_span: tuple[int, int], part: tuple[int, int], sentence: ParsedSentence) -> list[Token]:
    """The complement tokens on the quote's side of the cue: a reported clause never holds its own cue
    (“…,” she said to the nominee: "to the nominee" is the addressee, not more of what was said)."""
    if part[0] >= cue_span[1]:
        return [t for t in tokens if sentence.start(t) >= cue_span[1]]
    return [t for t in tokens if sentence.end(t) <= cue_span[0]]


def _embedding_span(attribution: _Attribution, part: tuple[int, int], marked: Marked) -> tuple[int, int] | None:
    """The cue's complement clause when the quoted ``part`` is only a piece of it, else None."""
    if attribution.sentence is None or attribution.cue.lower_ == "according":
        return None
    tokens = _complement_tokens(attribution.cue)
    if not tokens:
        return None
    sentence = attribution.sentence
    tokens = _same_side(tokens, attribution.cue_span, part, sentence)
    if not tokens:
        return None
    tokens = _without_trailing_adjuncts(sorted(tokens, key=lambda t: t.i), sentence.end, part[1], attribution.cue)
    start, end = sentence.start(tokens[0]), sentence.end(tokens[-1])
    if not (start <= part[0] and part[1] <= end + 1) or part[1] - part[0] >= _EMBEDDED_SHARE * (end - start):
        return None
    return start, max(end, marked.end)  # with the closing mark


def _is_single(text: str, marked: Marked | tuple[int, int]) -> bool:
    """Whether a passage (or a part's inner span) is set in single quotation marks."""
    start = marked.start if isinstance(marked, Marked) else marked[0] - 1
    return text[start : start + 1] in "‘'"


def _introduced_by_colon(text: str, marked: Marked, attributions: list[_Attribution]) -> _Attribution | None:
    """A quote opening the paragraph after a cue sentence that ends in a colon ("Caddell continued:")."""
    window_start = max(0, marked.start - 200)  # a bounded look back: no copy of the whole text per quote
    before = text[window_start : marked.start].rstrip()
    if not before.endswith(":") or "\n" not in text[window_start + len(before) : marked.start]:
        return None
    colon = window_start + len(before) - 1
    for attribution in attributions:
        sentence = attribution.sentence
        if sentence is not None and sentence.offset <= colon < sentence.end(sentence.doc[-1]) and attribution.speaker_span:
            return attribution
    return None


_DASH_CREDIT = re.compile(r"[ \t\u00a0]*(?:[―—–]|\s-\s)[ \t\u00a0]*(?P<name>[A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,4})[ \t\u00a0.,]*(?:\n|$)")


def _dash_credit(text: str, marked: Marked, resolver: _Resolver) -> _Attribution | None:
    """A quote credited after a dash at the end of its line (“…” ― Jane Doe)."""
    match = _DASH_CREDIT.match(text, marked.end)
    if match is None:
        return None
    start, end = match.span("name")
    while end > start and text[end - 1] in ".,":
        end -= 1
    attribution = _Attribution(None, None, (marked.end, start), None, (start, end))
    attribution.speaker = resolver.resolve(start, end, None, start)
    return attribution


def _make_quote(text: str, span: tuple[int, int], kind: str, source: _Attribution | None, speaker_source: _Attribution | None) -> Quote:
    start, end = span
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    speaker = speaker_source.speaker if speaker_source else None
    mention = speaker_source.speaker_span if speaker_source else None
    cue = text[slice(*source.cue_span)].strip() if source else None
    return Quote(
        start=start, end=end, text=text[start:end], kind=kind, speaker=speaker,
        speaker_start=mention[0] if mention else None, speaker_end=mention[1] if mention else None,
        cue=cue, cue_start=source.cue_span[0] if source else None, cue_end=source.cue_span[1] if source else None,
    )


def _resolve_speakers(attributions: list[_Attribution], resolver: _Resolver) -> None:
    for attribution in sorted(attributions, key=lambda a: (a.speaker_span or a.cue_span)[0]):
        if attribution.speaker_span is not None:
            head = attribution.speaker_token
            head_at = attribution.sentence.start(head) if head is not None else None
            attribution.speaker = resolver.resolve(*attribution.speaker_span, head, head_at)


def find_quotes(text: str, sentences: list[ParsedSentence], quoted: list[Marked], entities: list[Entity]) -> list[Quote]:
    """Direct quotes (one per quoted passage that is speech) and indirect ones (reported clauses)."""
    attributions = sorted(_attributions(sentences, quoted), key=lambda a: a.cue_span)
    resolver = _Resolver(text, entities, quoted)
    _resolve_speakers(attributions, resolver)
    direct: list[tuple[tuple[int, int], _Attribution | None, _Attribution]] = []  # (span, cue source, speaker source)
    last_direct: tuple[int, _Attribution] | None = None  # (paragraph, attribution) of the last cued quote
    for marked in quoted:
        inner = _clean_inner(text, marked)
        if inner[1] - inner[0] < 1:
            continue
        attribution = _cue_for(marked, attributions) or _introduced_by_colon(text, marked, attributions) or _dash_credit(text, marked, resolver)
        paragraph = _paragraph_index(text, marked.start)
        if attribution is not None:
            attribution.parts.append(inner)
            direct.append((inner, attribution, attribution))
            clause = _embedding_span(attribution, inner, marked)
            if clause is not None:  # reported speech that quotes a few words: the clause is reported too
                attribution.clause = clause if attribution.clause is None else (min(clause[0], attribution.clause[0]), max(clause[1], attribution.clause[1]))
            last_direct = (paragraph, attribution)
        elif (len(text[slice(*inner)].split()) >= _MIN_UNCUED_WORDS and last_direct and paragraph - last_direct[0] <= 2
              and _is_single(text, marked) == _is_single(text, last_direct[1].parts[0] if last_direct[1].parts else marked)):
            # (a passage in single marks after double-quoted speech is a heading or a title, not more of it)
            # a quote with no cue of its own continues the previous speaker's quoting; in the same
            # paragraph it is the same statement ("…,” she said. “…”), so it shares the cue
            same_statement = paragraph == last_direct[0]
            if same_statement:
                last_direct[1].parts.append(inner)
            direct.append((inner, last_direct[1] if same_statement else None, last_direct[1]))
            last_direct = (paragraph, last_direct[1])
    quotes = [_make_quote(text, span, "direct", source, speaker) for span, source, speaker in direct]
    for attribution in attributions:
        if attribution.clause is not None:
            quotes.append(_make_quote(text, attribution.clause, "indirect", attribution, attribution))
            continue
        content = _content_span(attribution)
        if content is None or attribution.speaker_span is None:
            continue
        covered = sum(max(0, min(e, content[1]) - max(s, content[0])) for s, e in attribution.parts)
        if covered >= 0.8 * (content[1] - content[0]) or (attribution.parts and covered > 0):
            continue  # the clause is the direct quote itself, or holds it
        quotes.append(_make_quote(text, content, "indirect", attribution, attribution))
    return sorted(quotes, key=lambda q: (q.start, q.end, q.kind))
