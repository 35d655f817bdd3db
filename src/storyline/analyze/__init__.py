"""storyline.analyze: per-article analysis (sentences, canonical entities, quotes with speakers, dates).

Public surface::

    nlp = load_nlp()
    registry = EntityRegistry()                      # canonical names shared across articles and calls
    for analysis in analyze(nlp, articles, n_process=2, registry=registry):
        record = extract_record(article, analysis)   # one `storyline extract` JSONL object
"""

from ._aliases import AliasTable
from ._analyze import analyze
from ._bench import bench_extract
from ._evaluate import score_quotes
from ._record import extract_record
from ._registry import EntityRegistry
from .nlp import load_nlp

__all__ = ["AliasTable", "EntityRegistry", "analyze", "bench_extract", "extract_record", "load_nlp", "score_quotes"]
