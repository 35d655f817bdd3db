"""storyline.analyze stage."""
