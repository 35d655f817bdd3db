"""Running the analysis over many articles: two light spaCy passes, optionally in several processes.

Pass 1 runs only the sentence recogniser and the entity recogniser over every text. Pass 2 runs the
tagger and dependency parser, and only over the sentences that hold a quotation mark or a speech
verb: nothing else needs a parse. The lemmatizer never runs (cues are matched on word forms).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from storyline.model import Analysis, Article, Sentence

from ._aliases import AliasTable
from ._dates import find_dates
from ._entities import find_entities
from ._lexicon import SPEECH_VERB_FORMS
from ._marks import Marked, find_marked
from ._quotes import ParsedSentence, find_quotes

_PASS_ONE = ("senter", "ner")
_PASS_TWO = ("tok2vec", "tagger", "parser")
_DATE_LABELS = frozenset({"DATE", "TIME"})
_CUE_FORMS = SPEECH_VERB_FORMS | {"according"}


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
        wanted = [_sentences_to_parse(doc, marks) for doc, marks in zip(docs, marked)]
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
            sentences=[Sentence(s.start_char, _end(s), article.text[s.start_char : _end(s)]) for s in doc.sents if s.text.strip()],
            entities=entities,
            quotes=find_quotes(article.text, parsed, marked, entities),
            dates=find_dates(date_spans, article.text, article.published),
        )


def _break_at_paragraphs(doc: Doc) -> Doc:
    """A line break always ends a sentence (headlines, captions and debris lines have no full stop)."""
    for token in doc[1:]:
        if not token.is_sent_start and not token.is_space and "\n" in doc[token.i - 1].text_with_ws:
            token.is_sent_start = True  # the setter scans the whole doc: call it only when needed
    return doc


def _end(span) -> int:  # sentence end without trailing whitespace
    return span.start_char + len(span.text.rstrip())


def _sentences_to_parse(doc: Doc, marked: list[Marked]):
    boundaries = sorted({m.start for m in marked} | {m.end - 1 for m in marked})
    wanted = []
    for sentence in doc.sents:
        has_mark = any(sentence.start_char <= b < sentence.end_char for b in boundaries)
        if has_mark or any(t.lower_ in _CUE_FORMS for t in sentence):
            wanted.append(sentence)
    return wanted


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
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
) -> Iterator[Analysis]:
    """One Analysis per article, in input order: sentences, entities, quotes and dates.

    ``n_process`` > 1 analyses batches in that many forked processes; the output is the same.
    ``aliases`` defaults to the bundled alias table (plus $STORYLINE_ALIASES).
    """
    analyzer = _Analyzer(nlp, aliases or AliasTable.load(), batch_size)
    batches = _batches(articles, batch_size if n_process == 1 else max(1, min(batch_size, 16)))
    if n_process <= 1:
        for batch in batches:
            yield from analyzer.run(batch)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(n_process, initializer=_init_worker, initargs=(analyzer,)) as pool:
        for result in pool.imap(_run_in_worker, batches):
            yield from result
