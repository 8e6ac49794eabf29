"""What the engine needs to know about one driver, as plain frozen data.

A loader fills these from the database in a fixed number of queries (one per
table, for one driver or for a whole cohort); the engine never asks for more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus, SessionType


@dataclass(frozen=True, slots=True)
class LicenceFact:
    id: int
    grade: LicenceGrade
    issued_on: date | None
    expires_on: date | None


@dataclass(frozen=True, slots=True)
class MedicalFact:
    id: int
    expires_on: date | None
    issued_on: date | None = None


@dataclass(frozen=True, slots=True)
class ResultFact:
    """One driver's result in one race (the car's result, the driver's drive time)."""

    id: int
    event_date: date
    series_code: str
    race_class: RaceClass
    status: ResultStatus
    drive_time_seconds: int | None = None
    race_duration_hours: float | None = None
    night: bool = False
    event_name: str = ""
    position_overall: int | None = None
    position_in_class: int | None = None
    # Whether the driver drove the race's minimum driving time (the series' sporting
    # regulations set it per race); None: not known, which never counts as met.
    driving_time_minimum_met: bool | None = None


@dataclass(frozen=True, slots=True)
class SessionFact:
    id: int
    held_on: date
    session_type: SessionType
    laps: int | None = None
    night: bool = False
    aco_approved: bool = False  # a simulator session on a simulator the ACO approved


@dataclass(frozen=True, slots=True)
class CategorisationFact:
    """The driver's FIA category from `effective_on` until the next record's day."""

    category: Categorisation | None  # None: not categorised from that day
    effective_on: date


@dataclass(frozen=True, slots=True)
class GradeFact:
    """One score on one competency, given in a coaching session."""

    session_id: int
    competency_key: str
    score: float
    graded_on: date


@dataclass(frozen=True, slots=True)
class DriverFacts:
    driver_id: int
    date_of_birth: date | None = None
    categorisation: Categorisation | None = None
    licences: tuple[LicenceFact, ...] = ()
    medicals: tuple[MedicalFact, ...] = ()
    results: tuple[ResultFact, ...] = ()
    sessions: tuple[SessionFact, ...] = ()
    grades: tuple[GradeFact, ...] = ()
    name: str = field(default="", compare=False)
    # The dated history, oldest first; when empty, `categorisation` holds on every day.
    categorisations: tuple[CategorisationFact, ...] = ()

    def categorisation_on(self, day: date) -> Categorisation | None:
        """The FIA category that applied on `day`: the latest record in effect by then."""
        if not self.categorisations:
            return self.categorisation
        found = None
        for record in self.categorisations:
            if record.effective_on <= day:
                found = record.category
            else:
                break
        return found
