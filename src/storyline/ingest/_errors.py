"""The one-line error record that ingestion yields instead of raising."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class IngestError:
    """One bad input or one skipped record; never raised out of ``read_sources``."""

    input: str  # the path / URL / "path:line 7" / "file.warc.gz#record 12" it concerns
    message: str  # one line: what is wrong (and what to do, if anything)
    kind: str = "failed"  # "failed" | "skipped"

    def __str__(self) -> str:
        return f"{self.input}: {self.message}"


class InputError(Exception):
    """Raised inside the stage for a bad input; ``read_sources`` turns it into an ``IngestError``."""

    def __init__(self, message: str, kind: str = "failed") -> None:
        super().__init__(message)
        self.kind = kind
