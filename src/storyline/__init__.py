"""storyline: groups news articles into events and builds dossiers with claim-level provenance."""

__version__ = "0.1.0"
