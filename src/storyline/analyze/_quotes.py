"""Who said what: direct and indirect quotes with their cue and speaker.

Quotation marks are found by a scanner (``_marks``); cues and speakers come from the dependency
parse of the sentences that hold a quotation mark or a speech verb (only those are parsed).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from storyline.model import Entity, Quote

from ._lexicon import (
    CUE_VERB_FORMS, NAMING_PARTICIPLES, NEEDS_COMPLEMENT, PERSON_PRONOUNS, PERSON_ROLE_NOUNS, PRONOUNS, SPEECH_NOUN_FORMS,
    SPEECH_VERB_FORMS, WORDING_NOUNS, WORDING_VERB_FORMS,
)
from ._marks import Marked

_VERBAL_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "parataxis", "acl", "pcomp", "dep", "csubj"})
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})
_MIN_UNCUED_WORDS = 4  # an uncued quoted phrase shorter than this is a scare quote or a title
_TRAILING = " \n\t,;:–—-"
_QUOTE_CHARS = "“”\"«»‘’'"
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


def _is_mark(token: Token) -> bool:
    """A quotation-mark token ('' is a double mark typed as two single ones)."""
    return token.text in _QUOTE_CHARS or token.text == "''"


def _is_cue(token: Token) -> bool:
    lower = token.lower_
    if lower == "according":
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to"
    if lower not in CUE_VERB_FORMS or not token.tag_.startswith("VB") or token.dep_ not in _VERBAL_DEPS:
        return False
    if token.dep_ == "acl" and token.tag_ == "VBN" and lower in NAMING_PARTICIPLES:
        return False
    if lower in NEEDS_COMPLEMENT:
        return _reports_with_complement(token)
    if lower in WORDING_VERB_FORMS:
        # "Trump has used the phrase “…”": with a subject of its own ("his refusal to use the words" cites no one)
        children = list(token.children)
        return any(c.dep_ == "dobj" and c.lower_ in WORDING_NOUNS for c in children) and any(c.dep_ == "nsubj" for c in children)
    return True


def _reports_with_complement(token: Token) -> bool:
    """"pointed out", "as she put it", "the letter reads": these verbs report only in those frames."""
    children = list(token.children)
    if token.lower_.startswith("read"):
        return not any(c.dep_ in ("dobj", "prep") for c in children) and any(c.dep_ == "nsubj" for c in children)
    if token.lower_.startswith("put") and any(c.dep_ == "dobj" and c.lower_ == "it" for c in children):
        return True
    return any(c.dep_ == "prt" and c.lower_ == "out" for c in children)


def _is_nominal_cue(token: Token) -> bool:
    """A speech noun with a possessor and a that-clause ("Trump’s claim that …")."""
    return (token.lower_ in SPEECH_NOUN_FORMS and token.tag_.startswith("NN")
            and any(c.dep_ == "poss" for c in token.children) and bool(_noun_clauses(token)))


def _noun_clauses(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]


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
        if objects:
            return objects[0]
        # misparsed ("according to show insiders" with "show" as a verb): the phrase's last noun
        phrase = [t for t in verb.doc[verb.i + 2 :]]
        phrase = phrase[: next((k for k, t in enumerate(phrase) if t.is_punct), len(phrase))]
        nouns = [t for t in phrase if t.tag_.startswith(("NN", "PRP"))]
        return nouns[-1] if nouns else None
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
        if verb.dep_ in ("relcl", "acl") and not verb.head.tag_.startswith("VB"):
            return verb.head
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
            verb = verb.head
            continue
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.tag_.startswith("VB"):
            verb = verb.head.head  # "responded … by saying …": the responder says it
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
        # an entity names the speaker only when it holds the head ("A U.S. official" is no country); with
        # no head known, only when it lies within the mention (a recogniser may run past a headline's colon)
        found = [e for e in self._entities_in(start, end)
                 if (e.start <= head_at < e.end if head_at is not None else start <= e.start and e.end <= end)]
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
            nominal = _is_nominal_cue(token)
            if not (nominal or _is_cue(token)):
                continue
            position = sentence.start(token)
            if any(m.start < position < m.end for m in quoted):
                continue  # a speech verb inside a quote is part of what was said
            if nominal:
                subject = next(c for c in token.children if c.dep_ == "poss")
            else:
                subject = _subject(token, lambda t, s=sentence: any(m.start < s.start(t) < m.end for m in quoted))
            span = _mention_span(sentence, subject) if subject is not None else None
            if subject is None and (previous := _led_by_cue(found, sentence, token)) is not None:
                subject, span = previous.speaker_token, previous.speaker_span  # "X said, suggesting …": X suggests
            elif subject is None and (named := _named_after_quote(token)) is not None:
                subject, span = named, _mention_span(sentence, named)
            found.append(_Attribution(sentence, token, _cue_span(sentence, token), subject, span))
    return found


def _named_after_quote(cue: Token) -> Token | None:
    """“…,” Flynn, a top surrogate, said: the name between a closing mark and its cue, when the parser hung
    it inside the quote (and took a title after the cue for the subject)."""
    words = []
    for token in reversed(cue.doc[: cue.i]):
        if _is_mark(token):
            break
        words.append(token)
    else:
        return None
    words = [t for t in reversed(words) if not t.is_punct]
    if not words or len(words) > 8 or any(t.tag_.startswith(("VB", "MD")) for t in words):
        return None
    span = {t.i for t in words}
    heads = [t for t in words if t.head.i not in span and t.tag_.startswith("NNP")]
    return heads[0] if heads else None


def _led_by_cue(found: list[_Attribution], sentence: ParsedSentence, participle: Token) -> _Attribution | None:
    """The cue right before ", suggesting …" (a participle clause going on with the same speaker), when the
    parser hung the participle elsewhere (on a verb inside the quote) and so found no subject for it."""
    if participle.tag_ != "VBG" or participle.i < 2 or participle.nbor(-1).text != ",":
        return None
    previous = found[-1] if found else None
    if previous is None or previous.sentence is not sentence or previous.speaker_span is None:
        return None
    return previous if sentence.end(previous.cue) == sentence.start(participle.nbor(-1)) else None


def _governs(attribution: _Attribution, marked: Marked) -> bool:
    sentence = attribution.sentence
    inside = [t for t in sentence.doc if marked.start <= sentence.start(t) < marked.end]
    inside = [t for t in inside if not t.is_punct] or inside  # quotation marks hang anywhere in a parse
    if attribution.cue.lower_ == "according":  # "according to X" is an adjunct: it reports the rest of its clause
        reported = set(_according_tokens(attribution.cue))
        return bool(inside) and all(t in reported or t.is_punct for t in inside)
    cue = attribution.cue
    if _is_parenthetical(cue):  # "As a memo put it, the requirement is a “lawful source …”"
        own = range(cue.left_edge.i, cue.right_edge.i + 1)
        return any(t.i not in own and (t.i == cue.head.i or cue.head in t.ancestors) for t in inside)
    return any(t.i == cue.i or (cue in t.ancestors and not _in_adjunct(t, cue)) for t in inside)


def _is_parenthetical(cue: Token) -> bool:
    """A cue set into the clause it reports: "…, he added, …" or "as she put it" (no complement of its own)."""
    if cue.tag_.startswith("NN") or cue.head.i == cue.i or _complement_tokens(cue):
        return False
    return cue.dep_ == "parataxis" or (cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children))


def _path_child(token: Token, cue: Token) -> Token:
    """The child of ``cue`` whose subtree holds ``token``."""
    while token.head.i != cue.i:
        token = token.head
    return token


# Prepositions that open where and when something was said ("said in an interview with “Meet the Press”").
_CIRCUMSTANCE_PREPS = frozenset({"in", "at", "during", "after", "before", "since", "following", "amid", "via", "through", "while"})


_REASON_MARKERS = frozenset({"because", "since", "if", "unless", "although", "though", "while", "when"})


def _in_adjunct(token: Token, cue: Token) -> bool:
    """Whether ``token`` hangs on the cue through an adjunct ("On “Meet the Press,” she said"): there a
    quoted passage names a show or a title; what was said is the cue's complement."""
    child = _path_child(token, cue)
    if child.dep_ in ("dative", "dobj") and any(c.dep_ == "ccomp" and c.i > child.i for c in cue.children):
        return True  # "told MSNBC’s “Morning Joe” that …": the addressee, named; the that-clause is what was said
    if child.dep_ == "advcl" and child.i > cue.i and any(c.dep_ == "mark" and c.lower_ in _REASON_MARKERS for c in child.children):
        return True  # "did not mention it because “…”": the reason given, not what was mentioned
    if child.dep_ != "prep" or not (child.lower_ in _CIRCUMSTANCE_PREPS or child.i < cue.i):
        return False
    stray = _stray_that_clause(cue)  # "reported at the time that …": the clause in the adjunct is the report
    return stray is None or not (token.i == stray.i or stray in token.ancestors)


def _stray_that_clause(cue: Token) -> Token | None:
    """"The paper reported at the time that X conveyed …", "told him on a regular basis that …": a speech
    verb the parser left with no clause of its own, while a clause opened by "that" (filling no gap in it,
    so no relative pronoun) hangs on the noun of its adjunct. That clause is what was reported."""
    if cue.lower_ not in SPEECH_VERB_FORMS or not cue.tag_.startswith("VB"):
        return None
    if any(c.dep_ in _CONTENT_DEPS for c in cue.children):
        return None
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.i > cue.i):
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            for clause in (c for c in noun.children if c.dep_ in ("relcl", "acl") and c.i > noun.i):
                first = next(clause.lefts, None)
                if first is not None and first.lower_ == "that" and first.dep_ in ("advmod", "mark"):
                    return clause
    return None


def _distance(attribution: _Attribution, marked: Marked) -> int:
    start, end = attribution.cue_span
    return max(marked.start - end, start - marked.end, 0)


def _is_passive(cue: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children)


def _in_free_relative(cue: Token) -> bool:
    """"what he called": a cue that only names something inside another report."""
    return any(c.lower_ == "what" and c.dep_ in ("dobj", "nsubj") for c in cue.children)


def _reports_cue(outer: Token, inner: Token) -> bool:
    """"X did Y, according to Z, and said …": "according to" reports its whole sentence, other cues included."""
    return outer.lower_ == "according" and inner.i != outer.i and inner in _according_tokens(outer)


def _within_content(inner: Token, outer: Token) -> bool:
    """Whether the cue ``inner`` lies in what the cue ``outer`` reports (not in an adjunct: "said, suggesting …")."""
    if _reports_cue(outer, inner):
        return True
    token = inner
    while token.head.i != outer.i and token.head.i != token.i:
        token = token.head
    return token.head.i == outer.i and token.dep_ in _COMPLEMENT_DEPS


def _cue_for(text: str, marked: Marked, attributions: list[_Attribution]) -> _Attribution | None:
    near = [a for a in attributions if a.sentence.offset < marked.end and marked.start < a.sentence.end(a.sentence.doc[-1])]
    leading = [a for a in near if _leads_into(a, marked)]
    if leading:
        return leading[-1]
    title = _is_title(text[marked.start : marked.end].split())
    governing = [a for a in near if _governs(a, marked) and not (title and (_reports_elsewhere(a, marked) or _named_in_clause_before(a, marked)))]
    if governing:
        nearest = min(governing, key=lambda a: _distance(a, marked))
        outer = [a for a in governing if a.sentence is nearest.sentence and (a.cue in nearest.cue.ancestors or _reports_cue(a.cue, nearest.cue))]
        unnamed = nearest.speaker_span is None and not _is_passive(nearest.cue)  # "is being criticized as": no one named, by design
        if outer and (_in_free_relative(nearest.cue) or any(_within_content(nearest.cue, a.cue) and (unnamed or nearest.speaker_token is not a.speaker_token) for a in outer)):
            # "condemned what he called “…”", "told … that Holt would be calling out Trump for his “lies”":
            # a cue naming something inside another report, or with no speaker of its own, is part of the outer report
            return min(outer, key=lambda a: _distance(a, marked))
        return nearest
    if title:
        return None  # a name in title case that no cue governs ("told “Morning Joe” that …")
    adjacent = [a for a in attributions if a.sentence is not None and a.speaker_span is not None
                and ((_distance(a, marked) <= 25 and (a in near or _credits_preceding(text, a, marked)))
                     or (a in near and _credited_right_after(text, a, marked))
                     or (a in near and _right_after_content(text, a, marked)))
                and not _in_circumstance_of(a, marked)]
    return min(adjacent, key=lambda a: _distance(a, marked)) if adjacent else None


def _in_circumstance_of(attribution: _Attribution, marked: Marked) -> bool:
    """"in a box labeled “medical problem,” a doctor had typed …": a passage inside the cue's own
    adjunct (where or when it was said) names something; the cue does not report it."""
    sentence, cue = attribution.sentence, attribution.cue
    inside = [t for t in sentence.doc if marked.start <= sentence.start(t) < marked.end and not t.is_punct]
    return bool(inside) and all(cue in t.ancestors and _in_adjunct(t, cue) and not marked.start <= sentence.start(_path_child(t, cue)) < marked.end
                                for t in inside)  # a quoted adjunct itself ("“By locking in China,” he said") is speech


def _named_in_clause_before(attribution: _Attribution, marked: Marked) -> bool:
    """"…, her rendition of ''A Change Is Gonna Come,'' she added the words …": a title set inside a clause
    that opens well before it, on the far side of the cue's subject, is a name in that clause, not speech."""
    sentence, cue = attribution.sentence, attribution.cue
    speaker = attribution.speaker_span
    if speaker is None or marked.end > speaker[0] or cue.tag_.startswith("NN") or cue.lower_ == "according":
        return False
    inside = [t for t in sentence.doc if marked.start <= sentence.start(t) < marked.end and not t.is_punct]
    clauses = {_path_child(t, cue).i for t in inside if cue in t.ancestors}
    if len(clauses) != 1:
        return False
    clause = sentence.doc[clauses.pop()]
    return sentence.start(clause.left_edge) < marked.start - 20  # a few words (“Yes,” she said) are no clause


def _reports_elsewhere(attribution: _Attribution, marked: Marked) -> bool:
    """"In his book, ''Make Your Kid a Millionaire,'' he suggested looking at …": the cue's own clause
    follows it, so the title before it is a name, whatever the parser made of it."""
    sentence, cue = attribution.sentence, attribution.cue
    return any(c.dep_ in ("ccomp", "xcomp") and sentence.start(c.left_edge) >= marked.end and c.i > cue.i for c in cue.children)


def _leads_into(attribution: _Attribution, marked: Marked) -> bool:
    """"… before asking her, “…”": a cue (with at most its own object) then a comma or colon opening the
    quote introduces it, whatever the parser hung the quote on."""
    sentence, cue = attribution.sentence, attribution.cue
    if cue.lower_ == "according" or cue.tag_.startswith("NN") or sentence.end(cue) > marked.start:
        return False
    between = [t for t in sentence.doc[cue.i + 1 :] if sentence.start(t) < marked.start]
    if not between or between[-1].text not in (",", ":"):
        return False
    return all(t.is_punct or (t.head.i == cue.i and t.dep_ in ("dobj", "dative", "prt")) for t in between[:-1])


def _credited_right_after(text: str, attribution: _Attribution, marked: Marked) -> bool:
    """“… pay his?” a narrator in the ad asks: the speaker's phrase follows the closing mark at once and
    its cue reports nothing else, however long the phrase."""
    opening = attribution.speaker_span[0]
    return (marked.end <= opening < attribution.cue_span[0] and _WORD.search(text, marked.end, opening) is None
            and "\n" not in text[marked.end : opening] and _content_span(attribution) is None)


def _right_after_content(text: str, attribution: _Attribution, marked: Marked) -> bool:
    """"the audit notes that cities would owe $3 billion, ''equal to …,''": a passage set off by a comma right
    after what a cue reports glosses that report, however the parser hung it."""
    content = _content_span(attribution) if attribution.cue is not None else None
    return content is not None and content[1] <= marked.start and text[content[1] : marked.start].strip() == ","


def _credits_preceding(text: str, attribution: _Attribution, marked: Marked) -> bool:
    """“You winning?” she said: a bare cue opening the sentence right after a quote that ended its own."""
    sentence = attribution.sentence
    opening = (attribution.speaker_span or attribution.cue_span)[0]
    between = text[marked.end : opening]
    return (marked.end <= sentence.offset and "\n" not in between and not _WORD.search(between)
            and opening <= attribution.cue_span[0] and _content_span(attribution) is None)


def _paragraph_index(breaks: list[int], offset: int) -> int:
    """The paragraph of ``offset``, given where the text's paragraph breaks (runs of newlines) start."""
    return bisect_left(breaks, offset)


def _according_tokens(cue: Token) -> list[Token]:
    """What "according to X" reports: the rest of its sentence. The phrase is found on the surface (it
    runs to the next comma), as the parser often hangs the whole clause on X ("According to X, the move …")."""
    doc = cue.doc
    stop = next((t.i for t in doc[cue.i + 2 :] if t.text in (",", ";", "—", "–")), len(doc))
    words = [t for t in doc if not t.is_space and not (cue.i <= t.i < stop)]
    if cue.i > 0 and stop < len(doc) and doc[stop].text == ",":
        words = [t for t in words if t.i != stop]  # "X, according to Y, did Z": both commas go
    while words and words[-1].is_punct and not _is_mark(words[-1]):
        words.pop()
    while words and words[0].is_punct and not _is_mark(words[0]):
        words.pop(0)
    return words


def _content_span(attribution: _Attribution) -> tuple[int, int] | None:
    """What an indirect quote reports: the clause governed by the cue."""
    cue, sentence = attribution.cue, attribution.sentence
    if cue.lower_ == "according":
        tokens = _according_tokens(cue)
    else:
        clauses = _noun_clauses(cue) if cue.tag_.startswith("NN") else [c for c in cue.children if c.dep_ in _CONTENT_DEPS]
        if not clauses and (stray := _stray_that_clause(cue)) is not None:
            clauses = [stray]
        if not clauses and cue.dep_ in ("parataxis", "ccomp") and cue.i > cue.head.i:
            tokens = [t for t in cue.head.subtree if not (cue.left_edge.i <= t.i <= cue.right_edge.i)]  # "X, he said." parsed with "said" under X
        elif clauses:
            tokens = [t for c in clauses for t in c.subtree]
        else:
            return None
    tokens = [t for t in tokens if not t.is_punct or _is_mark(t)]
    if len(tokens) < 3:
        return None
    return sentence.start(min(tokens, key=lambda t: t.i)), sentence.end(max(tokens, key=lambda t: t.i))


# Children of a cue that carry what was said or how it was characterised ("called him a “con”",
# "described X as “Y”", "said that …"); subjects, auxiliaries, time and manner are left out.
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "parataxis", "dative"})
_COMPLEMENT_PREPS = frozenset({"as", "to", "for", "on", "like"})
_WORD = re.compile(r"\w+")


def _complement_tokens(cue: Token, after: bool | None = None, nested: bool = False) -> list[Token]:
    """Tokens of what the cue governs as content, without nested cues (they are attributions of their own);
    with ``after`` given, only the complements on that side of the cue (the quote's side)."""
    regarding = []
    if cue.tag_.startswith("NN"):
        children = _noun_clauses(cue)
    else:
        own = list(cue.children)
        # a participle preposition ("rated X as “true” compared to Y") qualifies the characterisation itself
        children = [c for c in own if c.dep_ in _COMPLEMENT_DEPS or (c.dep_ == "prep" and (c.lower_ in _COMPLEMENT_PREPS or c.tag_ == "VBN"))]
        children = [c for c in children if not (c.dep_ == "dobj" and c.lower_ == "it" and cue.lower_.startswith("put"))]  # "as she put it"
        if not any(c.dep_ in ("ccomp", "xcomp") for c in children) and (stray := _stray_that_clause(cue)) is not None:
            children = [stray]  # "reported at the time that …": the clause hung in the adjunct
        regarding = [c for c in own if c.dep_ == "advcl" and _says_regarding(c)]  # "…, when it comes to X"
    children += regarding
    if after is not None:
        children = [c for c in children if (c.i > cue.i) == after]
    if any(c.dep_ in ("ccomp", "xcomp") for c in children):  # "told reporters on Monday that …": the clause alone
        children = [c for c in children if c.dep_ in ("ccomp", "xcomp")] + [c for c in children if c in regarding]
    tokens = []
    for child in children:
        stack = [child]
        while stack:
            token = stack.pop()
            if not nested and token.i != child.i and token.dep_ == "conj" and _is_cue(token):
                continue  # "… and warned North Korea": another attribution
            tokens.append(token)
            stack.extend(token.children)
    return [t for t in tokens if not t.is_punct or _is_mark(t)]


def _split_host(cue: Token) -> list[Token] | None:
    """"These employees, Stumpf explained, were “well-paid”": a cue set into a clause that the parser took
    apart, making the cue the root, the clause's subject a modifier before it (then a comma) and the clause's
    verb a conjunct with no subject after it. The clause is those two pieces."""
    children = list(cue.children)
    subject = next((c for c in children if c.dep_ == "nsubj"), None)
    fronts = [c for c in children if c.dep_ in ("npadvmod", "dep") and subject is not None and c.i < subject.i]
    if not fronts:
        return None  # the common case, decided without walking any subtree
    front = next((c for c in fronts if c.right_edge.i + 1 < subject.i and cue.doc[c.right_edge.i + 1].text == ","), None)
    verb = next((c for c in children if c.dep_ == "conj" and c.i > cue.i and c.tag_.startswith("VB")
                 and not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)), None)
    if front is None or verb is None:
        return None
    return [*front.subtree, *verb.subtree]


def _parenthetical_host(cue: Token) -> list[Token]:
    """The clause a parenthetical cue interrupts ("the weapons, he added, are like “…”"): all of it but
    the cue's own words and an opening conjunction ("And", "But")."""
    host = cue.head
    tokens = [t for t in host.subtree if not (cue.left_edge.i <= t.i <= cue.right_edge.i)]
    tokens = [t for t in tokens if not (t.dep_ == "cc" and t.head.i == host.i and t.i < cue.i)]
    return [t for t in tokens if not t.is_punct or _is_mark(t)]


# After the quoted words, these start circumstances of the report (when, where, why), not its content.
_ADJUNCT_DEPS = frozenset({"npadvmod", "appos"})
_ADJUNCT_PREPS = frozenset({"during", "after", "before", "amid", "following"})


_TIME_MARKERS = frozenset({"when", "while", "after", "before", "as", "since", "until", "once"})


def _starts_circumstance(token: Token, cue: Token) -> bool:
    """Whether ``token`` opens a constituent that tells the report's circumstances, not its content:
    a time adjunct, a clause of time ("… when Clinton blasted him") or a participle clause after a
    comma ("…, implicitly putting his name on the line"), or the cue's object placed after the quote
    (described as “unhinged” a tweet: the thing characterised, not the words)."""
    if token.dep_ == "npadvmod" and token.head.tag_.startswith("VB") and token.head.i != cue.i and token.head.i < token.i:
        return False  # "the footage released Friday": the time of something reported, inside the content
    if token.dep_ in _ADJUNCT_DEPS or (token.dep_ == "prep" and token.lower_ in _ADJUNCT_PREPS):
        return True
    after_comma = token.i > 0 and token.nbor(-1).text == ","
    for constituent in (token, *token.ancestors):
        if _first_word(constituent) != token.i:
            break
        if constituent.dep_ == "advcl" and after_comma and constituent.tag_ in ("VBG", "VBN"):
            return True
        # a clause of time tells when the report was made only where it hangs on the report itself
        # (the cue or its clause's head); deeper down it belongs to what was said ("… private until …")
        if (constituent.dep_ == "advcl" and token.lower_ in _TIME_MARKERS and not _says_regarding(constituent)
                and constituent.head.i in (cue.i, *(c.i for c in cue.children))):
            return True
        if constituent.dep_ in ("dobj", "dative") and constituent.head.i == cue.i:
            return True
        if constituent.dep_ == "oprd" and constituent.head.i == cue.i and _after_comma(token):
            return True  # "called it a “rant,” a series of postings …": a second predicate glosses the quoted one
        if constituent.dep_ == "dobj" and constituent.head.tag_.startswith("JJ"):
            return True  # an adjective takes no object: the parser hung the cue's displaced object on it
    return False


def _says_regarding(clause: Token) -> bool:
    """"when it comes to X" means "regarding X": it tells what the report is about, not when it was made."""
    children = list(clause.children)
    return (clause.lower_ in ("comes", "came", "come") and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in children)
            and any(c.dep_ == "prep" and c.lower_ == "to" for c in children))


def _first_word(constituent: Token) -> int:
    """Where a constituent starts, punctuation and quotation marks hung on its edge aside."""
    return next((t.i for t in constituent.subtree if not t.is_punct), constituent.i)


def _after_comma(token: Token) -> bool:
    """Whether a comma precedes ``token``, quotation marks aside (“a rant,” a series …)."""
    before = token.i - 1
    while before >= 0 and _is_mark(token.doc[before]):
        before -= 1
    return before >= 0 and token.doc[before].text == ","


def _without_trailing_adjuncts(tokens: list[Token], end_of, quote_end: int, cue: Token) -> list[Token]:
    """``tokens`` cut before the first adjunct that follows the quote ("… “a con” during a stop in Flint")."""
    for index, token in enumerate(tokens):
        if index == 0 or end_of(token) <= quote_end or _is_mark(token):
            continue
        if _starts_circumstance(token, cue) or _after_dash(token):
            return tokens[:index]
    return tokens


def _after_dash(token: Token) -> bool:
    """“…” - a charge that might have stung: after a spaced dash the writer comments on the quote."""
    dash = token.nbor(-1) if token.i > 0 else None
    return dash is not None and dash.text in ("-", "--", "—", "–") and dash.i > 0 and bool(dash.nbor(-1).whitespace_)


def _same_side(tokens: list[Token], cue_span: tuple[int, int], part: tuple[int, int], sentence: ParsedSentence) -> list[Token]:
    """The complement tokens on the quote's side of the cue: a reported clause never holds its own cue
    (“…,” she said to the nominee: "to the nominee" is the addressee, not more of what was said)."""
    if part[0] >= cue_span[1]:
        return [t for t in tokens if sentence.start(t) >= cue_span[1]]
    return [t for t in tokens if sentence.end(t) <= cue_span[0]]


def _embedding_span(attribution: _Attribution, part: tuple[int, int], marked: Marked) -> tuple[int, int] | None:
    """The cue's complement clause when the quoted ``part`` is only a piece of it, else None."""
    if attribution.sentence is None:
        return None
    sentence = attribution.sentence
    if attribution.cue.lower_ == "according":
        tokens = [t for t in _according_tokens(attribution.cue) if not t.is_punct or _is_mark(t)]
    elif (host := _split_host(attribution.cue)) is not None:
        tokens = [t for t in host if not t.is_punct or _is_mark(t)]
    elif _is_parenthetical(attribution.cue):
        tokens = sorted(_parenthetical_host(attribution.cue), key=lambda t: t.i)
        if not any(c.dep_ in ("nsubj", "nsubjpass") and c.i < attribution.cue.i for c in attribution.cue.head.children):
            # only a cue between the clause's subject and its verb sits inside it ("the weapons, he
            # added, are …"); otherwise the clause is on the quote's side ("While …, he said, “…”")
            tokens = _same_side(tokens, attribution.cue_span, part, sentence)
    else:
        after = part[0] >= attribution.cue_span[1]
        tokens = _same_side(_complement_tokens(attribution.cue, after), attribution.cue_span, part, sentence)
        if not any(sentence.start(t) <= part[0] < sentence.end(t) for t in tokens):
            # the quote lies under a cue nested in the complement, and was given to this one: keep that cue's words
            tokens = _same_side(_complement_tokens(attribution.cue, after, nested=True), attribution.cue_span, part, sentence)
        tokens = _without_trailing_adjuncts(sorted(tokens, key=lambda t: t.i), sentence.end, part[1], attribution.cue)
        if tokens and part[0] >= attribution.cue_span[1]:
            tokens = _with_characterised_object(attribution.cue, tokens)
    while tokens and tokens[-1].dep_ in ("cc", "preconj"):
        tokens = tokens[:-1]  # "… “a con” and [encourage …]": the conjunction went with the cue pruned after it
    if not tokens:
        return None
    start, end = sentence.start(tokens[0]), sentence.end(tokens[-1])
    if not start <= part[0] < end:  # the quote opens inside the complement (it may run on past it)
        return None
    local = sentence.doc.text
    if sentence.offset == 0 and "\n" in local and part[0] >= attribution.cue_span[1]:
        # a headline is telegraphic: all that follows its cue is the report ("calls X ‘crazy’ during stop")
        end = sentence.offset + len(local.split("\n")[0].rstrip(" .;"))
    if start < marked.start and local[: max(0, marked.start - sentence.offset)].rstrip().endswith(":"):
        start = marked.start  # "X scolded him: “…”": what precedes the colon frames the quote
    around = local[start - sentence.offset : max(0, marked.start - sentence.offset)] + " " + local[marked.end - sentence.offset : end - sentence.offset]
    if not [w for w in _WORD.findall(around) if w.lower() != "that"]:
        return None  # the clause is the quote itself ("said that “…”"): nothing more is reported
    return start, max(end, marked.end)  # with the closing mark


_RELATIVISERS = frozenset({"that", "which", "whom"})
_WH_WORDS = _RELATIVISERS | {"what", "who"}


def _with_characterised_object(cue: Token, tokens: list[Token]) -> list[Token]:
    """What a characterisation is about opens the report when it stands before the cue: the subject of
    a passive ("it was labeled “Mostly True”") or the relative pronoun that is the cue's object ("an
    explosion that de Blasio described as “an intentional act”"). The report then runs from there to
    the end of the complement."""
    passive = next((c for c in cue.children if c.dep_ == "nsubjpass" and c.i < cue.i and c.lower_ not in _WH_WORDS), None)
    predicates = any(c.dep_ in ("oprd", "attr") or (c.dep_ == "prep" and c.lower_ == "as") for c in cue.children)
    if passive is not None and predicates:  # "it was labeled “Mostly True”": the subject is what is characterised
        first = passive.left_edge.i
    elif cue.dep_ == "relcl" and any(c.dep_ == "dobj" and c.lower_ in _RELATIVISERS for c in cue.children):
        first = cue.left_edge.i
    elif _in_free_relative(cue) and (what := next(c for c in cue.children if c.lower_ == "what")).i < cue.i:
        first = what.i  # "what she called a “rant”": the free relative names the thing characterised
    else:
        return tokens
    opening = [t for t in cue.doc[first : tokens[0].i] if not t.is_punct]
    return opening + tokens


def _is_single(text: str, marked: Marked | tuple[int, int]) -> bool:
    """Whether a passage (or a part's inner span) is set in single quotation marks."""
    start = marked.start if isinstance(marked, Marked) else marked[0] - 1
    if text[max(0, start - 1) : start + 2].count("'") >= 2:
        return False  # '' is a double mark typed as two single ones
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


def _colon_frame(text: str, marked: Marked, sentences: list[ParsedSentence], resolver: _Resolver) -> _Attribution | None:
    """“…” after a colon in its own sentence ("The piece used her words as its headline: “…”"), or opening
    the paragraph after it ("Sanders made the following comment:"): the clause before the colon frames the
    quote; its subject is the source."""
    before = text[max(0, marked.start - 4) : marked.start]
    if not before.rstrip().endswith(":"):
        return None
    colon = marked.start - len(before) + before.rstrip().rindex(":")
    sentence = next((s for s in sentences if s.offset <= colon < s.end(s.doc[-1])), None)
    if sentence is None:
        return None
    root = next((t for t in sentence.doc if t.dep_ == "ROOT"), None)
    if root is None or not root.tag_.startswith("VB") or sentence.end(root) > colon:
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj" and c.lower_ not in ("it", "there", "this", "that")), None)
    if subject is None:
        return None
    attribution = _Attribution(sentence, root, _cue_span(sentence, root), subject, _mention_span(sentence, subject))
    attribution.speaker = resolver.resolve(*attribution.speaker_span, subject, sentence.start(subject))
    return attribution


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


_HEADLINE_SOURCE_WORDS = 8  # "A lesson from Loretta Lynch:": a headline's source is a short phrase


def _headline_frame(text: str, quoted: list[Marked], resolver: _Resolver) -> _Attribution | None:
    """A title line "Source: … ‘quoted’ …" (the headline convention for who said it): the phrase before
    the colon is the speaker; all after it, which holds a quoted passage, is what was said."""
    line_end = text.find("\n")  # a title line stands above a body
    colon = text.find(":", 0, line_end)
    lead = len(text) - len(text.lstrip())
    if line_end < 0 or colon <= lead or any(m.start < colon for m in quoted if m.start < line_end):
        return None
    source = text[lead:colon]
    if len(source.split()) > _HEADLINE_SOURCE_WORDS or not _names_someone(source):
        return None
    start = colon + 1 + len(text[colon + 1 : line_end]) - len(text[colon + 1 : line_end].lstrip())
    end = len(text[:line_end].rstrip(" \t.;,"))
    if not any(start <= m.start and m.end <= line_end for m in quoted):
        return None
    attribution = _Attribution(None, None, (colon, colon + 1), None, (lead, lead + len(source.rstrip())))
    attribution.speaker = resolver.resolve(*attribution.speaker_span, None, None)
    attribution.clause = (start, max(end, start))
    return attribution


def _headline_predicate(text: str, sentences: list[ParsedSentence], resolver: _Resolver) -> _Attribution | None:
    """A title line "Subject Verb … ‘quoted’ …" ("X Sees ‘Personal Insult’ if …"): a headline puts in
    quotation marks what its subject said, whatever the verb. The line's main verb then stands as the cue;
    only quoted passages in its predicate count (one in the subject or in a circumstance is a title)."""
    first = sentences[0] if sentences else None
    line_end = text.find("\n")
    if first is None or line_end < 0 or text[: first.offset].strip() or first.end(first.doc[-1]) < line_end:
        return None  # a title line stands above a body and is parsed as one sentence
    root = next((t for t in first.doc if t.dep_ == "ROOT"), None)
    if root is None or first.start(root) > line_end:
        return None
    if root.tag_.startswith("VB"):
        subject = next((c for c in root.children if c.dep_ == "nsubj" and c.i < root.i and not _is_mark(c)), None)
    else:
        root, subject = _misread_verb(root, first.doc.text.find("\n"))
    if subject is None:
        return None
    attribution = _Attribution(first, root, _cue_span(first, root), subject, _mention_span(first, subject))
    # no head offset: in a title-case line the recogniser runs names on past the subject ("Hale Sees ‘Real")
    attribution.speaker = resolver.resolve(*attribution.speaker_span, subject, None)
    return attribution


def _in_headline_predicate(frame: _Attribution | None, marked: Marked) -> bool:
    """Whether the passage lies in the title line after the frame's verb, outside a circumstance ("in a clip of ‘…’")."""
    if frame is None or marked.start < frame.cue_span[1]:
        return False
    sentence, verb = frame.sentence, frame.cue
    inside = [t for t in sentence.doc if marked.start <= sentence.start(t) < marked.end and not t.is_punct]
    if not inside or "\n" in sentence.doc.text[: max(0, marked.start - sentence.offset)]:
        return False
    if not verb.tag_.startswith("VB"):  # a verb read as a noun: the parse around it is unreliable, its order is not
        return all(t.i > verb.i and not any(_in_circumstance(a) for a in (t, *t.ancestors)) for t in inside)
    return all(verb in t.ancestors and not _in_circumstance(_path_child(t, verb)) for t in inside)


_CLAUSE_OR_ADVERB = frozenset({"advmod", "relcl", "acl", "advcl", "xcomp", "ccomp"})


def _misread_verb(root: Token, line_end: int) -> tuple[Token, Token | None]:
    """The verb of a title line that the tagger read as a noun (title case hides it: "Lawmakers Rip X As A
    ‘…’", "Parents Rally Nationwide To ‘…’"), with its subject: a word with a subject of its own, else a
    root noun between a nominal and an adverb or a clause, stands where the verb should be."""
    for token in root.doc:
        subject = next((c for c in token.lefts if c.dep_ == "nsubj" and not _is_mark(c)), None)
        if subject is not None and token.idx < line_end:
            return token, subject
    nominals = [c for c in root.lefts if c.dep_ in ("compound", "nsubj") and c.tag_.startswith("NN")]
    if nominals and any(c.dep_ in _CLAUSE_OR_ADVERB for c in root.rights):
        return root, nominals[-1]
    return root, None


def _in_circumstance(child: Token) -> bool:
    return child.dep_ == "prep" and child.lower_ in _CIRCUMSTANCE_PREPS


def _predicate_span(frame: _Attribution, part: tuple[int, int]) -> tuple[int, int] | None:
    """What a title line's verb frames: the rest of the line (a headline is telegraphic), without a
    circumstance after the quote ("… ‘Directly To White People’ After Latest Police Shooting")."""
    sentence, verb = frame.sentence, frame.cue
    line_end = sentence.doc.text.find("\n")
    tokens = [t for t in sentence.doc[verb.i + 1 :] if t.idx < line_end and (not t.is_punct or _is_mark(t))]
    tokens = _without_trailing_adjuncts(tokens, sentence.end, part[1], verb)
    if not tokens:
        return None
    return sentence.start(tokens[0]), max(sentence.end(tokens[-1]), part[1])


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "my", "his", "her", "their", "its"})


def _names_someone(phrase: str) -> bool:
    """A capitalised word that is no determiner: "Pence", "A lesson from Loretta Lynch" (not "The plan")."""
    return any(w[:1].isupper() and w.lower() not in _DETERMINERS for w in phrase.split())


def _says_more(text: str, frame: _Attribution) -> bool:
    """Whether a frame's clause holds words besides its quoted passages (else it is the quote itself)."""
    if not frame.parts:
        return False
    start, end = frame.clause
    pieces, at = [], start
    for part_start, part_end in sorted(frame.parts):
        pieces.append(text[at : max(at, part_start)])
        at = max(at, part_end)
    pieces.append(text[at:end])
    return _WORD.search(" ".join(pieces)) is not None


def _in_headline(frame: _Attribution | None, marked: Marked) -> bool:
    return frame is not None and frame.clause[0] <= marked.start < frame.clause[1]


def _only_cue_between(text: str, previous_end: int, start: int, attribution: _Attribution) -> bool:
    """Whether nothing but the attribution's own sentence ("…,” she said. “…") lies between two passages."""
    between = [previous_end, start]
    if attribution.sentence is not None:
        sentence = attribution.sentence
        s_start, s_end = sentence.offset, sentence.end(sentence.doc[-1])
        if s_start <= previous_end < s_end:
            between[0] = max(between[0], s_end)
        elif previous_end <= s_start < start:
            return _WORD.search(text, previous_end, s_start) is None and _WORD.search(text, min(s_end, start), start) is None
    return between[0] >= between[1] or _WORD.search(text, between[0], between[1]) is None


def _only_credit_between(text: str, previous_end: int, start: int, attribution: _Attribution) -> bool:
    """“…,” she said.¶“…”: only the speaker and the cue lie between two passages (a paragraph break too)."""
    if attribution.sentence is None:
        return False  # a credit line (“…” ― Name) credits its own passage only
    spans = sorted(s for s in (attribution.speaker_span, attribution.cue_span) if s is not None)
    at = previous_end
    for span_start, span_end in spans:
        if span_start < previous_end or span_end > start or _WORD.search(text, at, span_start):
            return False
        at = span_end
    return bool(spans) and _WORD.search(text, at, start) is None


def _after_embedded_part(previous: _Attribution, marked: Marked) -> bool:
    """"She said her foot was “so swollen …,” she was “whisked …”": in the sentence where a cue's quote is
    a piece of its reported clause, a later passage with no cue is another clause, not more of that one."""
    sentence = previous.sentence
    return previous.clause is not None and sentence is not None and marked.start < sentence.end(sentence.doc[-1])


def _own_credit_between(text: str, previous: _Attribution, marked: Marked, attributions: list[_Attribution]) -> _Attribution | None:
    """“A,” she said. “B.” after "X scolded him: “A”": the credit between the passages is a cue of its own."""
    end = previous.parts[-1][1]
    for attribution in attributions:
        if (attribution is not previous and not attribution.parts and attribution.sentence is not None
                and attribution.speaker_span is not None and end <= attribution.cue_span[0] < marked.start
                and _only_credit_between(text, end, marked.start, attribution)):
            return attribution
    return None


def _continues(text: str, inner: tuple[int, int], marked: Marked, paragraph: int, last_direct: tuple[int, _Attribution]) -> bool:
    """Whether an uncued passage goes on with the last cued speaker's quoting: a full statement (a short
    uncued phrase is a scare quote or a title) or any passage right after the cue's sentence, in the
    same style of marks (a passage in single marks after double-quoted speech is a heading, not more of it)."""
    previous = last_direct[1]
    if not previous.parts or _is_single(text, marked) != _is_single(text, previous.parts[0]):
        return False
    if paragraph == last_direct[0] and _only_cue_between(text, previous.parts[-1][1], marked.start, previous):
        return True
    # otherwise a statement of its own: several words, not a title ("The Steve Harvey Morning Show")
    words = text[slice(*inner)].split()
    return len(words) >= _MIN_UNCUED_WORDS and not _is_title(words)


def _is_title(words: list[str]) -> bool:
    """Title case: most words capitalised (short function words aside)."""
    content = [w for w in words if w[:1].isalpha() and len(w) > 3]
    return bool(content) and sum(w[0].isupper() for w in content) >= 0.75 * len(content)


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
    headline = _headline_frame(text, quoted, resolver)
    _resolve_speakers(attributions, resolver)
    title_verb = None if headline is not None else _headline_predicate(text, sentences, resolver)
    direct: list[tuple[tuple[int, int], _Attribution | None, _Attribution]] = []  # (span, cue source, speaker source)
    last_direct: tuple[int, _Attribution] | None = None  # (paragraph, attribution) of the last cued quote
    breaks = [match.start() for match in _NEWLINES.finditer(text)]
    for marked in quoted:
        inner = _clean_inner(text, marked)
        if inner[1] - inner[0] < 1:
            continue
        attribution = (_cue_for(text, marked, attributions) or (headline if _in_headline(headline, marked) else None)
                       or _introduced_by_colon(text, marked, attributions)
                       or _dash_credit(text, marked, resolver) or _colon_frame(text, marked, sentences, resolver)
                       or (title_verb if _in_headline_predicate(title_verb, marked) else None))
        paragraph = _paragraph_index(breaks, marked.start)
        if attribution is not None:
            attribution.parts.append(inner)
            direct.append((inner, attribution, attribution))
            clause = _predicate_span(attribution, inner) if attribution is title_verb else _embedding_span(attribution, inner, marked)
            if clause is not None:  # reported speech that quotes a few words: the clause is reported too
                attribution.clause = clause if attribution.clause is None else (min(clause[0], attribution.clause[0]), max(clause[1], attribution.clause[1]))
            if attribution is not headline:  # a headline is no statement that the body's quotes go on with
                last_direct = (_paragraph_index(breaks, marked.end - 1), attribution)  # where a quote over paragraphs ends
        elif last_direct and paragraph - last_direct[0] <= 2 and _continues(text, inner, marked, paragraph, last_direct):
            # a quote with no cue of its own continues the previous speaker's quoting; right after the
            # cue's sentence it is the same statement ("…,” she said. “…”), so it shares the cue
            previous = last_direct[1]
            previous_end = previous.parts[-1][1]
            same_statement = not _after_embedded_part(previous, marked) and (
                (paragraph == last_direct[0] and _only_cue_between(text, previous_end, marked.start, previous))
                or (paragraph == last_direct[0] + 1 and _only_credit_between(text, previous_end, marked.start, previous)))
            if same_statement:
                previous = _own_credit_between(text, previous, marked, attributions) or previous
                previous.parts.append(inner)
            direct.append((inner, previous if same_statement else None, previous))
            last_direct = (_paragraph_index(breaks, marked.end - 1), previous)
    quotes = [_make_quote(text, span, "direct", source, speaker) for span, source, speaker in direct]
    if title_verb is not None and title_verb.clause is not None:
        quotes.append(_make_quote(text, title_verb.clause, "indirect", title_verb, title_verb))
    if headline is not None and _says_more(text, headline):
        quotes.append(_make_quote(text, headline.clause, "indirect", headline, headline))
    for attribution in attributions:
        if attribution.clause is not None:
            quotes.append(_make_quote(text, attribution.clause, "indirect", attribution, attribution))
            continue
        content = _content_span(attribution)
        if content is None or attribution.speaker_span is None:
            continue
        covered = sum(max(0, min(e, content[1]) - max(s, content[0])) for s, e in attribution.parts)
        if covered >= 0.8 * (content[1] - content[0]) or (attribution.parts and any(
                start < content[1] and content[0] < end for (start, end), _, _ in direct)):
            # the clause is the direct quote itself or holds it, or the cue credits quotes and its clause
            # frames another cue's ("X scolded him: “A,” she said. “B.”": "she said" credits B only)
            continue
        quotes.append(_make_quote(text, content, "indirect", attribution, attribution))
    return sorted(_without_unnamed_nested(quotes), key=lambda q: (q.start, q.end, q.kind))


def _without_unnamed_nested(quotes: list[Quote]) -> list[Quote]:
    """Drop a report with no named speaker that lies inside another's report ("He said they agreed to X":
    "to X", by "they", is part of what he said and says nothing on its own)."""
    indirect = [q for q in quotes if q.kind == "indirect"]
    return [
        q for q in quotes
        if q.kind != "indirect" or q.speaker is not None
        or not any(o is not q and o.speaker is not None and o.start <= q.start and q.end <= o.end for o in indirect)
    ]
