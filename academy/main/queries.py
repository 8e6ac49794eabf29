"""What the dashboards load: each function a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.orm import contains_eager, selectinload

from academy.enums import Role
from academy.extensions import db
from academy.models import (
    AuditEvent,
    CoachingSession,
    Driver,
    Event,
    Licence,
    MedicalCertificate,
    RaceEntry,
    Result,
    Season,
    User,
)
from academy.validity import (
    EXPIRY_WARNING_DAYS,
    expiring,
    last_expired,
    licence_on,
    medical_on,
)

DriverRef = TypeVar("DriverRef", Driver, int)


@dataclass(frozen=True)
class ExpiryFlag(Generic[DriverRef]):
    """A document due: `driver` is the Driver, or its id while the drivers are not yet loaded."""

    driver: DriverRef
    what: str  # "Licence" or "Medical"
    expires_on: date
    expired: bool


def expiry_flags(
    drivers: list[Driver], today: date, days: int = EXPIRY_WARNING_DAYS
) -> list[ExpiryFlag[Driver]]:
    """The licence and medical that count today when they expire within `days` (academy.validity),
    or the last one to run out when none is valid (an older, expired licence replaced by a new one
    is no alarm). Drivers must come with licences and medicals loaded."""
    flags = [
        flag
        for driver in drivers
        for flag in _flags_of(driver, driver.licences, driver.medicals, today, days)
    ]
    return sorted(flags, key=lambda flag: flag.expires_on)


def _flags_of(
    driver: DriverRef, licences: Any, medicals: Any, today: date, days: int
) -> list[ExpiryFlag[DriverRef]]:
    flags: list[ExpiryFlag[DriverRef]] = []
    for what, documents, current in (
        ("Licence", licences, licence_on(licences, today)),
        ("Medical", medicals, medical_on(medicals, today)),
    ):
        if current is not None:
            if expiring(current, today, days):
                flags.append(ExpiryFlag(driver, what, current.expires_on, False))
            continue
        lapsed = last_expired(documents, today)
        if lapsed is not None:
            flags.append(ExpiryFlag(driver, what, lapsed.expires_on, True))
    return flags


def first_with_total(query: Select[Any], limit: int) -> tuple[list[Driver], int]:
    """The first `limit` drivers `query` gives and how many it gives in all, in one statement
    (the count as a window over the whole result), however many there are."""
    rows = db.session.execute(
        query.add_columns(func.count().over().label("total")).limit(limit)
    ).all()
    return [row[0] for row in rows], (rows[0].total if rows else 0)


def coached_drivers_first(coach: User, limit: int) -> tuple[list[Driver], int]:
    """The first `limit` of the coach's drivers by name, with their licences, and how many the
    coach has: two statements, however many drivers (the coach's dashboard; the full list,
    filtered, is the drivers page)."""
    return first_with_total(
        db.select(Driver)
        .where(Driver.coach_id == coach.id)
        .options(selectinload(Driver.licences))
        .order_by(Driver.legal_name, Driver.id),
        limit,
    )


def scouting_drivers_first(limit: int) -> tuple[list[Driver], int]:
    """The first `limit` drivers open to scouting by name, with their licences and cohort, and
    how many there are: three statements, however many (the principal's dashboard; the full
    list, filtered and sorted, is the scouting portal)."""
    return first_with_total(
        db.select(Driver)
        .where(Driver.consent_scouting.is_(True))
        .options(selectinload(Driver.licences), selectinload(Driver.cohort))
        .order_by(Driver.legal_name, Driver.id),
        limit,
    )


def drivers_with_documents_due(today: date, days: int = EXPIRY_WARNING_DAYS) -> list[Driver]:
    """Drivers with a licence or medical that has expired or expires within the warning period
    (or `days`; candidates: expiry_flags decides which of them count), with their documents
    loaded: three statements however large the academy."""
    horizon = today + timedelta(days=days)
    due_ids: set[int] = set()
    for document in (Licence, MedicalCertificate):
        due_ids.update(
            db.session.execute(
                db.select(document.driver_id).where(document.expires_on <= horizon).distinct()
            ).scalars()
        )
    if not due_ids:
        return []
    return list(
        db.session.execute(
            db.select(Driver)
            .where(Driver.id.in_(due_ids))
            .options(selectinload(Driver.licences), selectinload(Driver.medicals))
            .order_by(Driver.legal_name)
        ).scalars()
    )


def documents_due(
    today: date,
    limit: int,
    days: int = EXPIRY_WARNING_DAYS,
    *,
    coach_id: int | None = None,
    offset: int = 0,
) -> tuple[list[ExpiryFlag[Driver]], int]:
    """The `limit` soonest of the flags `expiry_flags` would give for every driver (`coach_id`:
    that coach's drivers; `offset`: after the first `offset`, a page further), and how many
    there are in all, by the same rule (academy.validity): the documents of the drivers with
    one due are read as plain rows (two statements), only the drivers shown are loaded (one
    more), however large the academy (the director's and the coach's dashboards)."""
    horizon = today + timedelta(days=days)
    licences = select(Licence.driver_id).where(Licence.expires_on <= horizon)
    medicals = select(MedicalCertificate.driver_id).where(MedicalCertificate.expires_on <= horizon)
    if coach_id is not None:
        licences = licences.join(Driver, Driver.id == Licence.driver_id).where(
            Driver.coach_id == coach_id
        )
        medicals = medicals.join(Driver, Driver.id == MedicalCertificate.driver_id).where(
            Driver.coach_id == coach_id
        )
    candidates = union_all(licences, medicals).subquery()
    documents: dict[str, dict[int, list[Any]]] = {"Licence": {}, "Medical": {}}
    for what, model, columns in (
        ("Licence", Licence, (Licence.grade,)),
        ("Medical", MedicalCertificate, ()),
    ):
        for row in db.session.execute(
            select(model.driver_id, model.issued_on, model.expires_on, *columns).where(
                model.driver_id.in_(select(candidates.c.driver_id))
            )
        ):
            documents[what].setdefault(row.driver_id, []).append(row)
    driver_ids = set(documents["Licence"]) | set(documents["Medical"])
    flags = sorted(
        (
            flag
            for driver_id in driver_ids
            for flag in _flags_of(
                driver_id,
                documents["Licence"].get(driver_id, []),
                documents["Medical"].get(driver_id, []),
                today,
                days,
            )
        ),
        key=lambda flag: (flag.expires_on, flag.driver, flag.what),
    )
    shown = flags[offset : offset + limit]
    if not shown:
        return [], len(flags)
    drivers = {
        driver.id: driver
        for driver in db.session.execute(
            select(Driver).where(Driver.id.in_({flag.driver for flag in shown}))
        ).scalars()
    }
    return [
        ExpiryFlag(drivers[flag.driver], flag.what, flag.expires_on, flag.expired) for flag in shown
    ], len(flags)


def driver_count() -> int:
    return db.session.execute(db.select(func.count(Driver.id))).scalar_one()


def recent_sessions(coach: User | None, limit: int = 10) -> list[CoachingSession]:
    query = (
        db.select(CoachingSession)
        .options(selectinload(CoachingSession.driver), selectinload(CoachingSession.circuit))
        .order_by(CoachingSession.held_on.desc(), CoachingSession.id.desc())
        .limit(limit)
    )
    if coach is not None:
        query = query.where(CoachingSession.coach_id == coach.id)
    return list(db.session.execute(query).scalars())


def latest_results(driver: Driver, limit: int | None = 8) -> list[Result]:
    """The driver's results, newest first, with their race, season, series and circuit
    (all of them when `limit` is None): one statement, every one of those a single row joined
    to the result (five selectin statements cost more than the rest of the dashboard)."""
    return list(
        db.session.execute(
            db.select(Result)
            .join(Result.entry)
            .join(RaceEntry.event)
            .where(Result.driver_id == driver.id)
            .options(
                contains_eager(Result.entry).contains_eager(RaceEntry.event),
                contains_eager(Result.entry)
                .contains_eager(RaceEntry.event)
                .joinedload(Event.season, innerjoin=True)
                .joinedload(Season.series, innerjoin=True),
                contains_eager(Result.entry)
                .contains_eager(RaceEntry.event)
                .joinedload(Event.circuit, innerjoin=True),
            )
            .order_by(Event.starts_on.desc())
            .limit(limit)
        ).scalars()
    )


def users_by_role() -> dict[Role, int]:
    rows = db.session.execute(db.select(User.role, func.count()).group_by(User.role)).all()
    return {role: count for role, count in rows}


def recent_audit_events(limit: int = 10) -> list[AuditEvent]:
    return list(
        db.session.execute(
            db.select(AuditEvent)
            .options(selectinload(AuditEvent.actor))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        ).scalars()
    )
