"""The academy's default competency rubric: what a new academy starts with."""

from __future__ import annotations

from academy.competencies import LEVELS, RUBRIC
from academy.extensions import db
from academy.models import Competency

# (key, name, description) of each default competency, from the one list in competencies.py.
DEFAULT_RUBRIC: list[tuple[str, str, str]] = [
    (line.key, line.name, line.description) for line in RUBRIC
]


def ensure_default_rubric() -> int:
    """Create the default competencies that are missing. Returns how many were created."""
    existing = set(db.session.execute(db.select(Competency.key)).scalars())
    created = 0
    for position, (key, name, description) in enumerate(DEFAULT_RUBRIC, start=1):
        if key in existing:
            continue
        db.session.add(
            Competency(
                key=key, name=name, description=description, level_guide=LEVELS, position=position
            )
        )
        created += 1
    db.session.flush()
    return created
