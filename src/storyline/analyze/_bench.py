"""Speed of the full extract against a naive `nlp.pipe` with every component on, in one run."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

from spacy.language import Language

from ._analyze import analyze
from ._evaluate import read_gold
from ._record import extract_record


@dataclass(frozen=True, slots=True)
class ExtractBench:
    articles: int
    characters: int
    naive_seconds: float
    extract_seconds: float
    n_process: int
    load_average: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after: other work on the machine

    def rows(self) -> list[tuple[str, str]]:
        naive, full = self.articles / self.naive_seconds, self.articles / self.extract_seconds
        return [
            ("articles (characters)", f"{self.articles} ({self.characters:,})"),
            ("naive nlp.pipe, all components, 1 process", f"{self.naive_seconds:.1f} s  {naive:.2f} articles/s"),
            (f"storyline extract, n_process={self.n_process}", f"{self.extract_seconds:.1f} s  {full:.2f} articles/s"),
            ("speed-up", f"{full / naive:.2f}x"),
            ("load average, start / end (cores: %d)" % (os.cpu_count() or 0), f"{self.load_average[0]:.2f} / {self.load_average[1]:.2f}"),
        ]


def bench_extract(nlp: Language, path: Path, *, articles: int = 1000, n_process: int = 2, batch_size: int = 64) -> ExtractBench:
    """Time both passes over the articles of ``path`` repeated to ``articles`` texts."""
    source = [article for article, _ in read_gold(path)]
    if not source:
        raise ValueError(f"{path}: no articles to benchmark")
    sample = list(islice(cycle(source), articles))
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    for _ in nlp.pipe((a.text for a in sample), batch_size=batch_size):
        pass
    naive = time.perf_counter() - started
    started = time.perf_counter()
    for article, analysis in zip(sample, analyze(nlp, sample, n_process=n_process, batch_size=batch_size)):
        extract_record(article, analysis)
    full = time.perf_counter() - started
    load = (load_before, os.getloadavg()[0])
    return ExtractBench(len(sample), sum(len(a.text) for a in sample), naive, full, n_process, load)
