"""Running the analysis over many articles: two light spaCy passes, optionally in several processes.

Pass 1 runs only the sentence recogniser and the entity recogniser over every text. Pass 2 runs the
tagger and dependency parser, and only over the sentences that hold a quotation mark or a speech
verb: nothing else needs a parse. The lemmatizer never runs (cues are matched on word forms).
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.attrs import IS_SPACE, SENT_START
from spacy.tokens import Doc

from storyline.model import Analysis, Article, Sentence

from ._aliases import AliasTable
from ._dates import find_dates
from ._entities import find_entities
from ._lexicon import CUE_VERB_FORMS
from ._marks import Marked, find_marked
from ._quotes import ParsedSentence, find_quotes
from ._registry import EntityRegistry

_PASS_ONE = ("senter", "ner")
_PASS_TWO = ("tok2vec", "tagger", "parser")
_DATE_LABELS = frozenset({"DATE", "TIME"})
_CUE_FORMS = CUE_VERB_FORMS | {"according"}


@dataclass(slots=True)
class _Analyzer:
    nlp: Language
    aliases: AliasTable
    batch_size: int = 64

    def _pass(self, names: tuple[str, ...], docs: Iterable[Doc]) -> Iterator[Doc]:
        for name in names:
            if name == "senter" and name not in self.nlp.component_names:
                docs = Sentencizer().pipe(docs, batch_size=self.batch_size)
                continue
            docs = self.nlp.get_pipe(name).pipe(docs, batch_size=self.batch_size)
            if name == "senter":
                docs = map(_break_at_paragraphs, docs)
        return docs

    def run(self, articles: list[Article]) -> list[Analysis]:
        docs = list(self._pass(_PASS_ONE, (self.nlp.make_doc(a.text) for a in articles)))
        marked = [find_marked(a.text) for a in articles]
        wanted = [_sentences_to_parse(doc, a.text, marks) for doc, a, marks in zip(docs, articles, marked)]
        flat = [(i, span.start_char) for i, spans in enumerate(wanted) for span in spans]
        to_parse = (Doc(self.nlp.vocab, words=[t.text for t in s], spaces=[bool(t.whitespace_) for t in s])
                    for spans in wanted for s in spans)
        parsed: list[list[ParsedSentence]] = [[] for _ in articles]
        for (i, offset), sentence_doc in zip(flat, self._pass(_PASS_TWO, to_parse)):
            parsed[i].append(ParsedSentence(offset, sentence_doc))
        return [self._analysis(a, d, m, p) for a, d, m, p in zip(articles, docs, marked, parsed)]

    def _analysis(self, article: Article, doc: Doc, marked: list[Marked], parsed: list[ParsedSentence]) -> Analysis:
        entities = find_entities(doc, self.aliases)
        date_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _DATE_LABELS]
        return Analysis(
            article_id=article.id,
            text=article.text,
            sentences=_sentences(doc, article.text),
            entities=entities,
            quotes=find_quotes(article.text, parsed, marked, entities),
            dates=find_dates(date_spans, article.text, article.published),
        )


# What may end a sentence: its last character before closing quotation marks and brackets.
_SENTENCE_FINAL = frozenset(".!?…:;")
_CLOSING = "\"'”’»)]"


def _break_at_paragraphs(doc: Doc) -> Doc:
    """A line break always ends a sentence (headlines, captions and debris lines have no full stop), and
    a sentence ends only there or after final punctuation: the recogniser also splits at brackets and
    quotation marks mid-sentence ("he “honestly [doesn't] know”"), which cuts a cue off its quote."""
    _join_unfinished(doc)
    is_space = doc.to_array(IS_SPACE)  # one array instead of a Token object per word
    for i in is_space.nonzero()[0]:
        following = i + 1
        if following < len(doc) and not is_space[following] and "\n" in doc[i].text:
            token = doc[following]
            if not token.is_sent_start:
                token.is_sent_start = True  # the setter scans the whole doc: call it only when needed
    return doc


def _join_unfinished(doc: Doc) -> None:
    """Removes the sentence starts that follow neither final punctuation nor a line break."""
    text = doc.text
    starts = doc.to_array(SENT_START)
    for i in (starts == 1).nonzero()[0]:
        start = doc[i].idx
        spaced = text[max(0, start - 12) : start].rstrip(" \t\u00a0")
        before = spaced.rstrip(_CLOSING)
        if i == 0 or not before or before[-1] == "\n":
            continue
        if before[-1] in _SENTENCE_FINAL and not _quote_goes_on(spaced, before, doc[i].text):
            continue
        doc[i].is_sent_start = False


def _quote_goes_on(spaced: str, before: str, word: str) -> bool:
    """“Why didn’t he pay?” a narrator asks: after a closing quotation mark, a word in lower case
    goes on with the sentence that holds the quote (its attribution follows)."""
    return len(spaced) > len(before) and spaced[len(before)] in "\"”’'" and word[:1].islower()


def _sentences(doc: Doc, text: str) -> list[Sentence]:
    """Sentences as stripped slices of ``text`` (``Span.text`` would build each string from tokens)."""
    found = []
    for span in doc.sents:
        start, end = span.start_char, span.end_char
        chunk = text[start:end]
        stripped = chunk.rstrip()
        if stripped.strip():
            found.append(Sentence(start, start + len(stripped), stripped))
    return found


# Cue forms as one regular expression: testing a sentence's text is much cheaper than making a
# Token object for each of its words. Lower case only (speech verbs are not capitalised inside a
# sentence; "United States" or "Reports" in a title need no parse), plus the forms that open one.
_CUE_PATTERN = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _CUE_FORMS), key=len, reverse=True)) + r"|According|Said|Asked|Added|Told)\b"
)


def _sentences_to_parse(doc: Doc, text: str, marked: list[Marked]):
    boundaries = sorted({m.start for m in marked} | {m.end - 1 for m in marked})
    openings = {m.start for m in marked}
    wanted = []
    for sentence in doc.sents:
        start, end = sentence.start_char, sentence.end_char
        has_mark = any(start <= b < end for b in boundaries)
        if has_mark or _CUE_PATTERN.search(text, start, end) or _introduces_quote(text, start, end, openings):
            wanted.append(sentence)
    return wanted


def _introduces_quote(text: str, start: int, end: int, openings: set[int]) -> bool:
    """"Sanders made the following comment:" then a quote opening the next paragraph: the sentence frames it."""
    stripped = text[start:end].rstrip()
    if not stripped.endswith(":"):
        return False
    after = start + len(stripped)
    gap = text[after : after + 8]  # the line break (and any indent) before the next paragraph
    return after + len(gap) - len(gap.lstrip()) in openings


def _batches(articles: Iterable, size: int) -> Iterator[list]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


# The analyzer of a worker process. Set once by the pool initializer in each child (fork start
# method: the parent's loaded pipeline is inherited, not pickled); never set in the parent.
_WORKER: _Analyzer | None = None


def _init_worker(analyzer: _Analyzer) -> None:
    global _WORKER
    _WORKER = analyzer


def _run_in_worker(batch: list[Article]) -> list[Analysis]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.run(batch)


def analyze(
    nlp: Language,
    articles: Iterable[Article],
    *,
    n_process: int = 1,
    batch_size: int = 64,
    aliases: AliasTable | None = None,
    registry: EntityRegistry | None = None,
) -> Iterator[Analysis]:
    """One Analysis per article, in input order: sentences, entities, quotes and dates.

    ``n_process`` > 1 analyses batches in that many forked processes; the output is the same.
    ``aliases`` defaults to the bundled alias table (plus $STORYLINE_ALIASES). Canonical names are
    shared through ``registry`` (a new one per call by default; pass one to share across calls):
    each group of ``batch_size`` articles is registered before its names are settled.
    """
    analyzer = _Analyzer(nlp, aliases or AliasTable.load(), batch_size)
    registry = registry if registry is not None else EntityRegistry()
    return _with_shared_names(_analyses(analyzer, articles, n_process, batch_size), registry, batch_size)


def _analyses(analyzer: _Analyzer, articles: Iterable[Article], n_process: int, batch_size: int) -> Iterator[Analysis]:
    batches = _batches(articles, batch_size if n_process == 1 else max(1, min(batch_size, 16)))
    if n_process <= 1:
        for batch in batches:
            yield from analyzer.run(batch)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(n_process, initializer=_init_worker, initargs=(analyzer,)) as pool:
        for result in pool.imap(_run_in_worker, batches):
            yield from result


def _with_shared_names(analyses: Iterator[Analysis], registry: EntityRegistry, group_size: int) -> Iterator[Analysis]:
    """Settles names in the parent, in input order and fixed groups: the same whatever ``n_process``."""
    for group in _batches(analyses, group_size):
        for analysis in group:
            registry.observe(analysis.entities)
        for analysis in group:
            yield registry.apply(analysis)
