"""Small builders for pathway tests: facts with sensible defaults, and rule sets written as
data (through the loader, as a rule file would be)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus, SessionType
from academy.pathway.engine import evaluate
from academy.pathway.facts import (
    DriverFacts,
    GradeFact,
    LicenceFact,
    MedicalFact,
    ResultFact,
    SessionFact,
)
from academy.pathway.loader import parse_rule_set
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import RequirementVerdict

AS_OF = date(2026, 6, 1)
_ids = itertools.count(1)


def result(
    on: date,
    *,
    series: str = "ALMS",
    race_class: RaceClass = RaceClass.LMP3,
    status: ResultStatus = ResultStatus.CLASSIFIED,
    drive_seconds: int | None = 3600,
    hours: float | None = 4.0,
    night: bool = False,
    minimum_met: bool | None = None,
    id: int | None = None,
) -> ResultFact:
    return ResultFact(
        id=next(_ids) if id is None else id,
        event_date=on,
        series_code=series,
        race_class=race_class,
        status=status,
        drive_time_seconds=drive_seconds,
        race_duration_hours=hours,
        night=night,
        driving_time_minimum_met=minimum_met,
    )


def session(
    on: date,
    session_type: SessionType = SessionType.TRACK,
    *,
    laps: int | None = 20,
    night: bool = False,
    id: int | None = None,
) -> SessionFact:
    return SessionFact(
        id=next(_ids) if id is None else id,
        held_on=on,
        session_type=session_type,
        laps=laps,
        night=night,
    )


def grade(competency: str, score: float, on: date, *, session_id: int | None = None) -> GradeFact:
    return GradeFact(
        session_id=next(_ids) if session_id is None else session_id,
        competency_key=competency,
        score=score,
        graded_on=on,
    )


def licence(
    grade: LicenceGrade,
    expires_on: date | None,
    *,
    issued_on: date | None = date(2026, 1, 1),
    id: int | None = None,
) -> LicenceFact:
    return LicenceFact(
        id=next(_ids) if id is None else id, grade=grade, issued_on=issued_on, expires_on=expires_on
    )


def medical(
    expires_on: date | None, *, issued_on: date | None = date(2026, 1, 1), id: int | None = None
) -> MedicalFact:
    return MedicalFact(
        id=next(_ids) if id is None else id, expires_on=expires_on, issued_on=issued_on
    )


def driver(
    *,
    born: date | None = date(2000, 1, 1),
    categorisation: Categorisation | None = Categorisation.SILVER,
    licences: tuple[LicenceFact, ...] = (),
    medicals: tuple[MedicalFact, ...] = (),
    results: tuple[ResultFact, ...] = (),
    sessions: tuple[SessionFact, ...] = (),
    grades: tuple[GradeFact, ...] = (),
    driver_id: int = 1,
) -> DriverFacts:
    return DriverFacts(
        driver_id=driver_id,
        date_of_birth=born,
        categorisation=categorisation,
        licences=licences,
        medicals=medicals,
        results=results,
        sessions=sessions,
        grades=grades,
    )


def rule_data(*stages: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A rule file as parsed TOML; stages are {'key', 'name', 'requirements': [...]}."""
    data: dict[str, Any] = {
        "key": "test-rules",
        "name": "Test rules",
        "version": "1",
        "season": "2026",
        "effective_from": date(2025, 1, 1),
        "stages": list(stages),
    }
    data.update(top)
    return data


def requirement(kind: str, id: str = "r", **fields: Any) -> dict[str, Any]:
    return {"id": id, "kind": kind, "source": "Test regulation, art. 1", **fields}


def stage(key: str, *requirements: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name": fields.pop("name", key.upper()),
        "requirements": list(requirements),
        **fields,
    }


def one_rule(kind: str, **fields: Any) -> RuleSet:
    """A rule set of one stage holding one requirement (id 'r') of `kind`."""
    return parse_rule_set(rule_data(stage("only", requirement(kind, **fields))), "test.toml")


def verdict_for(facts: DriverFacts, rule_set: RuleSet, as_of: date = AS_OF) -> RequirementVerdict:
    """The verdict on the first requirement of the first stage."""
    return evaluate(facts, rule_set, as_of).stages[0].requirements[0]
