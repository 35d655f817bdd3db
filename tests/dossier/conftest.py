"""The seeds, ingested and analysed by the real stages, and their dossier (built once per session)."""

from __future__ import annotations

import pytest

from storyline.model import Analysis, Article


@pytest.fixture(scope="session")
def seed_articles(seed_paths) -> list[Article]:
    from storyline.ingest import IngestError, read_sources

    articles = [a for a in read_sources(seed_paths) if not isinstance(a, IngestError)]
    assert len(articles) == 2
    return sorted(articles, key=lambda a: a.path or "")


@pytest.fixture(scope="session")
def seed_analyses(nlp, seed_articles) -> list[Analysis]:
    from storyline.analyze import analyze

    return list(analyze(nlp, seed_articles))


@pytest.fixture(scope="session")
def seed_dossier(seed_articles, seed_analyses):
    from storyline.dossier import build_dossier

    return build_dossier("seeds", seed_articles, seed_analyses)
