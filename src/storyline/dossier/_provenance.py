"""How much of one claim a span of text really carries: the test behind every citation."""

from __future__ import annotations

from storyline.dossier._statements import content_terms


def coverage(claim: str, evidence: str) -> float:
    """Share of ``claim``'s distinct content terms (stems, stop words left out) found in ``evidence``."""
    wanted = set(content_terms(claim))
    if not wanted:
        return 0.0
    return len(wanted & set(content_terms(evidence))) / len(wanted)
