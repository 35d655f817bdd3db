"""storyline.dossier: what a reader needs to know about one event, every item traceable to a span.

``build_dossier`` aligns the event's statements into facts (corroborated, single-source,
disputed), finds contradictions, merges quotes across outlets, describes framing and
5W1H, and writes a cited extractive summary. ``render_dossier`` shows it as text,
Markdown, JSON or self-contained HTML.
"""

from storyline.dossier._build import DossierInputError, DossierSettings, build_dossier
from storyline.dossier._eval import benchmark as benchmark_dossier
from storyline.dossier._eval import evaluate as evaluate_dossiers
from storyline.dossier._eval import read_gold_events
from storyline.dossier._render import FORMATS, SCHEMA, render_dossier

__all__ = [
    "FORMATS",
    "SCHEMA",
    "DossierInputError",
    "DossierSettings",
    "benchmark_dossier",
    "build_dossier",
    "evaluate_dossiers",
    "read_gold_events",
    "render_dossier",
]
