"""Shared fixtures: the real spaCy pipeline (loaded once per session) and the real data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS_DIR = REPO / "src" / "storyline" / "data" / "seeds"


@pytest.fixture(scope="session")
def nlp():
    from storyline.analyze.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.exists():
        pytest.skip("../shared/data is not beside this checkout")
    return path
