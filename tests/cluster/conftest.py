"""Small hand-written articles for the clustering tests (no language model needed)."""

from __future__ import annotations

from storyline.model import Article

QUAKE = (
    "A magnitude 7.1 earthquake struck the island of Sumbawa, collapsing houses in Bima. "
    "Rescuers in Bima searched the rubble of collapsed houses after the Sumbawa earthquake. "
)
FLOOD = (
    "Floodwaters of the Danube river swamped Passau and Regensburg as the levees failed. "
    "Residents of Passau were evacuated while the Danube crest moved towards Regensburg. "
)
ELECTION = (
    "Voters in Ghana chose a new parliament; the electoral commission in Accra counted ballots. "
    "Turnout in the Ghana parliamentary election was high, the commission in Accra said. "
)


def article(ident: str, text: str, published: str | None = None, title: str | None = None) -> Article:
    return Article(id=ident, text=text, published=published, title=title)
