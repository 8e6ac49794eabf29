"""Helpers of the import database tests: importing bytes into an event, counting rows, the
real file, and totals computed from it independently (csv module, no importer code)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from academy.extensions import db
from academy.models import AuditEvent, Event, ImportBatch, RaceEntry, Result
from academy.results.timing.reader import parse_timing_file
from academy.results.timing.writer import ImportPlan, ImportSummary, plan_import, write_import

REAL_FILE = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "real"
    / "lemans-2023-hour-by-hour.csv"
)


def plan_bytes(data: bytes, event: Event, name: str = "timing.csv") -> ImportPlan:
    return plan_import(parse_timing_file(data, name), event)


def import_bytes(data: bytes, event: Event, name: str = "timing.csv") -> ImportSummary:
    plan = plan_bytes(data, event, name)
    summary = write_import(plan, event, imported_by_id=None)
    db.session.commit()
    return summary


def row_counts() -> dict[str, int]:
    return {
        model.__name__: len(db.session.execute(db.select(model.id)).all())
        for model in (RaceEntry, Result, ImportBatch, AuditEvent)
    }


def entries_by_car(event: Event) -> dict[str, RaceEntry]:
    db.session.expire_all()
    return {
        entry.car_number: entry
        for entry in db.session.execute(
            db.select(RaceEntry).where(RaceEntry.event_id == event.id)
        ).scalars()
    }


@dataclass(frozen=True)
class FinalRow:
    hour: int
    laps: int
    status: str
    drivers: int


def hour_by_hour_final_rows(data: bytes) -> dict[str, FinalRow]:
    """Each car's last row in the hour-by-hour file: its result. A car whose last row still
    says Running before the last hour was dropped by the compilation and is left out."""
    text = data.decode("latin-1")  # names are not needed, so any 8-bit reading will do
    rows = list(csv.reader(io.StringIO(text)))
    header = [name.strip() for name in rows[0]]
    last: dict[str, FinalRow] = {}
    for cells in rows[1:]:
        if not any(cells):
            continue
        row = dict(zip(header, cells, strict=False))
        number = row["Car No."].strip()
        hour = int(row["Hour"])
        names = [name for name in row["Drivers"].split("/") if name.strip()]
        if number not in last or hour >= last[number].hour:
            last[number] = FinalRow(hour, int(row["Laps"]), row["Status"].strip(), len(names))
    final_hour = max(row.hour for row in last.values())
    return {
        number: row
        for number, row in last.items()
        if row.hour == final_hour or row.status != "Running"
    }


def swap_field(data: bytes, hour: bytes, car: bytes, column: int, value: bytes) -> bytes:
    """A copy of the hour-by-hour file with one cell of one row changed."""
    lines = data.split(b"\n")
    for index, line in enumerate(lines):
        cells = line.split(b",")
        if len(cells) > column and cells[1] == hour and cells[2] == car:
            cells[column] = value
            lines[index] = b",".join(cells)
            return b"\n".join(lines)
    raise AssertionError(f"no row for hour {hour!r}, car {car!r}")
