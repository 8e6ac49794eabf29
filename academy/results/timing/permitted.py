"""The same rule for results whichever way they arrive: an import writes into a driver's
history only if its importer may record results for that driver (the director, the driver's
coach), as manual entry does (security review, December 2026, finding 3).

A seat naming another coach's driver is not lost: it is written under the name the file gives,
with the driver it matched kept as *pending*, for that driver's coach or the director to confirm
(academy.results.pending). Until then it counts for nobody's pathway or licence checks. A seat
already recorded for such a driver is left exactly as it is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from academy.extensions import db
from academy.models import Driver
from academy.permissions import can_manage_driver
from academy.results.timing.writer import ImportPlan, SeatPlan


def withhold_unpermitted(plan: ImportPlan, user: Any) -> ImportPlan:
    """The plan with every seat the user may not write for withheld. One statement."""
    matched = {seat.driver_id for _, seat in plan.matched}
    if not matched:
        return plan
    drivers = db.session.execute(db.select(Driver).where(Driver.id.in_(matched))).scalars()
    refused = {driver.id: driver for driver in drivers if not can_manage_driver(user, driver)}
    if not refused:
        return plan
    cars = tuple(
        replace(car, seats=tuple(_withheld(seat, refused) for seat in car.seats))
        for car in plan.cars
    )
    return replace(plan, cars=cars)


def _withheld(seat: SeatPlan, refused: dict[int, Driver]) -> SeatPlan:
    driver = refused.get(seat.driver_id) if seat.driver_id else None
    if driver is None:
        return seat
    if seat.recorded_result_id is not None:
        nothing = replace(
            seat.parsed, drive_time_ms=None, laps=None, night_laps=None, best_lap_ms=None
        )
        return replace(seat, parsed=nothing)
    return replace(
        seat,
        driver_id=None,
        driver_name=None,
        pending_driver_id=driver.id,
        note=(
            f"matches {driver.legal_name}, whom you do not coach "
            "(waiting for their coach or the director to confirm)"
        ),
    )
