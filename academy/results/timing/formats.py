"""The timing-file layouts the importer knows, identified by their header. Pure data."""

from __future__ import annotations

from dataclasses import dataclass

from academy.results.timing.parsed import TimingFormat


@dataclass(frozen=True)
class FormatSpec:
    timing_format: TimingFormat
    # Columns that tell this layout apart from the others (all present = this layout).
    signature: frozenset[str]
    # Columns without which no row can be read; missing ones refuse the whole file.
    required: tuple[str, ...]
    # The delimiter the publisher uses; another one is accepted with a warning.
    usual_delimiter: str


# Names are compared trimmed, upper-cased, inner spaces collapsed: " LAP_TIME" and "Tyres  "
# match "LAP_TIME" and "TYRES".
ALKAMEL_LAP_ANALYSIS = FormatSpec(
    timing_format=TimingFormat.ALKAMEL_LAP_ANALYSIS,
    signature=frozenset({"NUMBER", "DRIVER_NUMBER", "LAP_NUMBER"}),
    required=(
        "NUMBER",
        "DRIVER_NUMBER",
        "LAP_NUMBER",
        "LAP_TIME",
        "ELAPSED",
        "DRIVER_NAME",
        "CLASS",
        "TEAM",
    ),
    usual_delimiter=";",
)

ALKAMEL_CLASSIFICATION = FormatSpec(
    timing_format=TimingFormat.ALKAMEL_CLASSIFICATION,
    signature=frozenset({"POSITION", "NUMBER", "DRIVER_1"}),
    required=(
        "POSITION",
        "NUMBER",
        "TEAM",
        "DRIVER_1",
        "CLASS",
        "STATUS",
        "LAPS",
        "TOTAL_TIME",
    ),
    usual_delimiter=";",
)

HOUR_BY_HOUR = FormatSpec(
    timing_format=TimingFormat.HOUR_BY_HOUR,
    signature=frozenset({"HOUR", "CAR NO.", "DRIVERS"}),
    required=("HOUR", "CAR NO.", "TEAM", "DRIVERS", "CATEGORY", "LAPS", "TOTAL TIME", "STATUS"),
    usual_delimiter=",",
)

# Most specific first: a lap analysis also has NUMBER and TEAM.
KNOWN_FORMATS: tuple[FormatSpec, ...] = (ALKAMEL_LAP_ANALYSIS, ALKAMEL_CLASSIFICATION, HOUR_BY_HOUR)
