"""Expected values for the import tests, computed here with the csv module and plain string
handling: nothing in this file calls the importer or its cell parsers."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REAL_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real"
REAL_HOUR_BY_HOUR = REAL_DATA / "lemans-2023-hour-by-hour.csv"


def time_ms(text: str) -> int:
    """'1:02:03.456', "5:44'41.101", '1:58.123', '01:01:15', '03:29.7' to milliseconds."""
    text = text.strip().replace("'", ":")
    *leading, seconds = text.split(":")
    whole, _, fraction = seconds.partition(".")
    total = 0
    for part in leading:
        total = total * 60 + int(part)
    return (total * 60 + int(whole)) * 1000 + int((fraction + "000")[:3])


def semicolon_rows(text: str) -> list[dict[str, str]]:
    """An Al Kamel file's rows as dicts keyed by trimmed column names."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";")
    header = [name.strip() for name in next(reader)]
    return [dict(zip(header, row, strict=False)) for row in reader if any(row)]


@dataclass
class SeatTotals:
    name: str
    drive_time_ms: int = 0
    laps: int = 0
    night_laps: int = 0
    best_lap_ms: int | None = None


def seat_totals(lap_analysis_text: str, night_from_ms: int, night_to_ms: int) -> dict:
    """(car, seat) -> SeatTotals, straight from the CSV (night window wraps midnight)."""
    totals: dict[tuple[str, int], SeatTotals] = {}
    for row in semicolon_rows(lap_analysis_text):
        key = (row["NUMBER"].strip(), int(row["DRIVER_NUMBER"]))
        seat = totals.setdefault(key, SeatTotals(row["DRIVER_NAME"].strip()))
        lap_ms = time_ms(row["LAP_TIME"])
        seat.drive_time_ms += lap_ms
        seat.laps += 1
        hour = time_ms(row["HOUR"])
        if hour >= night_from_ms or hour < night_to_ms:
            seat.night_laps += 1
        seat.best_lap_ms = lap_ms if seat.best_lap_ms is None else min(seat.best_lap_ms, lap_ms)
    return totals


def car_laps(lap_analysis_text: str) -> dict[str, int]:
    laps: dict[str, int] = defaultdict(int)
    for row in semicolon_rows(lap_analysis_text):
        number = row["NUMBER"].strip()
        laps[number] = max(laps[number], int(row["LAP_NUMBER"]))
    return dict(laps)
