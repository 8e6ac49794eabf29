"""From read rows to cars, shared by the classification layouts. Pure Python."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from academy.enums import RaceClass, ResultStatus
from academy.results.timing.classes import ClassBook, ClassMatch
from academy.results.timing.parsed import ParsedCar, ParsedDriver, RowError, RowWarning
from academy.results.timing.table import CellReader, Layout, Row

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
    class_name: str
    race_class: RaceClass | None
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
            class_name=self.class_name,
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
    memo: dict[tuple[Any, ...], Any] = {}
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


def rank_in_class(classified: list[tuple[int | None, str]]) -> dict[int | None, int]:
    """Overall position -> position in class, for classified cars given as (position, class
    name): LMGTE and GTC, or LMP2 and LMP2 Pro/Am, are classified apart."""
    ranks: dict[int | None, int] = {}
    seen: dict[str, int] = {}
    for position, race_class in sorted(classified, key=lambda item: item[0] or 0):
        seen[race_class] = seen.get(race_class, 0) + 1
        ranks[position] = seen[race_class]
    return ranks


class ClassReader:
    """Reads CLASS (and GROUP) cells with a `ClassBook`; an unknown class is not an error but
    one warning per label, and the car keeps the label as its class (the preview asks)."""

    def __init__(self, book: ClassBook, assembly: Assembly) -> None:
        self._book = book
        self._assembly = assembly
        self._memo: dict[tuple[str, str], ClassMatch] = {}
        self._warned: set[str] = set()

    def read(self, cells: CellReader, key: str, group_key: str | None = None) -> ClassMatch | None:
        class_cell = cells.text(key)
        group_cell = cells.text(group_key) if group_key else ""
        found = self._memo.get((class_cell, group_cell))
        if found is None:
            try:
                found = self._book.match(class_cell, group_cell)
            except ValueError as error:
                cells.problem(key, str(error))
                return None
            self._memo[(class_cell, group_cell)] = found
        if not found.known and found.name not in self._warned:
            self._warned.add(found.name)
            self._assembly.warnings.append(
                RowWarning(
                    cells.line,
                    f"class {found.name!r} is not known to the academy: map it to a known class "
                    "or add it before importing",
                )
            )
        return found
