"""Imported seats waiting for confirmation (see academy.results.timing.permitted): the driver's coach
or the director confirms a seat (it then counts as the driver's result) or declines it (it
stays a result under the name the file gave). Service functions flush; the route commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import joinedload

from academy import audit
from academy.extensions import db
from academy.models import Event, RaceEntry, Result

FIELDS = ["driver_id", "external_name", "pending_driver_id"]


class CannotConfirm(Exception):
    """Why the seat cannot become the driver's result, in words for people."""


def pending_results(driver_id: int) -> list[Result]:
    """The seats waiting for this driver's confirmation, with car and event: one statement."""
    return list(
        db.session.execute(
            db.select(Result)
            .where(Result.pending_driver_id == driver_id)
            .options(joinedload(Result.entry).joinedload(RaceEntry.event).joinedload(Event.season))
            .order_by(Result.id)
        ).scalars()
    )


def confirm_pending(result: Result, user: Any) -> None:
    """The seat becomes the pending driver's result."""
    driver_id = result.pending_driver_id
    assert driver_id is not None
    already = db.session.execute(
        db.select(Result.id).where(
            Result.entry_id == result.entry_id, Result.driver_id == driver_id
        )
    ).first()
    if already is not None:
        raise CannotConfirm("The driver already has another seat in this car.")
    before = audit.snapshot(result, FIELDS)
    result.driver_id = driver_id
    result.pending_driver_id = None
    db.session.flush()
    audit.record(
        "imported_result_confirmed", result, before=before, after=audit.snapshot(result, FIELDS)
    )


def decline_pending(result: Result, user: Any) -> None:
    """Not this driver: the seat stays a result under the file's name, linked to nobody."""
    before = audit.snapshot(result, FIELDS)
    result.pending_driver_id = None
    db.session.flush()
    audit.record(
        "imported_result_declined", result, before=before, after=audit.snapshot(result, FIELDS)
    )
