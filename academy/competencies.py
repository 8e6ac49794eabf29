"""The competency rubric the academy starts with: one list, read by the rubric page's defaults
(academy/rubric.py), the rule loader and the pathway's wording. Plain data, no database: the
pure pathway engine reads it too. Competencies the director adds on the rubric page live in the
database; the rule loader accepts them as well (rules_admin.service, `flask rules check`)."""

from __future__ import annotations

from typing import NamedTuple


class RubricLine(NamedTuple):
    key: str
    name: str
    description: str
    in_words: str  # how it reads inside a sentence ("traffic management in multi-class racing")


LEVELS = (
    "1-3: not yet safe or reliable at this in a race weekend\n"
    "4-5: does it with coaching, inconsistent under pressure\n"
    "6-7: race-ready in national and regional endurance racing\n"
    "8-9: at the level of an ALMS / ELMS professional\n"
    "10: world-championship level"
)

RUBRIC: tuple[RubricLine, ...] = (
    RubricLine(
        "racecraft",
        "Racecraft",
        "Overtaking and defending, starts and restarts, judgement in wheel-to-wheel.",
        "racecraft",
    ),
    RubricLine(
        "consistency",
        "Consistency",
        "Lap-time spread over a stint; mistakes per hour.",
        "consistency",
    ),
    RubricLine(
        "traffic_management",
        "Traffic management (multi-class)",
        "Passing and being passed by other classes without losing time or taking risks.",
        "traffic management",
    ),
    RubricLine(
        "night_driving",
        "Night driving",
        "Pace, reference points and confidence in the dark.",
        "night driving",
    ),
    RubricLine(
        "tyre_fuel_management",
        "Tyre and fuel management",
        "Double stints on one set, hitting fuel numbers, degradation control.",
        "tyre and fuel management",
    ),
    RubricLine(
        "technical_feedback",
        "Technical feedback",
        "Clear, useful feedback to engineers; data analysis.",
        "technical feedback",
    ),
    RubricLine(
        "fitness",
        "Physical fitness",
        "Endurance, heat and neck strength for 2-hour stints.",
        "fitness",
    ),
    RubricLine(
        "media",
        "Media and sponsor work",
        "Interviews, social media, sponsor events.",
        "media work",
    ),
)

DEFAULT_KEYS: tuple[str, ...] = tuple(line.key for line in RUBRIC)
