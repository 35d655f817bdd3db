"""``storyline bench ingest``: HTML pages/s and WARC records/s next to trafilatura alone, and WARC peak memory."""

from __future__ import annotations

import multiprocessing
import random
import resource
import tempfile
import time
from dataclasses import dataclass
from importlib.resources import files
from collections.abc import Iterator
from pathlib import Path

import trafilatura
from fastwarc.warc import ArchiveIterator, WarcRecordType

from ._errors import IngestError
from ._html import _EXTRACT_OPTIONS, html_to_article
from ._sources import read_sources
from ._warcgen import warc_record, write_warc

# Inline script/style a real news page carries around its article (CC-NEWS pages average ~100 KB).
_PAGE_PADDING = 45_000


@dataclass(slots=True)
class BenchRow:
    name: str
    items: int
    seconds: float
    peak_rss_mb: float | None = None
    startup_s: float | None = None  # one-time cost in a fresh process (imports excluded), not in ``seconds``
    cpu_seconds: float | None = None  # CPU time of the pass: what other processes' load changes least

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0


def make_pages(count: int, seed: int = 7) -> list[bytes]:
    """Deterministic news-like pages: shuffled sentences of the bundled seed articles in real site chrome.

    The chrome mirrors a typical news page (menu, share bar, figure, related and
    most-read lists, newsletter form, footer, JSON-LD, inline script) because
    extraction cost depends on the whole DOM, not only on the article.
    """
    sentences = [
        s.strip() + "."
        for path in sorted(files("storyline.data.seeds").iterdir(), key=lambda p: p.name)
        if path.name.endswith(".txt")
        for s in path.read_text(encoding="utf-8").split(". ")
        if len(s.split()) > 6
    ]
    rng = random.Random(seed)
    return [_page(n, sentences, rng) for n in range(count)]


def _page(n: int, sentences: list[str], rng: random.Random) -> bytes:
    def links(prefix: str, k: int) -> str:
        return "".join(f"<li><a href='/{prefix}/{i}'>{prefix.title()} section {i}</a></li>" for i in range(k))

    def teasers(k: int) -> str:
        return "".join(
            f"<li><a href='/story/{rng.randrange(10**6)}'><img src='/t.jpg' alt=''><span>{rng.choice(sentences)[:70]}</span>"
            f"</a><time>2 hours ago</time></li>"
            for _ in range(k)
        )

    paragraphs = "".join(f"<p>{' '.join(rng.sample(sentences, 3))} (item {n})</p>" for _ in range(8))
    script = "var cfg = {" + ",".join(f'"k{rng.randrange(10**9)}": {rng.random():.6f}' for _ in range(_PAGE_PADDING // 30))
    ld = f'{{"@type": "NewsArticle", "headline": "Story {n}", "datePublished": "2016-09-0{1 + n % 9}"}}'
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Story {n} - Bench Times</title>"
        f"<meta property='article:published_time' content='2016-09-0{1 + n % 9}'><meta property='og:site_name' "
        f"content='Bench Times'><script type='application/ld+json'>{ld}</script><script>{script}}};</script></head>"
        f"<body><div class='cookie'>We use cookies. <button>Accept</button></div><header><nav><ul>{links('news', 60)}"
        f"</ul></nav></header><main><div class='breadcrumb'><a href='/'>Home</a> &gt; <a href='/world'>World</a></div>"
        f"<article><h1>Story {n}</h1><div class='byline'>By Staff Reporter</div><div class='share'><a>Facebook</a>"
        f"<a>Twitter</a><a>Email</a></div><figure><img src='/a.jpg'><figcaption>Leaders meet (left) on Monday."
        f"</figcaption></figure>{paragraphs}</article><section class='related'><h2>Related</h2><ul>{teasers(10)}"
        f"</ul></section></main><aside><h2>Most read</h2><ol>{teasers(10)}</ol><form><input name='email'>"
        f"<button>Sign up</button></form></aside><footer><ul>{links('about', 40)}</ul>© Bench Times</footer></body></html>"
    ).encode()


def bench_html(pages: list[bytes], rounds: int = 2) -> tuple[BenchRow, BenchRow]:
    """trafilatura.extract alone vs our full HTML path, timed page by page in turn.

    Alternating per page spreads load from other processes over both sides; each
    side keeps its best round. Which side goes first alternates too: the first to
    touch a page pays its cache misses (about a tenth of an extraction), which would
    otherwise always fall on the same side.
    """
    best_ours, best_base = float("inf"), float("inf")
    for _ in range(rounds):
        ours = base = 0.0
        for number, page in enumerate(pages):
            if number % 2:
                ours += _timed(lambda page=page: html_to_article(page, url="https://bench.example.com/story"))
                base += _timed(lambda page=page: trafilatura.extract(page, **_EXTRACT_OPTIONS))
            else:
                base += _timed(lambda page=page: trafilatura.extract(page, **_EXTRACT_OPTIONS))
                ours += _timed(lambda page=page: html_to_article(page, url="https://bench.example.com/story"))
        best_ours, best_base = min(best_ours, ours), min(best_base, base)
    return BenchRow("trafilatura.extract alone (HTML)", len(pages), best_base), BenchRow(
        "storyline ingest (HTML)", len(pages), best_ours
    )


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def write_bench_warc(directory: Path, pages: list[bytes], megabytes: int) -> tuple[Path, int]:
    """A gzipped WARC of about ``megabytes`` MB of uncompressed records cycling through ``pages``."""
    path = directory / "bench.warc.gz"
    target, total = megabytes * 1_000_000, 0

    def generate():
        nonlocal total
        n = 0
        while total < target:
            record = warc_record(f"https://bench.example.com/2016/09/05/story-{n}", pages[n % len(pages)])
            total += len(record)
            n += 1
            yield record

    write_warc(path, generate())
    return path, total


_WARC_SIDES = {"trafilatura": "trafilatura.extract alone (WARC records)", "ours": "storyline ingest (WARC records)"}


def _warc_timing(path: str, warmup_path: str, rounds: int) -> dict[str, BenchRow]:
    """Both sides over the same WARC in this (child) process, record by record in turn.

    As for HTML pages, alternating per record (and which side goes first) spreads the
    load of other processes evenly over both sides; each side keeps its best round.
    Both sides first go through a small WARC untimed, so that one-time costs (lazy
    imports, tables and models loaded on first use) are reported apart from the
    per-record throughput.
    """
    startup = {kind: _timed(lambda kind=kind: sum(1 for _ in _warc_steps(kind, warmup_path))) for kind in _WARC_SIDES}
    best_wall, best_cpu = dict.fromkeys(_WARC_SIDES, float("inf")), dict.fromkeys(_WARC_SIDES, float("inf"))
    items = 0
    for _ in range(max(rounds, 1)):
        items, wall, cpu = _interleaved_round(path)
        for kind in _WARC_SIDES:
            best_wall[kind], best_cpu[kind] = min(best_wall[kind], wall[kind]), min(best_cpu[kind], cpu[kind])
    return {
        kind: BenchRow(name, items, best_wall[kind], startup_s=startup[kind], cpu_seconds=best_cpu[kind])
        for kind, name in _WARC_SIDES.items()
    }


def _interleaved_round(path: str) -> tuple[int, dict[str, float], dict[str, float]]:
    """(records, wall seconds per side, CPU seconds per side) of one pass of both sides in step."""
    steps = {kind: _warc_steps(kind, path) for kind in _WARC_SIDES}
    wall, cpu = dict.fromkeys(_WARC_SIDES, 0.0), dict.fromkeys(_WARC_SIDES, 0.0)
    items = 0
    while True:
        for kind in list(_WARC_SIDES)[:: 1 if items % 2 else -1]:
            start, cpu_start = time.perf_counter(), time.process_time()
            if next(steps[kind], None) is None:  # both sides read the same records: they end together
                return items, wall, cpu
            wall[kind] += time.perf_counter() - start
            cpu[kind] += time.process_time() - cpu_start
        items += 1


def _warc_steps(kind: str, path: str) -> Iterator[bool]:
    """One step per response record: trafilatura alone on its HTTP body, or our whole ingest path."""
    if kind == "ours":
        for item in read_sources([path]):
            if isinstance(item, IngestError):
                raise RuntimeError(f"benchmark WARC record failed: {item}")
            yield True
        return
    for record in ArchiveIterator(path, record_types=WarcRecordType.response, parse_http=True):
        trafilatura.extract(record.reader.read(), **_EXTRACT_OPTIONS)
        yield True


def _memory_pass(kind: str, path: str) -> int:
    """Peak RSS in kB of this (child) process after one pass of ``kind`` over the WARC."""
    for _ in _warc_steps(kind, path):
        pass
    return _peak_rss_kb()


def _peak_rss_kb() -> int:
    """Peak resident memory of this process since it started (exec), in kB.

    /proc's VmHWM is reset by exec; getrusage's ru_maxrss is not (a spawned child
    would report its parent's size at fork), so it is only the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _in_child(function, *args):
    """Run ``function(*args)`` in a fresh process (its memory and start-up are its own)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def bench_warc(pages: list[bytes], megabytes: int, rounds: int = 2) -> tuple[BenchRow, BenchRow, float, float]:
    """(trafilatura alone, ours) over one generated WARC, plus its uncompressed and on-disk size in MB.

    Timing: both sides in one fresh process, record by record in turn (``_warc_timing``).
    Memory: one more fresh process per side for a pass alone, whose peak RSS is reported.
    """
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        path, raw_bytes = write_bench_warc(Path(tmp), pages, megabytes)
        warmup_path = Path(tmp) / "warmup.warc.gz"
        warmup_pages = make_pages(2, seed=1)  # not among the timed records
        write_warc(warmup_path, (warc_record(f"https://warmup.example.com/{n}", p) for n, p in enumerate(warmup_pages)))
        rows = _in_child(_warc_timing, str(path), str(warmup_path), rounds)
        for kind, row in rows.items():
            row.peak_rss_mb = _in_child(_memory_pass, kind, str(path)) / 1024
        disk_mb = path.stat().st_size / 1e6
    return rows["trafilatura"], rows["ours"], raw_bytes / 1e6, disk_mb


@dataclass(slots=True)
class BenchReport:
    rows: list[BenchRow]
    html_overhead: float  # ours / trafilatura.extract alone - 1, on the same HTML pages
    warc_overhead: float  # the same over the same WARC records
    warc_cpu_overhead: float  # the same in CPU time
    warc_mb: float  # uncompressed size of the generated WARC
    warc_disk_mb: float  # gzipped size on disk


def run_bench(pages: int = 200, warc_mb: int = 50, rounds: int = 2) -> BenchReport:
    """HTML pages/s and WARC records/s, ours next to trafilatura alone; WARC passes report peak RSS."""
    html = make_pages(pages)
    html_to_article(html[0])  # lazy loads (tables, models) outside the timings
    base_html, ours_html = bench_html(html, rounds)
    meta_start = time.perf_counter()
    for page in html:
        trafilatura.extract(page, **{**_EXTRACT_OPTIONS, "with_metadata": True})
    meta_row = BenchRow("trafilatura.extract with_metadata (HTML)", len(html), time.perf_counter() - meta_start)
    base_warc, ours_warc, raw_mb, disk_mb = bench_warc(html, warc_mb, rounds)
    return BenchReport(
        rows=[base_html, meta_row, ours_html, base_warc, ours_warc],
        html_overhead=ours_html.seconds / base_html.seconds - 1,
        warc_overhead=ours_warc.seconds / base_warc.seconds - 1,
        warc_cpu_overhead=(ours_warc.cpu_seconds or 0.0) / (base_warc.cpu_seconds or 1.0) - 1,
        warc_mb=raw_mb,
        warc_disk_mb=disk_mb,
    )
