"""Load the pathway facts of drivers from the database, one query per table.

One driver or ten thousand: the same eight statements (drivers, their dated categorisations,
licences, medicals, results with their car, the races of those results with their series,
sessions, grades), each filtered
by the same driver selection, plain columns only (no ORM objects), grouped by driver in Python.
The engine then needs nothing more.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Float,
    SQLColumnExpression,
    String,
    bindparam,
    cast,
    func,
    select,
    true,
    type_coerce,
)
from sqlalchemy.sql.elements import ColumnElement

from academy.championship.loader import class_name_of
from academy.championship.minimum import minimum_met
from academy.coaching.queries import standing_grade_history
from academy.enums import Categorisation, RaceClass, ResultStatus, SessionType
from academy.extensions import AnySelect, db, plain_rows
from academy.models import (
    CategorisationRecord,
    Circuit,
    CoachingSession,
    Cohort,
    Driver,
    Event,
    Grade,
    Licence,
    MedicalCertificate,
    RaceEntry,
    Result,
    Season,
    Series,
)
from academy.pathway.facts import (
    CategorisationFact,
    DriverFacts,
    GradeFact,
    LicenceFact,
    MedicalFact,
    ResultFact,
    SessionFact,
)
from academy.progress.collector import collector_paused

# Which drivers to load: one id, a list of ids, a SELECT of Driver.id (used as a subquery in
# every query), or EVERY_DRIVER (no filter at all, so the database reads each table straight
# through).
Selection = int | list[int] | AnySelect | None
EVERY_DRIVER = None

# Enum columns are read as their stored text and looked up here: for hundreds of thousands of
# rows a dict lookup is much cheaper than the column type's own conversion.
_RACE_CLASSES = {member.value: member for member in RaceClass}
_RESULT_STATUSES = {member.value: member for member in ResultStatus}
_SESSION_TYPES = {member.value: member for member in SessionType}
_CATEGORIES = {member.value: member for member in Categorisation}


@dataclass(frozen=True, slots=True)
class DriverSummary:
    """What a page shows about a driver beside the verdicts."""

    id: int
    legal_name: str
    native_name: str | None
    cohort_id: int | None
    cohort_name: str | None
    coach_id: int | None
    user_id: int | None
    categorisation: Categorisation | None
    consent_scouting: bool
    facts_version: int = 0  # see Driver.facts_version

    @property
    def display_name(self) -> str:
        if self.native_name and self.native_name != self.legal_name:
            return f"{self.legal_name} ({self.native_name})"
        return self.legal_name


@dataclass(frozen=True)
class LoadedFacts:
    drivers: list[DriverSummary]  # ordered by name
    facts: dict[int, DriverFacts]  # by driver id
    # "Simulator: ACO-approved Le Mans simulator day" by session id (only when asked for).
    session_labels: dict[int, str] = field(default_factory=dict)

    def in_order(self) -> list[DriverFacts]:
        return [self.facts[driver.id] for driver in self.drivers]


def _matches(column: SQLColumnExpression[Any], drivers: Selection) -> ColumnElement[bool]:
    if drivers is EVERY_DRIVER:
        return column.is_not(None)  # results of external co-drivers belong to no driver
    if isinstance(drivers, int):
        return column == drivers
    return column.in_(drivers)


def load_facts(drivers: Selection, *, with_session_labels: bool = False) -> LoadedFacts:
    """The facts of the selected drivers, in eight statements whatever their number."""
    with collector_paused():
        summaries, basics = _drivers(drivers)
        return _load(drivers, with_session_labels, summaries, basics)


def load_facts_of_row(row: Any, *, with_session_labels: bool = False) -> LoadedFacts:
    """One driver's facts, their row of drivers_query already read (the page read it for its
    access check and its stored content's key): the drivers table is not read again."""
    summary = summary_of(row)
    with collector_paused():
        return _load(
            summary.id,
            with_session_labels,
            [summary],
            {summary.id: (summary.legal_name, row[10], summary.categorisation)},
        )


def facts_of_loaded_driver(driver: Driver) -> DriverFacts:
    """The facts of a driver a page has already loaded with its licences, medicals and cohort
    (drivers.queries.driver_of_user(with_documents=True)): those are read from it, the rest
    in five statements (categorisations, results, their races, sessions, grades)."""
    summary = DriverSummary(
        id=driver.id,
        legal_name=driver.legal_name,
        native_name=driver.native_name,
        cohort_id=driver.cohort_id,
        cohort_name=driver.cohort.name if driver.cohort else None,
        coach_id=driver.coach_id,
        user_id=driver.user_id,
        categorisation=driver.categorisation,
        consent_scouting=bool(driver.consent_scouting),
        facts_version=driver.facts_version,
    )
    basics = {driver.id: (driver.legal_name, driver.date_of_birth, driver.categorisation)}
    with collector_paused():
        loaded = _load(
            driver.id,
            False,
            [summary],
            basics,
            licences={driver.id: [_licence_fact(licence) for licence in driver.licences]},
            medicals={driver.id: [_medical_fact(medical) for medical in driver.medicals]},
        )
    return loaded.facts[driver.id]


def _load(
    drivers: Selection,
    with_session_labels: bool,
    summaries: list[DriverSummary],
    basics: dict[int, tuple],
    *,
    licences: dict[int, list[LicenceFact]] | None = None,
    medicals: dict[int, list[MedicalFact]] | None = None,
) -> LoadedFacts:
    categorisations = _categorisations(drivers)
    if licences is None:
        licences = _licences(drivers)
    if medicals is None:
        medicals = _medicals(drivers)
    results = _results(
        drivers, categorisations, {driver_id: basic[2] for driver_id, basic in basics.items()}
    )
    sessions, labels = _sessions(drivers, with_session_labels)
    grades = _grades(drivers)
    facts = {
        driver_id: DriverFacts(
            driver_id=driver_id,
            date_of_birth=born,
            categorisation=category,
            licences=tuple(licences.get(driver_id, ())),
            medicals=tuple(medicals.get(driver_id, ())),
            results=tuple(results.get(driver_id, ())),
            sessions=tuple(sessions.get(driver_id, ())),
            grades=tuple(grades.get(driver_id, ())),
            name=name,
            categorisations=tuple(categorisations.get(driver_id, ())),
        )
        for driver_id, (name, born, category) in basics.items()
    }
    return LoadedFacts(drivers=summaries, facts=facts, session_labels=labels)


def load_driver_facts(driver_id: int, *, with_session_labels: bool = False) -> DriverFacts | None:
    """One driver's facts (None for an unknown id)."""
    return load_facts(driver_id, with_session_labels=with_session_labels).facts.get(driver_id)


# --- one query per table ----------------------------------------------------------------------


# What a page shows about a driver beside the verdicts (DriverSummary), and what the engine
# reads from the drivers table itself: the columns, in the order summary_of reads them.
_DRIVER_COLUMNS = (
    Driver.id,
    Driver.legal_name,
    Driver.native_name,
    Driver.cohort_id,
    Cohort.name,
    Driver.coach_id,
    Driver.user_id,
    Driver.categorisation,
    Driver.consent_scouting,
    Driver.facts_version,
    Driver.date_of_birth,
)


def drivers_query(drivers: Selection, *extra_columns: Any) -> AnySelect:
    """The driver columns (then extra_columns) of the selected drivers, by name."""
    return (
        select(*_DRIVER_COLUMNS, *extra_columns)
        .outerjoin(Cohort, Driver.cohort_id == Cohort.id)
        .where(_matches(Driver.id, drivers))
        .order_by(Driver.legal_name, Driver.id)
    )


# One driver's row of drivers_query, built once (a page's key and access check read it on
# every view: building the statement cost more than running it).
_ONE_DRIVER = (
    select(*_DRIVER_COLUMNS)
    .outerjoin(Cohort, Driver.cohort_id == Cohort.id)
    .where(Driver.id == bindparam("driver_id"))
)


def driver_row(driver_id: int) -> Any:
    """One driver's row of drivers_query (None: no such driver)."""
    return db.session.connection().execute(_ONE_DRIVER, {"driver_id": driver_id}).first()


def summary_of(row: Any) -> DriverSummary:
    """A DriverSummary from a row of drivers_query."""
    return DriverSummary(
        id=row[0],
        legal_name=row[1],
        native_name=row[2],
        cohort_id=row[3],
        cohort_name=row[4],
        coach_id=row[5],
        user_id=row[6],
        categorisation=row[7],
        consent_scouting=bool(row[8]),
        facts_version=row[9],
    )


def _drivers(drivers: Selection) -> tuple[list[DriverSummary], dict[int, tuple]]:
    """Read first, so a driver's facts_version is never newer than the facts read after it."""
    summaries = []
    basics: dict[int, tuple] = {}
    for row in plain_rows(drivers_query(drivers)):
        summary = summary_of(row)
        summaries.append(summary)
        basics[summary.id] = (summary.legal_name, row[10], summary.categorisation)
    return summaries, basics


def _categorisations(drivers: Selection) -> dict[int, list[CategorisationFact]]:
    """The dated history, oldest first (a driver without one keeps drivers.categorisation)."""
    grouped: dict[int, list[CategorisationFact]] = defaultdict(list)
    rows = plain_rows(
        select(
            CategorisationRecord.driver_id,
            type_coerce(CategorisationRecord.category, String),
            CategorisationRecord.effective_on,
        )
        .where(_matches(CategorisationRecord.driver_id, drivers))
        .order_by(CategorisationRecord.driver_id, CategorisationRecord.effective_on)
    )
    categories = _CATEGORIES
    for driver_id, category, effective_on in rows:
        grouped[driver_id].append(
            CategorisationFact(
                category=None if category is None else categories[category],
                effective_on=effective_on,
            )
        )
    return grouped


def _licences(drivers: Selection) -> dict[int, list[LicenceFact]]:
    grouped: dict[int, list[LicenceFact]] = defaultdict(list)
    rows = plain_rows(
        select(
            Licence.driver_id, Licence.id, Licence.grade, Licence.issued_on, Licence.expires_on
        ).where(_matches(Licence.driver_id, drivers))
    )
    for row in rows:
        grouped[row.driver_id].append(_licence_fact(row))
    return grouped


def _licence_fact(licence: Any) -> LicenceFact:
    """From a row of _licences or a loaded Licence."""
    return LicenceFact(
        id=licence.id,
        grade=licence.grade,
        issued_on=licence.issued_on,
        expires_on=licence.expires_on,
    )


def _medicals(drivers: Selection) -> dict[int, list[MedicalFact]]:
    grouped: dict[int, list[MedicalFact]] = defaultdict(list)
    rows = plain_rows(
        select(
            MedicalCertificate.driver_id,
            MedicalCertificate.id,
            MedicalCertificate.issued_on,
            MedicalCertificate.expires_on,
        ).where(_matches(MedicalCertificate.driver_id, drivers))
    )
    for row in rows:
        grouped[row.driver_id].append(_medical_fact(row))
    return grouped


def _medical_fact(medical: Any) -> MedicalFact:
    """From a row of _medicals or a loaded MedicalCertificate."""
    return MedicalFact(id=medical.id, issued_on=medical.issued_on, expires_on=medical.expires_on)


def _results(
    drivers: Selection,
    categorisations: dict[int, list[CategorisationFact]] | None = None,
    current_category: dict[int, Categorisation | None] | None = None,
) -> dict[int, list[ResultFact]]:
    """Two statements: the drivers' results with their car's class, status and crew size, then
    the races they were in (a race is shared by many results, so its date and name are read
    once). Whether each driver met the race's minimum driving time comes from the season's
    sporting rules with the driver's category on the race day (`categorisations`, the dated
    history; without it, not known)."""
    crew_size = (
        select(func.count(Result.id))
        .where(Result.entry_id == RaceEntry.id)
        .correlate(RaceEntry)
        .scalar_subquery()
    )
    entries = (
        select(Result.driver_id, Result.id, RaceEntry.event_id)
        .join(RaceEntry, Result.entry_id == RaceEntry.id)
        .where(_matches(Result.driver_id, drivers))
    )
    rows = plain_rows(
        entries.with_only_columns(
            Result.driver_id,
            Result.id,
            RaceEntry.event_id,
            type_coerce(RaceEntry.race_class, String),
            type_coerce(RaceEntry.status, String),
            Result.drive_time_ms,
            Result.night_laps,
            RaceEntry.position_overall,
            RaceEntry.position_in_class,
            RaceEntry.class_name,
            crew_size,
        )
    )
    events = {
        event_id: (
            starts_on,
            code,
            None if hours is None else float(hours),
            bool(night),
            name,
            label,
        )
        for event_id, starts_on, code, hours, night, name, label in plain_rows(
            select(
                Event.id,
                Event.starts_on,
                Series.code,
                cast(Event.duration_hours, Float),
                Event.night_running,
                Event.name,
                Season.label,
            )
            .join(Season, Event.season_id == Season.id)
            .join(Series, Season.series_id == Series.id)
            .where(
                true()
                if drivers is EVERY_DRIVER
                else Event.id.in_(entries.with_only_columns(RaceEntry.event_id).distinct())
            )
        )
    }
    grouped: dict[int, list[ResultFact]] = defaultdict(list)
    race_classes, statuses = _RACE_CLASSES, _RESULT_STATUSES
    for (
        driver_id,
        result_id,
        event_id,
        race_class,
        status,
        drive_time_ms,
        night_laps,
        overall,
        in_class,
        class_name,
        crew,
    ) in rows:
        starts_on, series_code, hours, night_running, event_name, label = events[event_id]
        history = (categorisations or {}).get(driver_id)
        category = (
            DriverFacts(driver_id, categorisations=tuple(history)).categorisation_on(starts_on)
            if history
            else (current_category or {}).get(driver_id)
        )
        grouped[driver_id].append(
            ResultFact(
                id=result_id,
                event_date=starts_on,
                series_code=series_code,
                race_class=race_classes[race_class],
                status=statuses[status],
                # No drive time recorded stays None: the engine says so instead of guessing.
                drive_time_seconds=None if drive_time_ms is None else drive_time_ms // 1000,
                race_duration_hours=hours,
                # A night race counts for a driver who drove laps in the dark; when the timing
                # did not say how many, the race itself ran at night.
                night=night_running and (night_laps is None or night_laps > 0),
                event_name=event_name,
                position_overall=overall,
                position_in_class=in_class,
                driving_time_minimum_met=minimum_met(
                    series_code,
                    label,
                    class_name_of(class_name, race_classes[race_class]),
                    category,
                    crew,
                    drive_time_ms,
                ),
            )
        )
    return grouped


def _sessions(
    drivers: Selection, with_labels: bool
) -> tuple[dict[int, list[SessionFact]], dict[int, str]]:
    grouped: dict[int, list[SessionFact]] = defaultdict(list)
    labels: dict[int, str] = {}
    columns = [
        CoachingSession.driver_id,
        CoachingSession.id,
        CoachingSession.held_on,
        type_coerce(CoachingSession.session_type, String),
        CoachingSession.laps,
        CoachingSession.night,
        CoachingSession.aco_approved,
    ]
    query = select(*columns)
    if with_labels:
        query = select(*columns, CoachingSession.simulator_title, Circuit.name).outerjoin(
            Circuit, CoachingSession.circuit_id == Circuit.id
        )
    for row in plain_rows(query.where(_matches(CoachingSession.driver_id, drivers))):
        driver_id, session_id, held_on, session_type, laps, night, approved = row[:7]
        grouped[driver_id].append(
            SessionFact(
                id=session_id,
                held_on=held_on,
                session_type=_SESSION_TYPES[session_type],
                laps=laps,
                night=bool(night),
                aco_approved=bool(approved),
            )
        )
        if with_labels:
            title, circuit = row[7], row[8]
            labels[session_id] = title or circuit or ""
    return grouped, labels


def _grades(drivers: Selection) -> dict[int, list[GradeFact]]:
    grouped: dict[int, list[GradeFact]] = defaultdict(list)
    for grade in standing_grade_history(_matches(Grade.driver_id, drivers)):
        grouped[grade.driver_id].append(
            GradeFact(
                session_id=grade.session_id,
                competency_key=grade.competency_key,
                score=grade.score,
                graded_on=grade.held_on,
            )
        )
    return grouped
