"""storyline.cluster: the online, time- and entity-aware event clustering engine.

``EventClusterer`` assigns a stream of articles to events one at a time;
``cluster_articles`` runs it over a batch in stream order, ``cluster_file`` over an
``ArticleFile`` (a JSONL file read as a stream, its articles not held in memory); ``evaluate_clustering``
and ``benchmark_clustering`` back ``storyline eval cluster`` / ``storyline bench cluster``.
"""

from storyline.cluster._bench import benchmark_clustering
from storyline.cluster._engine import EventClusterer
from storyline.cluster._file import ArticleFile, cluster_file
from storyline.cluster._eval import embedded_analysis, evaluate_clustering, read_articles, read_gold, score_clustering
from storyline.cluster._stream import cluster_articles, stream_order

__all__ = [
    "ArticleFile",
    "EventClusterer",
    "benchmark_clustering",
    "cluster_articles",
    "cluster_file",
    "embedded_analysis",
    "evaluate_clustering",
    "read_articles",
    "read_gold",
    "score_clustering",
    "stream_order",
]
