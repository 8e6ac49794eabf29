"""The academy's default competency rubric: what a new academy starts with."""

from __future__ import annotations

from academy.extensions import db
from academy.models import Competency

LEVELS = (
    "1-3: not yet safe or reliable at this in a race weekend\n"
    "4-5: does it with coaching, inconsistent under pressure\n"
    "6-7: race-ready in national and regional endurance racing\n"
    "8-9: at the level of an ALMS / ELMS professional\n"
    "10: world-championship level"
)

DEFAULT_RUBRIC: list[tuple[str, str, str]] = [
    (
        "racecraft",
        "Racecraft",
        "Overtaking and defending, starts and restarts, judgement in wheel-to-wheel.",
    ),
    ("consistency", "Consistency", "Lap-time spread over a stint; mistakes per hour."),
    (
        "traffic_management",
        "Traffic management (multi-class)",
        "Passing and being passed by other classes without losing time or taking risks.",
    ),
    ("night_driving", "Night driving", "Pace, reference points and confidence in the dark."),
    (
        "tyre_fuel_management",
        "Tyre and fuel management",
        "Double stints on one set, hitting fuel numbers, degradation control.",
    ),
    (
        "technical_feedback",
        "Technical feedback",
        "Clear, useful feedback to engineers; data analysis.",
    ),
    ("fitness", "Physical fitness", "Endurance, heat and neck strength for 2-hour stints."),
    ("media", "Media and sponsor work", "Interviews, social media, sponsor events."),
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
