"""From read rows to cars, shared by the classification layouts. Pure Python."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from academy.enums import RaceClass, ResultStatus
from academy.imports.parsed import ParsedCar, ParsedDriver, RowError, RowWarning
from academy.imports.table import CellReader, Layout, Row

Record = TypeVar("Record")


@dataclass
class Assembly:
    """What a layout made of its rows: cars, or the errors that stop the import."""

    cars: list[ParsedCar] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)


@dataclass
class CarRow:
    """One row's result of a car, as a classification layout gives it."""

    line: int
    number: str
    team: str
    vehicle: str
    class_label: str
    race_class: RaceClass
    status: ResultStatus
    laps: int
    total_time_ms: int | None
    best_lap_ms: int | None
    best_lap_number: int | None

    def car(
        self,
        position: int | None,
        class_ranks: dict[int | None, int],
        drivers: tuple[ParsedDriver, ...],
        pit_stops: int | None = None,
    ) -> ParsedCar:
        """The car, placed at `position` overall (None when not classified)."""
        return ParsedCar(
            line=self.line,
            number=self.number,
            team=self.team,
            vehicle=self.vehicle,
            class_label=self.class_label,
            race_class=self.race_class,
            status=self.status,
            laps=self.laps,
            total_time_ms=self.total_time_ms,
            best_lap_ms=self.best_lap_ms,
            best_lap_number=self.best_lap_number,
            position_overall=position,
            position_in_class=class_ranks.get(position) if position is not None else None,
            pit_stops=pit_stops,
            drivers=drivers,
        )


def read_records(
    layout: Layout,
    rows: list[Row],
    read_row: Callable[[CellReader], Record | None],
    assembly: Assembly,
) -> list[Record]:
    """Every row read by `read_row`; a row that cannot be read adds its error to `assembly`."""
    read: list[Record] = []
    memo: dict = {}
    for row in rows:
        if row.error is not None:
            assembly.errors.append(RowError(row.line, row.error))
            continue
        cells = CellReader(layout, row, memo)
        record = read_row(cells)
        error = cells.error()
        if error is not None:
            assembly.errors.append(error)
        elif record is not None:
            read.append(record)
    return read


def rank_in_class(classified: list[tuple[int | None, RaceClass]]) -> dict[int | None, int]:
    """Overall position -> position in class, for classified cars given as (position, class)."""
    ranks: dict[int | None, int] = {}
    seen: dict[RaceClass, int] = {}
    for position, race_class in sorted(classified, key=lambda item: item[0] or 0):
        seen[race_class] = seen.get(race_class, 0) + 1
        ranks[position] = seen[race_class]
    return ranks
