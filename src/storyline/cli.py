"""The `storyline` command line: a thin layer over the stages and the store."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console, Group
from rich.live import Live
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from storyline.model import Analysis, Article, outlet_of
from storyline.store import Store

app = typer.Typer(
    name="storyline",
    help="Group news articles into events and build dossiers with claim-level provenance.",
    no_args_is_help=True,
    add_completion=False,
)
eval_app = typer.Typer(help="Score a stage on annotated data (e.g. ../shared/data).", no_args_is_help=True)
bench_app = typer.Typer(help="Measure speed and memory of a stage; prints a table.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(bench_app, name="bench")

DbOption = Annotated[
    Path | None,
    typer.Option("--db", envvar="STORYLINE_DB", help="SQLite file of the store (default ./storyline.db)."),
]


ModelOption = Annotated[
    str | None,
    typer.Option("--model", envvar="STORYLINE_SPACY_MODEL", help="spaCy pipeline to load (default en_core_web_sm)."),
]


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class DossierFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"
    html = "html"


def main() -> None:  # pragma: no cover - entry point
    app()


_UNBOUNDED_WIDTH = 10_000  # wider than any table: measuring at this width gives its natural width
_PIPED_MAX_WIDTH = 160  # beyond it, long text (titles, outlet lists) wraps in its cells


def _stderr() -> Console:
    return Console(stderr=True, soft_wrap=True)  # a message stays one line, however long (grep, logs)


def _print_table(table: Table, console: Console | None = None) -> None:
    """Print a result table uncut. Rich fits output to 80 columns where it is not a terminal (a pipe, a
    log, CI), which cut a ten-column benchmark's numbers to `1,8…`: there, the table takes its natural width
    up to 160 columns; cells wrap instead of ending in `…` (as in a terminal too narrow for the table)."""
    console = console or Console()
    for column in table.columns:
        column.overflow = "fold"
    if not console.is_terminal:
        natural = Console(width=_UNBOUNDED_WIDTH).measure(table).maximum
        console = Console(width=max(console.width, min(natural, _PIPED_MAX_WIDTH)), file=console.file)
    console.print(table)


def _fail(message: str) -> NoReturn:
    _stderr().print(f"[red]error:[/red] {escape(message)}", highlight=False)
    raise typer.Exit(1)


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _print_rows(title: str, rows: Iterable[tuple[str, str]], headers: tuple[str, str] = ("measure", "value")) -> None:
    """A two-column result table (name, value), as evaluations and benchmarks print them."""
    table = Table(title=title)
    table.add_column(headers[0])
    table.add_column(headers[1], justify="right")
    for name, value in rows:
        table.add_row(name, value)
    _print_table(table)


def _ingest_progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        TextColumn("{task.completed} read"),
        TextColumn("[green]{task.fields[new]} new"),
        TextColumn("[red]{task.fields[failed]} failed"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _run_ingest(store: Store, sources: list[str], *, model: str | None, allow_private: bool, quiet: bool = False):
    from storyline.analyze import load_nlp
    from storyline.pipeline import StorePipeline

    console = _stderr()
    with console.status("loading the language model…", spinner="dots"):
        nlp = load_nlp(model)
    pipeline = StorePipeline(store, nlp)
    with _ingest_progress(console) as progress:
        task = progress.add_task("ingesting", total=None, new=0, failed=0, rate="")
        counts = {"new": 0, "failed": 0}

        def report(status: str, item: object) -> None:
            if status in ("new", "syndicated"):
                counts["new"] += 1
            if status == "failed":
                counts["failed"] += 1
                progress.console.print(f"[red]✗[/red] {escape(str(item))}", highlight=False)
            elif status == "skipped" and not quiet:
                progress.console.print(f"[yellow]–[/yellow] {escape(str(item))}", highlight=False)
            speed = progress.tasks[0].speed
            progress.update(task, advance=1, rate=f"{speed:.1f}/s" if speed else "", **counts)

        summary = pipeline.ingest(sources, allow_private=allow_private, report=report)
    return summary


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, directories, feeds, WARC archives or http(s) URLs.")],
    db: DbOption = None,
    model: ModelOption = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow URLs that resolve to private or loopback addresses.")
    ] = False,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="Summary as text or JSON.")] = OutputFormat.text,
) -> None:
    """Read articles into the store, analyse them and group them into events.

    Exact duplicates are stored once (every place they were seen is kept); syndicated
    copies join one report family. Safe to re-run: nothing is stored twice.

    Example: storyline ingest news/ feed.xml crawl.warc.gz
    """
    with Store(db) as store:
        summary = _run_ingest(store, sources, model=model, allow_private=allow_private)
    if output_format is OutputFormat.json:
        _print_json({**{k: v for k, v in asdict(summary).items() if k != "event_ids"},
                     "events": sorted(summary.event_ids)})
    else:
        Console().print(f"{summary.line()}; {len(summary.event_ids)} events touched", highlight=False)
    if summary.new + summary.duplicate == 0:
        _fail("nothing could be ingested from " + ", ".join(sources))


def _events_table(events: list, store: Store) -> Table:
    table = Table(title="Events", show_lines=False)
    table.add_column("event")
    table.add_column("articles", justify="right")
    table.add_column("outlets")
    table.add_column("time span")
    table.add_column("title", overflow="fold")
    for ev in events:
        outlets = sorted({outlet_of(a) or "?" for a in store.get_articles(ev.article_ids)})
        span = " – ".join(dict.fromkeys(filter(None, [ev.first_published, ev.last_published]))) or "undated"
        table.add_row(ev.id, str(len(ev.article_ids)), ", ".join(outlets), span, ev.title or "")
    return table


@app.command()
def events(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many events.")] = 50,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
) -> None:
    """List the events in the store, largest first."""
    with Store(db) as store:
        found = store.events()[:limit]
        if output_format is OutputFormat.json:
            _print_json([e.to_dict() for e in found])
        elif not found:
            _stderr().print("no events yet: add articles with `storyline ingest PATH`")
        else:
            _print_table(_events_table(found, store))


def _find_event(store: Store, event_id: str) -> str:
    resolved = store.resolve_event(event_id)
    if store.event(resolved) is not None:
        return resolved
    matches = store.event_ids_by_prefix(event_id)
    if len(matches) == 1:
        return matches[0]
    if matches:
        _fail(f"event id {event_id!r} is ambiguous: {', '.join(matches[:5])} …")
    _fail(f"no event {event_id!r} in {store.url}; list them with `storyline events`")


def build_event_dossier(store: Store, event_id: str):
    """The dossier of a stored event."""
    from storyline.dossier import build_dossier

    event = store.event(event_id)
    articles = store.get_articles(event.article_ids)
    analyses = store.get_analyses(event.article_ids)
    return build_dossier(
        event.id,
        articles,
        [analyses[a.id] for a in articles if a.id in analyses],
        families=store.families(event.article_ids),
    )


def _emit_dossier(dossier, output_format: DossierFormat, output: Path | None) -> None:
    from storyline.dossier import render_dossier

    if output is None and output_format is DossierFormat.text:
        Console().print(Text.from_ansi(render_dossier(dossier, "text", width=Console().width, color=True)))
        return
    rendered = render_dossier(dossier, output_format.value)
    if output is None:
        typer.echo(rendered)
    else:
        output.write_text(rendered, encoding="utf-8")
        _stderr().print(f"wrote {output}")


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="Event id (or a unique prefix), from `storyline events`.")],
    db: DbOption = None,
    output_format: Annotated[DossierFormat, typer.Option("--format", help="text, md, json or html.")] = DossierFormat.text,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
) -> None:
    """Print the dossier of one event: facts, quotes, contradictions, framing, cited summary."""
    with Store(db) as store:
        dossier = build_event_dossier(store, _find_event(store, event_id))
    _emit_dossier(dossier, output_format, output)


@app.command()
def demo(
    model: ModelOption = None,
    output_format: Annotated[DossierFormat, typer.Option("--format", help="text, md, json or html.")] = DossierFormat.text,
) -> None:
    """Run the whole pipeline on the two bundled seed reports and print the event dossier."""
    seeds = resources.files("storyline") / "data" / "seeds"
    with tempfile.TemporaryDirectory(prefix="storyline-demo-") as tmp, resources.as_file(seeds) as seed_dir:
        with Store(Path(tmp) / "demo.db") as store:
            summary = _run_ingest(store, [str(seed_dir)], model=model, allow_private=False)
            found = store.events()
            console = Console()
            if output_format is DossierFormat.text:
                console.print(f"ingested {summary.line()}", highlight=False)
                _print_table(_events_table(found, store), console)
            for ev in found:
                _emit_dossier(build_event_dossier(store, ev.id), output_format, None)


@app.command()
def extract(
    sources: Annotated[list[str], typer.Argument(help="Article JSONL, or anything `storyline ingest` reads.")],
    output: Annotated[str, typer.Option("-o", "--output", help="Output JSONL file ('-' for stdout).")] = "-",
    model: ModelOption = None,
    workers: Annotated[int, typer.Option(help="Processes for the language model.")] = 1,
    allow_private: Annotated[bool, typer.Option("--allow-private")] = False,
) -> None:
    """Analyse articles without storing them: entities, quotes with speakers, dates (JSONL out).

    Every span is a character offset [start, end) into the output `text`.
    Example: storyline extract ../shared/data/polnear-dev.jsonl -o polnear.extract.jsonl
    """
    from storyline.analyze import EntityRegistry, analyze, extract_record, load_nlp
    from storyline.ingest import IngestError, read_sources

    console = _stderr()
    nlp = load_nlp(model)
    registry = EntityRegistry()  # one canonical name per person/place/organisation across the input
    failed = written = 0

    def articles():
        nonlocal failed
        for item in read_sources(sources, allow_private=allow_private):
            if isinstance(item, IngestError):
                failed += item.kind == "failed"
                console.print(f"[red]✗[/red] {escape(str(item))}", highlight=False)
            else:
                yield item

    stream = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        with Progress(SpinnerColumn(), TextColumn("extracting"), TextColumn("{task.completed} articles"),
                      TimeElapsedColumn(), console=console) as progress:
            task = progress.add_task("extract", total=None)
            for article, analysis in _with_inputs(articles(), lambda items: analyze(nlp, items, n_process=workers, registry=registry)):
                stream.write(json.dumps(extract_record(article, analysis), ensure_ascii=False) + "\n")
                written += 1
                progress.advance(task)
    finally:
        if stream is not sys.stdout:
            stream.close()
    console.print(f"{written} articles extracted, {failed} failed", highlight=False)
    if written == 0:
        _fail("nothing could be extracted from " + ", ".join(sources))


def _with_inputs(items, transform):
    """Pairs each input with its output from an order-keeping streaming ``transform``."""
    pending: deque = deque()

    def feed():
        for item in items:
            pending.append(item)
            yield item

    for result in transform(feed()):
        yield pending.popleft(), result


# ============================================================== eval commands (one block per stage)

# ---------------------------------------------------------------- eval dossier (owner: dossier stage)


@eval_app.command("dossier")
def eval_dossier(
    gold: Annotated[Path, typer.Option("--gold", help="JSONL of articles with gold_event.")] = Path(
        "../shared/data/ecbplus-dev.jsonl"
    ),
) -> None:
    """Build every gold event's dossier; print summary-citation and corroboration checks per event."""
    from storyline.analyze import analyze as _analyze
    from storyline.analyze import load_nlp as _load_nlp
    from storyline.dossier import evaluate_dossiers, read_gold_events

    if not gold.exists():
        _fail(f"{gold}: no such file; pass --gold PATH to a JSONL with gold_event")
    events = read_gold_events(gold)
    articles = [a for group in events.values() for a in group]
    analyses = {a.article_id: a for a in _analyze(_load_nlp(), articles)}
    scores = evaluate_dossiers(events, analyses)
    table = Table(title=f"dossier provenance on {gold.name}")
    for name in ("event", "articles", "facts", "corroborated ok", "contradictions", "quotes", "summary ok"):
        table.add_column(name, justify="right" if name != "event" else "left")
    for s in scores:
        table.add_row(s.event, str(s.articles), str(s.facts), f"{s.corroborated_ok}/{s.corroborated}",
                      str(s.contradictions), str(s.quotes), f"{s.summary_ok}/{s.summary}")  # fmt: skip
    total = {k: sum(getattr(s, k) for s in scores) for k in ("articles", "facts", "corroborated", "corroborated_ok", "contradictions", "quotes", "summary", "summary_ok")}
    table.add_row("ALL", *(str(total[k]) for k in ("articles", "facts")), f"{total['corroborated_ok']}/{total['corroborated']}",
                  str(total["contradictions"]), str(total["quotes"]), f"{total['summary_ok']}/{total['summary']}")  # fmt: skip
    _print_table(table)
    summary_share = total["summary_ok"] / total["summary"] if total["summary"] else 1.0
    corroborated_share = total["corroborated_ok"] / total["corroborated"] if total["corroborated"] else 1.0
    print(f"summary sentences whose cited articles hold their content: {summary_share:.1%} (bar 100%)")
    print(f"corroborated facts with >= 2 independent supports: {corroborated_share:.1%} (bar 100%)")


# ---------------------------------------------------------------- eval quotes (owner: analyze stage)


@eval_app.command("quotes")
def eval_quotes(
    gold: Annotated[Path, typer.Option("--gold", help="JSONL of articles with gold_attributions (PolNeAR).")] = Path(
        "../shared/data/polnear-dev.jsonl"
    ),
    n_process: Annotated[int, typer.Option("--n-process", help="Worker processes for the analysis.")] = 2,
    model: ModelOption = None,
) -> None:
    """Direct quotes: precision, recall, F1, speaker accuracy; indirect recall on speech-verb cues."""
    from storyline.analyze import load_nlp as _load_nlp
    from storyline.analyze import score_quotes

    if not gold.exists():
        _fail(f"{gold}: no such file; pass --gold PATH to a JSONL with gold_attributions")
    try:
        scores = score_quotes(_load_nlp(model), gold, n_process=n_process)
    except ValueError as error:
        _fail(str(error))
    _print_rows(f"quotes on {gold.name} (bar: direct P >= 0.95, R >= 0.95, speaker >= 0.90)", scores.rows())


# ============================================================== bench commands (one block per stage)

# ---------------------------------------------------------------- bench dossier (owner: dossier stage)


@bench_app.command("dossier")
def bench_dossier(
    data: Annotated[Path, typer.Option("--data", help="JSONL of articles to build the event from.")] = Path(
        "../shared/data/ecbplus-dev.jsonl"
    ),
    articles: Annotated[int, typer.Option("--articles", help="Articles in the benchmark event.")] = 100,
) -> None:
    """Time building one dossier of N articles (analysis excluded; bar: 100 articles in < 2 s)."""
    from storyline.analyze import analyze as _analyze
    from storyline.analyze import load_nlp as _load_nlp
    from storyline.dossier import benchmark_dossier, read_gold_events

    if not data.exists():
        _fail(f"{data}: no such file; pass --data PATH to an article JSONL")
    # The largest gold events first: the benchmark event mixes as few stories as possible.
    groups = sorted(read_gold_events(data).values(), key=len, reverse=True)
    chosen = [a for group in groups for a in group][:articles]
    analyses = list(_analyze(_load_nlp(), chosen))
    result = benchmark_dossier(chosen, analyses)
    table = Table(title="dossier build (analysis excluded; bar: 100 articles in < 2 s)")
    for column in ("articles", "best s", "median s"):
        table.add_column(column, justify="right")
    table.add_row(str(result["articles"]), f"{result['best_s']:.3f}", f"{result['median_s']:.3f}")
    _print_table(table)


# ---------------------------------------------------------------- bench extract (owner: analyze stage)


@bench_app.command("extract")
def bench_extract_command(
    data: Annotated[Path, typer.Option("--data", help="Article JSONL to repeat up to --articles.")] = Path(
        "../shared/data/polnear-dev.jsonl"
    ),
    articles: Annotated[int, typer.Option("--articles", help="Articles to process (input repeated).")] = 1000,
    n_process: Annotated[int, typer.Option("--n-process", help="Worker processes for the extract.")] = 2,
    model: ModelOption = None,
) -> None:
    """Articles/s of the full extract vs a naive nlp.pipe with every component on (bar: >= 2x)."""
    from storyline.analyze import bench_extract
    from storyline.analyze import load_nlp as _load_nlp

    if not data.exists():
        _fail(f"{data}: no such file; pass --data PATH to an article JSONL")
    try:
        result = bench_extract(_load_nlp(model), data, articles=articles, n_process=n_process)
    except ValueError as error:
        _fail(str(error))
    _print_rows(f"extract speed on {data.name}", result.rows(), headers=("run", "result"))


# ============================================================== cluster stage (owner: cluster)
# `storyline cluster`, `storyline eval cluster`, `storyline bench cluster`: thin wrappers
# over storyline.cluster.

ClusterTextOnly = Annotated[
    bool, typer.Option("--text-only", help="Skip the language model: words and dates only (faster, less exact).")
]
# The clusterer's parameters (README, "Event clustering", says what each trades). None: the clusterer's own
# default, shown here as text so that the engine need not be imported to print --help (a test keeps them equal).
Threshold = Annotated[float | None, typer.Option(
    "--threshold", show_default="0.16", help="Score an article needs to join an event: higher splits more.")]
MergeThreshold = Annotated[float | None, typer.Option(
    "--merge-threshold", show_default="0.2", help="Similarity at which two events become one: lower merges more.")]
TimeScaleDays = Annotated[float | None, typer.Option(
    "--time-scale-days", show_default="14", help="Date gap (days) that costs half of --time-penalty.")]
TimePenalty = Annotated[float | None, typer.Option(
    "--time-penalty", show_default="0.5", help="Largest share of the score a date gap takes away.")]
WindowDays = Annotated[int | None, typer.Option(
    "--window-days", show_default="60", help="Days of stream time after which a quiet event leaves memory.")]
SignalWeights = Annotated[str | None, typer.Option(
    "--signal-weights", show_default="words=0.45,names=0.25,dates=0.15,numbers=0.15",
    help="Share of each signal in the similarity; signals left out weigh 0.")]


def _cluster_params(
    threshold: float | None, merge_threshold: float | None, time_scale_days: float | None,
    time_penalty: float | None, window_days: int | None, signal_weights: str | None,
) -> dict[str, object]:
    """The parameters given on the command line, as EventClusterer keywords (the others keep their default),
    checked by the clusterer before any work is done."""
    from storyline.cluster import EventClusterer

    params: dict[str, object] = {
        "threshold": threshold, "merge_threshold": merge_threshold, "time_scale_days": time_scale_days,
        "time_penalty": time_penalty, "window_days": window_days,
    }
    if signal_weights is not None:
        weights = {}
        for item in signal_weights.split(","):
            name, _, value = item.partition("=")
            try:
                weights[name.strip()] = float(value)
            except ValueError:
                _fail(f"--signal-weights: {item.strip()!r} is not NAME=NUMBER (e.g. words=0.5,names=0.3,dates=0.2)")
        params["signal_weights"] = weights
    given = {name: value for name, value in params.items() if value is not None}
    try:
        EventClusterer(**given)
    except ValueError as error:
        _fail(f"clustering parameters: {error}")
    return given


def _cluster_analyses(
    source: Path, articles: list, text_only: bool, model: str | None, workers: int = 1
) -> list | None:
    """The analysis of each article: the one it carries (``storyline extract`` output), else made now.
    Made in stream order, as ``storyline cluster`` makes them: canonical names depend on the names seen before."""
    from storyline.cluster import stream_order

    if text_only:
        return None
    analyser = _Analyser(str(source), model, workers)
    ordered = stream_order(articles)
    with _count_progress(_stderr(), "analysing", len(articles)) as advance:
        analysis_of = dict(zip((a.id for a in ordered), analyser(ordered, progress=advance), strict=True))
    analyser.report_carried()
    return [analysis_of[a.id] for a in articles]


def _carried_analysis(source: str, article: Article, console: Console) -> Analysis | None:
    """The analysis ``article`` carries (``storyline extract`` output), else None (a malformed one is named)."""
    from storyline.cluster import embedded_analysis

    try:
        analysis = embedded_analysis(article)
    except ValueError as error:
        console.print(f"{escape(source)}: article {article.id!r}: {escape(str(error))}; analysing its text again",
                      highlight=False)  # fmt: skip
        return None
    if analysis is not None:
        for key in ("entities", "quotes", "dates", "sentences"):  # read into `analysis`: the raw dicts can go
            article.meta.pop(key, None)
    return analysis


class _Analyser:
    """The analysis of each article: the one it carries (``storyline extract`` output), else one made now.
    Called once on a whole file in stream order (``eval cluster``, ``bench cluster``), or a chunk at a time in
    stream order by ``cluster_file``. The language model loads at the first article that needs it; canonical names are
    shared across calls (one registry). Names are settled in groups of 64 analysed articles, so where chunks
    mix carried and missing analyses a canonical name can, rarely, differ from a one-call run's."""

    def __init__(self, source: str, model: str | None, workers: int) -> None:
        from storyline.analyze import EntityRegistry

        self.source, self.model, self.workers = source, model, workers
        self.registry = EntityRegistry()
        self.carried = 0
        self._nlp = None
        self._console = _stderr()

    def __call__(self, chunk: list[Article], progress: Callable[[], object] | None = None) -> list[Analysis | None]:
        from storyline.analyze import analyze, load_nlp

        analyses = [_carried_analysis(self.source, article, self._console) for article in chunk]
        self.carried += sum(analysis is not None for analysis in analyses)
        missing = [article for article, analysis in zip(chunk, analyses, strict=True) if analysis is None]
        made = iter(())
        if missing:
            self._nlp = self._nlp or load_nlp(self.model)
            made = iter(analyze(self._nlp, missing, n_process=self.workers, registry=self.registry))
        result = []
        for analysis in analyses:
            result.append(analysis if analysis is not None else next(made))
            if progress is not None:
                progress()
        return result

    def report_carried(self) -> None:
        if self.carried:
            self._console.print(f"{self.carried} articles carry their analysis (`storyline extract` output): used "
                                "as they are", highlight=False)  # fmt: skip


@contextmanager
def _count_progress(console: Console, what: str, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar (what, done/total, elapsed, remaining) on ``console``; yields the function that advances it."""
    columns = (SpinnerColumn(), TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(what, total=total)
        yield lambda: progress.advance(task)


@app.command("cluster")
def cluster_command(
    source: Annotated[Path, typer.Argument(help="Article JSONL (DESIGN.md contract); '-' reads stdin.")],
    output: Annotated[str, typer.Option("-o", "--output", help="Output JSONL file ('-' for stdout).")] = "-",
    text_only: ClusterTextOnly = False,
    model: ModelOption = None,
    workers: Annotated[int, typer.Option(help="Processes for the language model.")] = 1,
    threshold: Threshold = None,
    merge_threshold: MergeThreshold = None,
    time_scale_days: TimeScaleDays = None,
    time_penalty: TimePenalty = None,
    window_days: WindowDays = None,
    signal_weights: SignalWeights = None,
) -> None:
    """Group articles into events, as a stream: one {"id", "event_id"} line per input article.

    Articles are taken in `published` order where given, else in file order. `storyline extract`
    output is taken as it is, its analysis included.
    Example: storyline cluster ../shared/data/ecbplus-dev.jsonl -o events.jsonl --threshold 0.2
    Example: storyline extract pages/ -o - | storyline cluster - -o events.jsonl
    """
    from storyline.cluster import ArticleFile, cluster_file

    params = _cluster_params(threshold, merge_threshold, time_scale_days, time_penalty, window_days, signal_weights)
    from_stdin = str(source) == "-"
    if source.is_dir():
        _fail(f"{source}: a directory; give one Article JSONL file (`storyline extract DIR` turns a directory into one)")
    if not from_stdin and not source.is_file():
        _fail(f"{source}: no such file")
    # Read as a stream: only each article's id, date and place are held, not its text and analysis.
    with ArticleFile(source) as articles:
        if not len(articles):
            _fail(f"{'standard input' if from_stdin else source}: no article to cluster")
        analyser = None if text_only else _Analyser(str(source), model, workers)
        what = "clustering" if text_only else "analysing and clustering"
        with _count_progress(_stderr(), what, len(articles)) as advance:
            assigned = cluster_file(articles, analyser, progress=advance, **params)
        ids = articles.ids
    if analyser is not None:
        analyser.report_carried()
    stream = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for ident in ids:
            stream.write(json.dumps({"id": ident, "event_id": assigned[ident]}) + "\n")
    finally:
        if stream is not sys.stdout:
            stream.close()
    _stderr().print(f"{len(ids)} articles in {len(set(assigned.values()))} events", highlight=False)


@eval_app.command("cluster")
def eval_cluster(
    gold: Annotated[Path, typer.Option("--gold", help="Article JSONL with a `gold_event` per article.")] = Path(
        "../shared/data/ecbplus-dev.jsonl"
    ),
    text_only: ClusterTextOnly = False,
    model: ModelOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    threshold: Threshold = None,
    merge_threshold: MergeThreshold = None,
    time_scale_days: TimeScaleDays = None,
    time_penalty: TimePenalty = None,
    window_days: WindowDays = None,
    signal_weights: SignalWeights = None,
) -> None:
    """B-cubed P/R/F1, ARI, V-measure and event counts of the clustering against gold events.

    The clustering parameters show what each trades, e.g. `--threshold 0.2` or `--signal-weights words=1`.
    """
    from storyline.cluster import evaluate_clustering, read_gold

    params = _cluster_params(threshold, merge_threshold, time_scale_days, time_penalty, window_days, signal_weights)
    if not gold.is_file():
        _fail(f"{gold}: no such file; pass --gold PATH to an annotated JSONL")
    articles, gold_events = read_gold(gold)  # read once: each bad line is reported once
    if not gold_events:
        _fail(f"{gold}: no article carries a 'gold_event'; nothing to score")
    try:
        analyses = _cluster_analyses(gold, articles, text_only, model)
        scores = evaluate_clustering(articles, gold_events, analyses=analyses, **params)
    except ValueError as error:
        _fail(str(error))
    if output_format == OutputFormat.json:
        _print_json(scores)
        return
    rows = ((name, f"{value:.4f}" if isinstance(value, float) else str(value)) for name, value in scores.items())
    _print_rows(f"event clustering on {gold.name}" + (" (text only)" if text_only else ""), rows, ("metric", "value"))


@bench_app.command("cluster")
def bench_cluster(
    n: Annotated[int, typer.Option("--n", help="Synthetic articles to cluster.")] = 100_000,
    data: Annotated[Path, typer.Option("--data", help="Article JSONL the stream is made from.")] = Path(
        "../shared/data/ecbplus-dev.jsonl"
    ),
    text_only: ClusterTextOnly = False,
    model: ModelOption = None,
    processes: Annotated[
        int,
        typer.Option("--processes", help="1: all in one process; 2: features made by a worker and the main one."),
    ] = 2,
) -> None:
    """Articles/s, peak RSS and events of the clustering step alone (analysis done once, beforehand).

    `articles/s` counts the whole step (features from text and analysis, then assignment);
    with 2 processes it is wall-clock time, features computed in chunks by a worker process and
    by the main one when it would otherwise wait (making the synthetic stream included).
    `features/s` and `assign only/s` time each half alone.
    `CPU-bound/s` counts CPU time of the busier process: the rate with a free core per process.
    """
    from storyline.cluster import benchmark_clustering, read_articles

    if not data.is_file():
        _fail(f"{data}: no such file; pass --data PATH to an article JSONL")
    if n <= 0:
        _fail(f"--n must be positive, got {n}")
    articles = read_articles(data)
    analyses = _cluster_analyses(data, articles, text_only, model)
    table = Table(title=f"clustering {n:,} synthetic articles from {data.name} ({processes} process(es))")
    for column in ("n", "processes", "articles/s", "CPU-bound/s", "features/s", "assign only/s", "peak RSS (MB)",
                   "worker RSS (MB)", "events", "active events"):
        table.add_column(column, justify="right")
    console = Console()
    waiting = Text(f"clustering {n:,} articles (started {time.strftime('%H:%M:%S')}); a row at each checkpoint ...")
    # Redrawn only when a row arrives (no refresh thread taking turns with the clustering it measures);
    # transient: the finished table is printed once below, also where the output is not a terminal.
    try:
        with Live(Group(table, waiting), console=console, auto_refresh=False, transient=True) as live:
            live.refresh()
            for row in benchmark_clustering(articles, analyses, n, processes=processes):
                table.add_row(f"{row.n:,}", str(row.processes), f"{row.articles_per_s:,.0f}",
                              f"{row.cpu_bound_per_s:,.0f}", f"{row.features_per_s:,.0f}", f"{row.assign_per_s:,.0f}",
                              f"{row.peak_rss_mb:,.0f}",
                              f"{row.worker_rss_mb:,.0f}" if row.processes == 2 else "-", f"{row.events:,}",
                              f"{row.active_events:,}")
                live.refresh()
    except ValueError as error:
        _fail(str(error))
    _print_table(table, console)


# ============================================================== ingest stage (owner: ingest)


@bench_app.command("ingest")
def bench_ingest(
    pages: Annotated[int, typer.Option(help="Distinct generated HTML pages (~60 KB each).")] = 200,
    warc_mb: Annotated[int, typer.Option("--warc-mb", help="Uncompressed size of the generated WARC (1000 = 1 GB).")] = 50,
    rounds: Annotated[int, typer.Option(help="Timing rounds over the HTML pages and over the WARC (best is kept).")] = 2,
) -> None:
    """HTML pages/s and WARC records/s next to trafilatura alone, and peak memory of a WARC pass."""
    from storyline.ingest import run_bench

    console = Console()
    with console.status(f"benchmarking ingest ({pages} pages, {warc_mb} MB WARC) ..."):
        report = run_bench(pages=pages, warc_mb=warc_mb, rounds=rounds)
    table = Table(title=f"ingest benchmark (WARC: {report.warc_mb:.0f} MB, {report.warc_disk_mb:.0f} MB gzipped)")
    for column in ("what", "items", "seconds", "items/s", "peak RSS MB", "start-up s"):
        table.add_column(column, justify="left" if column == "what" else "right")
    for row in report.rows:
        rss = f"{row.peak_rss_mb:.0f}" if row.peak_rss_mb is not None else "-"
        startup = f"{row.startup_s:.2f}" if row.startup_s is not None else "-"
        table.add_row(row.name, str(row.items), f"{row.seconds:.2f}", f"{row.rate:.1f}", rss, startup)
    _print_table(table, console)
    console.print(f"HTML: storyline costs {report.html_overhead:+.0%} vs trafilatura.extract alone", highlight=False)
    console.print(
        f"WARC: storyline costs {report.warc_overhead:+.0%} vs trafilatura.extract alone "
        f"({report.warc_cpu_overhead:+.0%} in CPU time)",
        highlight=False,
    )
    console.print("start-up: first records in a fresh process (lazy loads), timed apart from the rates", highlight=False)


# ============================================================== every benchmark (owner: lead)


@bench_app.command("all")
def bench_all(
    quick: Annotated[bool, typer.Option("--quick", help="Smaller inputs: a smoke run in about a minute.")] = False,
) -> None:
    """Run every stage's benchmark in turn (what `make bench` runs)."""
    Console().rule("ingest")
    bench_ingest(pages=50 if quick else 200, warc_mb=10 if quick else 200, rounds=1 if quick else 2)
    Console().rule("extract")
    bench_extract_command(articles=100 if quick else 1000)
    Console().rule("cluster")
    bench_cluster(n=10_000 if quick else 100_000)
    Console().rule("dossier")
    bench_dossier()
