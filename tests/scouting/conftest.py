"""The scouting tools share the dossier tests' builders (races, graded sessions, the rubric)."""

from tests.dossiers.conftest import rubric  # noqa: F401  (a fixture)
