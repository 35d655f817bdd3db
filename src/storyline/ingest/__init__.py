"""Ingestion: files, directories, feeds, WARC archives and URLs to clean ``Article`` objects.

Public surface:

- ``read_sources(sources, allow_private=False, ...)`` yields ``Article`` or ``IngestError``
  (one per bad input or skipped record; never raised).
- ``ReportFamilies`` links near-duplicates and syndicated wire copies into report families.
- ``run_bench`` measures pages/s, WARC records/s and WARC peak memory (``storyline bench ingest``).
- ``Fetcher`` holds the HTTP settings (timeouts, size cap, redirects, retries, address policy).
"""

from ._bench import BenchReport, run_bench
from ._errors import IngestError
from ._families import ReportFamilies
from ._fetch import Fetcher
from ._sources import DEFAULT_MAX_BYTES, read_sources

__all__ = ["DEFAULT_MAX_BYTES", "BenchReport", "Fetcher", "IngestError", "ReportFamilies", "read_sources", "run_bench"]
