"""storyline.dossier stage."""
