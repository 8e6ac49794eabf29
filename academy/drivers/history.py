"""A driver's race history as a timeline by season, built from loaded results (no queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from academy.enums import ResultStatus
from academy.models import Driver, Event, RaceEntry, Result, Season


@dataclass(frozen=True)
class CoDriver:
    name: str
    driver: Driver | None  # an academy driver, or None for an external co-driver
    drive_time_ms: int | None


@dataclass(frozen=True)
class HistoryRow:
    result: Result
    entry: RaceEntry
    event: Event
    co_drivers: tuple[CoDriver, ...]
    # The status came from a lap analysis, which has none: shown as unknown, not as a result.
    status_unknown: bool

    @property
    def share(self) -> float | None:
        """The driver's part of the car's race time, 0..1 (None when either time is unknown)."""
        if self.result.drive_time_ms is None or not self.entry.total_time_ms:
            return None
        return self.result.drive_time_ms / self.entry.total_time_ms

    @property
    def classified(self) -> bool:
        return self.entry.status is ResultStatus.CLASSIFIED and not self.status_unknown


@dataclass(frozen=True)
class SeasonBlock:
    season: Season
    rows: tuple[HistoryRow, ...]

    @property
    def title(self) -> str:
        return f"{self.season.series.name} {self.season.label}"

    @property
    def starts(self) -> int:
        return sum(1 for row in self.rows if row.entry.status is not ResultStatus.DNS)

    @property
    def classified(self) -> int:
        return sum(1 for row in self.rows if row.classified)

    @property
    def class_podiums(self) -> int:
        return sum(
            1 for row in self.rows if row.classified and (row.entry.position_in_class or 99) <= 3
        )

    @property
    def points(self) -> Decimal:
        return sum((row.entry.points for row in self.rows), Decimal(0))

    @property
    def drive_time_ms(self) -> int:
        return sum(row.result.drive_time_ms or 0 for row in self.rows)


def build_timeline(results: list[Result], lap_analysis_only: set[int]) -> list[SeasonBlock]:
    """Seasons newest first; within a season, races in date order."""
    by_season: dict[int, list[HistoryRow]] = {}
    seasons: dict[int, Season] = {}
    for result in results:
        entry = result.entry
        event = entry.event
        co_drivers = tuple(
            CoDriver(other.name, other.driver, other.drive_time_ms)
            for other in entry.results
            if other.id != result.id
        )
        row = HistoryRow(result, entry, event, co_drivers, entry.id in lap_analysis_only)
        seasons[event.season_id] = event.season
        by_season.setdefault(event.season_id, []).append(row)
    blocks = [
        SeasonBlock(
            seasons[season_id],
            tuple(sorted(rows, key=lambda row: _race_order(row.event))),
        )
        for season_id, rows in by_season.items()
    ]
    return sorted(blocks, key=lambda block: (block.season.starts_on, block.season.id), reverse=True)


def _race_order(event: Event) -> tuple[date, int, int, int]:
    return (event.starts_on, event.round_number or 0, event.race_number, event.id)
