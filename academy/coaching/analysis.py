"""From loaded sessions and grades to what the pages show: grade history per session,
trends, the radar against the cohort median, lap-time progression per circuit, the cohort
board. Pure Python: it takes the loaded objects (read only) and returns plain data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from academy.coaching.charts import LapPoint, RadarAxis, TrendPoint
from academy.enums import SessionType

REAL_CIRCUIT_TYPES = frozenset({SessionType.TRACK, SessionType.TEST_DAY})


@dataclass
class GradeLine:
    """One competency in one session: its current grade and every revision, oldest first."""

    competency_id: int
    history: list[Any] = field(default_factory=list)

    @property
    def current(self) -> Any:
        """The revision that stands in this session: the newest (a correction is revision
        n + 1 and supersedes n, coaching.service). Across sessions, the current grade per
        competency is coaching.queries.current_grades."""
        return self.history[-1]

    @property
    def revised(self) -> bool:
        return len(self.history) > 1


def grade_lines(grades: Iterable[Any]) -> dict[int, dict[int, GradeLine]]:
    """session id -> competency id -> GradeLine. Revisions are ordered by their number."""
    lines: dict[int, dict[int, GradeLine]] = defaultdict(dict)
    for grade in sorted(grades, key=lambda g: (g.session_id, g.competency_id, g.revision)):
        line = lines[grade.session_id].setdefault(
            grade.competency_id, GradeLine(grade.competency_id)
        )
        line.history.append(grade)
    return dict(lines)


def _session_note(session: Any) -> str:
    where = session.circuit.name if session.circuit is not None else session.simulator_title
    kind = session.session_type.value.replace("_", " ")
    return f"{kind}, {where}" if where else kind


def trend_points(
    sessions: Sequence[Any], lines: dict[int, dict[int, GradeLine]]
) -> dict[int, list[TrendPoint]]:
    """competency id -> the current score of each session that assessed it, oldest first."""
    points: dict[int, list[TrendPoint]] = defaultdict(list)
    for session in sorted(sessions, key=lambda s: (s.held_on, s.id)):
        for competency_id, line in lines.get(session.id, {}).items():
            points[competency_id].append(
                TrendPoint(session.held_on, line.current.score, _session_note(session))
            )
    return dict(points)


def medians(latest: Iterable[Any]) -> dict[int, float]:
    """competency id -> the median of the drivers' latest grades."""
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in latest:
        counts[row.competency_id][row.score] += 1
    return median_of_counts(counts)


def _nth_score(ordered: list[tuple[int, int]], index: int) -> int:
    """The index-th score (from 0) of (score, count) pairs in score order."""
    seen = 0
    for score, count in ordered:
        seen += count
        if index < seen:
            return score
    raise IndexError(index)


def median_of_counts(counts: dict[int, dict[int, int]]) -> dict[int, float]:
    """competency id -> the median of the scores, given how many times each score occurs."""
    medians_by_competency: dict[int, float] = {}
    for competency_id, by_score in counts.items():
        ordered = sorted(by_score.items())
        total = sum(by_score.values())
        if not total:
            continue
        middle = total // 2
        if total % 2:
            medians_by_competency[competency_id] = float(_nth_score(ordered, middle))
        else:
            low, high = _nth_score(ordered, middle - 1), _nth_score(ordered, middle)
            medians_by_competency[competency_id] = (low + high) / 2
    return medians_by_competency


def radar_axes(
    competencies: Sequence[Any], scores: dict[int, int], median_by_competency: dict[int, float]
) -> list[RadarAxis]:
    return [
        RadarAxis(c.name, scores.get(c.id), median_by_competency.get(c.id)) for c in competencies
    ]


@dataclass
class CircuitLaps:
    circuit_id: int
    circuit_name: str
    points: list[LapPoint]
    cohort_best_ms: int | None

    @property
    def personal_best_ms(self) -> int:
        return min(point.lap_ms for point in self.points)

    @property
    def gap_ms(self) -> int | None:
        """How far the driver's best is from the cohort's best (0 when it is theirs)."""
        if self.cohort_best_ms is None:
            return None
        return self.personal_best_ms - self.cohort_best_ms

    @property
    def latest(self) -> LapPoint:
        return max(self.points, key=lambda point: point.on)


def lap_progressions(
    sessions: Sequence[Any], race_laps: Sequence[Any], cohort_bests: dict[int, int]
) -> list[CircuitLaps]:
    """Per circuit, the driver's best laps from sessions on the real track and from races."""
    by_circuit: dict[int, CircuitLaps] = {}

    def add(circuit_id: int, name: str, point: LapPoint) -> None:
        laps = by_circuit.setdefault(
            circuit_id, CircuitLaps(circuit_id, name, [], cohort_bests.get(circuit_id))
        )
        laps.points.append(point)

    for session in sessions:
        if (
            session.session_type in REAL_CIRCUIT_TYPES
            and session.circuit is not None
            and session.best_lap_ms is not None
        ):
            kind = session.session_type.value.replace("_", " ")
            add(
                session.circuit.id,
                session.circuit.name,
                LapPoint(session.held_on, session.best_lap_ms, "session", kind),
            )
    for lap in race_laps:
        add(lap.circuit_id, lap.circuit_name, LapPoint(lap.on, lap.best_lap_ms, "race", lap.race))
    for laps in by_circuit.values():
        laps.points.sort(key=lambda point: (point.on, point.lap_ms))
    return sorted(
        by_circuit.values(), key=lambda laps: (-len(laps.points), laps.circuit_name.casefold())
    )


# The cohort board ------------------------------------------------------------------------

FIXED_SORTS = ("driver", "cohort", "sessions", "last", "average")


@dataclass
class CohortRow:
    driver: Any
    scores: dict[int, int]
    sessions: int
    last_held_on: date | None

    @property
    def average(self) -> float | None:
        if not self.scores:
            return None
        return round(sum(self.scores.values()) / len(self.scores), 1)


def cohort_rows(
    drivers: Sequence[Any],
    latest: Iterable[Any],
    summaries: dict[int, Any],
    competency_ids: set[int],
) -> list[CohortRow]:
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for row in latest:
        if row.competency_id in competency_ids:
            scores[row.driver_id][row.competency_id] = row.score
    rows = []
    for driver in drivers:
        summary = summaries.get(driver.id)
        rows.append(
            CohortRow(
                driver,
                scores.get(driver.id, {}),
                summary.count if summary else 0,
                summary.last_held_on if summary else None,
            )
        )
    return rows


def sort_key_for(sort: str, competencies: Sequence[Any]) -> str:
    """The sort asked for if it names a column, else by driver name."""
    valid = set(FIXED_SORTS) | {f"grade-{c.key}" for c in competencies}
    return sort if sort in valid else "driver"


def sort_rows(
    rows: list[CohortRow], sort: str, descending: bool, competencies: Sequence[Any]
) -> list[CohortRow]:
    """Sort by a column; drivers without a value go last whichever the direction."""
    by_key = {f"grade-{c.key}": c.id for c in competencies}

    def value(row: CohortRow) -> Any:
        if sort == "driver":
            return row.driver.legal_name.casefold()
        if sort == "cohort":
            return row.driver.cohort.name if row.driver.cohort else None
        if sort == "sessions":
            return row.sessions
        if sort == "last":
            return row.last_held_on
        if sort == "average":
            return row.average
        return row.scores.get(by_key[sort])

    known = [row for row in rows if value(row) is not None]
    unknown = [row for row in rows if value(row) is None]
    known.sort(key=lambda row: row.driver.legal_name.casefold())
    known.sort(key=value, reverse=descending)
    return known + unknown
