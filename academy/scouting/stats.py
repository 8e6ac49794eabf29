"""A driver's race record in figures, from the rows the dossier loader gives
(academy.dossiers.loader.race_results): the scouting view and the comparison both print it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from academy.dossiers.loader import ResultRecord
from academy.enums import RaceClass, ResultStatus


@dataclass(frozen=True)
class RaceStats:
    entries: int
    classified: int
    class_wins: int
    podiums: int
    hours: float
    night_races: int
    seasons: int
    classes: tuple[str, ...]


@dataclass(frozen=True)
class PaceSummary:
    """Pace as the race debrief works it out (academy.debrief.analysis, through the loader's
    race_paces), summed up over the races with lap data: the median gap to the co-drivers'
    green-flag average (negative: faster than them) and the median lap-time spread."""

    races_with_laps: int
    gap_to_crew_ms: float | None
    consistency_ms: float | None


def race_stats(records: Sequence[ResultRecord]) -> RaceStats:
    rows = [record.row for record in records]
    classified = [r for r in rows if r.status is ResultStatus.CLASSIFIED]
    classes: list[str] = []
    for r in rows:
        name = r.race_class.value if isinstance(r.race_class, RaceClass) else str(r.race_class)
        if name not in classes:
            classes.append(name)
    return RaceStats(
        entries=len(rows),
        classified=len(classified),
        class_wins=sum(1 for r in classified if r.position_in_class == 1),
        podiums=sum(1 for r in classified if r.position_in_class and r.position_in_class <= 3),
        hours=sum(r.drive_time_s for r in rows) / 3600,
        night_races=sum(1 for r in rows if r.night_running),
        seasons=len({(r.series, r.season) for r in rows}),
        classes=tuple(classes),
    )


def pace_summary(records: Sequence[ResultRecord]) -> PaceSummary:
    rows = [record.row for record in records]
    gaps = [r.pace_gap_to_crew_ms for r in rows if r.pace_gap_to_crew_ms is not None]
    spreads = [r.consistency_ms for r in rows if r.consistency_ms is not None]
    return PaceSummary(
        races_with_laps=sum(
            1 for r in rows if r.pace_gap_to_crew_ms is not None or r.consistency_ms is not None
        ),
        gap_to_crew_ms=float(median(gaps)) if gaps else None,
        consistency_ms=float(median(spreads)) if spreads else None,
    )
