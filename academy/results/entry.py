"""Manual entry and correction of a race result: the car's result (RaceEntry) and the driver's
seat in it (Result). The view validates the form; these functions check it against what the
database already holds, then change it, and write the audit log."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import selectinload

from academy import audit
from academy.enums import RaceClass, ResultStatus
from academy.extensions import db
from academy.forms import add_error
from academy.models import Driver, Event, RaceEntry, Result
from academy.results.forms import ResultForm
from academy.results.timing.parsed import MAX_SEATS
from academy.results.timing.teams import attach_season_entries
from academy.text import search_key

ENTRY_FIELDS = [
    "event_id",
    "car_number",
    "team",
    "car",
    "race_class",
    "status",
    "position_overall",
    "position_in_class",
    "laps",
    "total_time_ms",
    "best_lap_ms",
    "points",
    "import_batch_id",
]
RESULT_FIELDS = [
    "entry_id",
    "driver_id",
    "external_name",
    "seat",
    "drive_time_ms",
    "laps",
    "night_laps",
    "best_lap_ms",
]


def result_snapshot(entry: RaceEntry, result: Result) -> dict[str, Any]:
    return {
        "entry": audit.snapshot(entry, ENTRY_FIELDS),
        "result": audit.snapshot(result, RESULT_FIELDS),
    }


def car_values(form: ResultForm) -> dict[str, Any]:
    return {
        "car_number": form.car_number.data,
        "team": form.team.data.strip(),
        "car": (form.car.data or "").strip(),
        "race_class": RaceClass(form.race_class.data),
        "status": ResultStatus(form.status.data),
        "position_overall": form.position_overall.data,
        "position_in_class": form.position_in_class.data,
        "laps": form.laps.data,
        "total_time_ms": form.total_time.data,
        "best_lap_ms": form.best_lap.data,
        "points": Decimal(form.points.data).quantize(Decimal("0.1")),
    }


def seat_values(form: ResultForm) -> dict[str, Any]:
    return {
        "seat": form.seat.data,
        "drive_time_ms": form.drive_time.data,
        "laps": form.driver_laps.data,
        "night_laps": form.night_laps.data,
        "best_lap_ms": form.driver_best_lap.data,
    }


def fill_form(form: ResultForm, entry: RaceEntry, result: Result) -> None:
    form.car_number.data = entry.car_number
    form.team.data = entry.team
    form.car.data = entry.car
    form.race_class.data = entry.race_class.value
    form.status.data = entry.status.value
    form.position_overall.data = entry.position_overall
    form.position_in_class.data = entry.position_in_class
    form.laps.data = entry.laps
    form.total_time.data = entry.total_time_ms
    form.best_lap.data = entry.best_lap_ms
    form.points.data = entry.points
    form.seat.data = result.seat
    form.drive_time.data = result.drive_time_ms
    form.driver_laps.data = result.laps
    form.night_laps.data = result.night_laps
    form.driver_best_lap.data = result.best_lap_ms


def _entry_in_event(event_id: int, car_number: str) -> RaceEntry | None:
    return db.session.execute(
        db.select(RaceEntry)
        .where(RaceEntry.event_id == event_id, RaceEntry.car_number == car_number)
        .options(selectinload(RaceEntry.results))
    ).scalar_one_or_none()


def _result_in_event(driver: Driver, event_id: int, except_id: int | None = None) -> Result | None:
    query = (
        db.select(Result)
        .join(Result.entry)
        .where(Result.driver_id == driver.id, RaceEntry.event_id == event_id)
    )
    if except_id is not None:
        query = query.where(Result.id != except_id)
    return db.session.execute(query.limit(1)).scalar_one_or_none()


def _differences(entry: RaceEntry, values: dict[str, Any]) -> list[str]:
    compared = ("team", "race_class", "status", "position_overall", "position_in_class", "laps")
    return [name for name in compared if getattr(entry, name) != values[name]]


def add_result(driver: Driver, event: Event, form: ResultForm) -> Result | None:
    """Record the driver's result; None (with errors on the form) when it cannot be."""
    values = car_values(form)
    earlier = _result_in_event(driver, event.id)
    if earlier is not None:
        add_error(
            form.event_id,
            f"{driver.legal_name} already has a result in this race (car #{earlier.entry.car_number}); "
            "correct that one instead.",
        )
        return None
    entry = _entry_in_event(event.id, values["car_number"])
    names = form.co_driver_names()
    if entry is not None:
        different = _differences(entry, values)
        if different:
            add_error(
                form.car_number,
                f"Car #{entry.car_number} is already recorded in this race with another "
                f"{', '.join(name.replace('_', ' ') for name in different)}. Enter the car's "
                "result as recorded, or correct it from the race history of one of its drivers.",
            )
            return None
        taken = {result.seat for result in entry.results}
        known = {search_key(result.name) for result in entry.results}
        names = [name for name in names if search_key(name) not in known]
    else:
        entry = RaceEntry(event_id=event.id, **values)
        db.session.add(entry)
        taken = set()
    if form.seat.data in taken:
        add_error(form.seat, f"Seat {form.seat.data} of car #{entry.car_number} is taken.")
        return None
    free_seats = [seat for seat in range(1, MAX_SEATS + 1) if seat not in taken | {form.seat.data}]
    if len(names) > len(free_seats):
        add_error(form.co_drivers, f"Car #{entry.car_number} has no seat left for them all.")
        return None
    result = Result(driver_id=driver.id, **seat_values(form))
    entry.results.append(result)
    for seat, name in zip(free_seats, names, strict=False):
        entry.results.append(Result(external_name=name, seat=seat))
    db.session.flush()
    attach_season_entries([entry], event.season_id)
    audit.record(
        "result_added",
        result,
        after={**result_snapshot(entry, result), "co_drivers": names},
    )
    return result


def correct_result(result: Result, form: ResultForm) -> bool | None:
    """Apply the form to the result and its car. True if anything changed, False if nothing
    did, None (with errors on the form) when the correction cannot be made."""
    entry = result.entry
    values = car_values(form)
    if values["car_number"] != entry.car_number and _entry_in_event(
        entry.event_id, values["car_number"]
    ):
        add_error(form.car_number, f"Car #{values['car_number']} is already in this race.")
        return None
    if any(other.seat == form.seat.data for other in entry.results if other.id != result.id):
        add_error(form.seat, f"Seat {form.seat.data} of this car is taken.")
        return None
    before = result_snapshot(entry, result)
    if (values["team"], values["car_number"]) != (entry.team, entry.car_number):
        entry.season_entry = None  # linked again below, to the team and number as corrected
    for name, value in values.items():
        setattr(entry, name, value)
    for name, value in seat_values(form).items():
        setattr(result, name, value)
    after = result_snapshot(entry, result)
    if after == before:
        return False
    db.session.flush()
    attach_season_entries([entry], entry.event.season_id)
    audit.record("result_corrected", result, before=before, after=after)
    return True
