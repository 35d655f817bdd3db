"""The flow of DESIGN.md for a store: sources -> ingest -> analyze -> cluster -> store.

Work is done in chunks; each chunk (its articles, analyses, report families,
event memberships and the online stages' state) is written in one transaction,
so an interrupted run loses at most the chunk in flight and a re-run picks up
where it stopped without duplicating anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from storyline.analyze import EntityRegistry, analyze
from storyline.cluster import EventClusterer, stream_order
from storyline.ingest import IngestError, ReportFamilies, read_sources
from storyline.model import Article
from storyline.store import ArticleConflictError, Store

CLUSTERER_STATE = "clusterer"
FAMILIES_STATE = "report_families"
REGISTRY_STATE = "entity_registry"  # canonical names shared across articles (analyze)


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    syndicated: int = 0  # new articles that joined an existing report family
    skipped: int = 0  # records deliberately passed over (non-HTML WARC records ...)
    not_analysed: int = 0  # stored but not analysed (not English)
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    event_ids: set[str] = field(default_factory=set)

    def line(self) -> str:
        return (
            f"{self.new} new, {self.duplicate} duplicate, {self.syndicated} syndicated, "
            f"{self.skipped} skipped, {self.failed} failed"
            + (f"; {self.not_analysed} not analysed (not English)" if self.not_analysed else "")
        )


# Called once per input item with what happened to it: "new", "duplicate", "syndicated",
# "skipped" or "failed", and the article or error.
Reporter = Callable[[str, Article | IngestError], None]


def is_english(article: Article) -> bool:
    return not article.language or article.language.lower().startswith("en")


class StorePipeline:
    """Ingests sources into a store: dedup, report families, analysis, online clustering."""

    def __init__(self, store: Store, nlp: Language, *, chunk_size: int = 256, n_process: int = 1) -> None:
        self.store = store
        self.nlp = nlp
        self.chunk_size = chunk_size
        self.n_process = n_process
        self._load_state()

    def _load_state(self) -> None:
        # Families (the most recent articles) and names are saved a part per chunk (see _ingest_chunk).
        # All three are read before any is replaced: a read that fails leaves the pipeline as it was.
        families = ReportFamilies.from_parts(self.store.get_state_parts(FAMILIES_STATE))
        clusterer = _load(self.store, CLUSTERER_STATE, EventClusterer)
        registry = EntityRegistry.from_parts(self.store.get_state_parts(REGISTRY_STATE))
        self.families, self.clusterer, self.registry = families, clusterer, registry
        self._stale = False

    def ingest(
        self,
        sources: Sequence[str | Path],
        *,
        allow_private: bool = False,
        report: Reporter | None = None,
    ) -> IngestSummary:
        summary = IngestSummary()
        report = report or (lambda status, item: None)

        def seen_before(location: str) -> bool:
            # Feed entries already stored are passed over unfetched; they count as duplicates,
            # so that re-polling a feed with nothing new is a success, not "nothing ingested".
            known = self.store.has_location(location)
            summary.duplicate += known
            return known

        chunk: list[Article] = []
        for item in read_sources(sources, allow_private=allow_private, is_known=seen_before):
            if isinstance(item, IngestError):
                self._count_error(summary, item)
                report(item.kind, item)
                continue
            chunk.append(item)
            if len(chunk) >= self.chunk_size:
                self._ingest_chunk(chunk, summary, report)
                chunk = []
        if chunk:
            self._ingest_chunk(chunk, summary, report)
        return summary

    @staticmethod
    def _count_error(summary: IngestSummary, error: IngestError) -> None:
        if error.kind == "skipped":
            summary.skipped += 1
        else:
            summary.failed += 1
            summary.errors.append(str(error))

    def _ingest_chunk(self, chunk: list[Article], summary: IngestSummary, report: Reporter) -> None:
        if self._stale:
            self._load_state()
        try:
            self._write_chunk(chunk, summary, report)
        except BaseException:
            # The store rolled this chunk back: the families, events and names in memory must go back with
            # it, or a later chunk would save state that counts articles the store never received. They are
            # read again before the next chunk, not here: the error goes up as it is, and at once.
            self._stale = True
            raise

    def _write_chunk(self, chunk: list[Article], summary: IngestSummary, report: Reporter) -> None:
        with self.store.transaction():
            new_articles = self._store_articles(chunk, summary, report)
            to_analyse = [a for a in new_articles if is_english(a)]
            summary.not_analysed += len(new_articles) - len(to_analyse)
            analyses = list(analyze(self.nlp, to_analyse, n_process=self.n_process, registry=self.registry))
            for analysis in analyses:
                self.store.put_analysis(analysis)
            self._cluster(to_analyse, analyses, summary)
            # Only this chunk's articles are written, as one more part; the oldest parts go once the
            # families have forgotten all their articles (they hold the most recent max_articles).
            if (part := self.families.unsaved_bytes()) is not None:
                self.store.add_state_part(FAMILIES_STATE, part)
            self.store.drop_state_parts(FAMILIES_STATE, self.families.obsolete_parts())
            self.store.put_state(CLUSTERER_STATE, self.clusterer.to_bytes())
            if (part := self.registry.unsaved_bytes()) is not None:  # names are only added: saved in parts too
                self.store.add_state_part(REGISTRY_STATE, part)

    def _store_articles(self, chunk: list[Article], summary: IngestSummary, report: Reporter) -> list[Article]:
        new_articles = []
        for article in chunk:
            try:
                result = self.store.add_article(article)
            except ArticleConflictError as exc:
                error = IngestError(article.path or article.url or article.id, str(exc))
                self._count_error(summary, error)
                report("failed", error)
                continue
            if not result.is_new:
                summary.duplicate += 1
                report("duplicate", article)
                continue
            family = self.families.assign(article)
            self.store.set_family(article.id, family)
            status = "syndicated" if family != article.id else "new"
            summary.new += 1
            summary.syndicated += status == "syndicated"
            report(status, article)
            new_articles.append(article)
        return new_articles

    def _cluster(self, articles: list[Article], analyses: list, summary: IngestSummary) -> None:
        by_id = {a.article_id: a for a in analyses}
        known_redirects = dict(self.clusterer.redirects)
        for article in stream_order(articles):
            event_id = self.clusterer.add(article, by_id.get(article.id))
            self.store.assign_event(article.id, event_id)
        for old, new in self.clusterer.redirects.items():
            if known_redirects.get(old) != new:
                self.store.record_merge(old, self.clusterer.resolve(new))
        summary.event_ids.update(self.clusterer.resolve(self.store.event_of(a.id) or "") for a in articles)


def _load(store: Store, name: str, cls):  # noqa: ANN001, ANN202 - any class with to_bytes/from_bytes
    data = store.get_state(name)
    return cls.from_bytes(data) if data is not None else cls()

