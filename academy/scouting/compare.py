"""Two to four drivers side by side: ratings (each competency's latest grade,
academy.coaching.queries.current_grades), the pathway (the engine's verdicts), the race record
and pace (the dossier loader's race results, with pace as the debrief works it out).

Statements, whatever the drivers' histories: the drivers (1), the competency names (1), the
latest grades of all of them (1), the pathway facts of all of them (6), then per driver its
race results (4) and licences (1): at most 29 for four drivers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from academy.coaching.queries import current_grades
from academy.dossiers.loader import licence_info, race_results
from academy.dossiers.pdf.model import LicenceInfo
from academy.enums import Categorisation
from academy.extensions import db
from academy.models import Competency, Driver
from academy.pathway.engine import prepare
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import DriverPathway
from academy.progress.facts_loader import load_facts
from academy.scouting.stats import PaceSummary, RaceStats, pace_summary, race_stats
from academy.validity import age_on

MIN_COMPARED, MAX_COMPARED = 2, 4


class CompareError(ValueError):
    """A selection that cannot be compared, in words for the page."""


@dataclass(frozen=True)
class ComparedDriver:
    id: int
    display_name: str
    nationality: str
    age: int | None
    category: Categorisation | None
    licence: LicenceInfo | None
    ratings: dict[str, int]  # competency name -> latest score
    pathway: DriverPathway | None
    stats: RaceStats
    pace: PaceSummary


@dataclass(frozen=True)
class Comparison:
    drivers: list[ComparedDriver]
    competencies: list[str]  # every competency any of them was graded on, in rubric order
    stage_names: list[tuple[str, str]]  # (key, name) of the rule set's stages


def selection(raw: Sequence[str]) -> list[int]:
    """The distinct driver ids asked for, in order; a CompareError for too few or too many."""
    ids: list[int] = []
    for value in raw:
        if value.strip().isdigit() and int(value) not in ids:
            ids.append(int(value))
    if len(ids) < MIN_COMPARED:
        raise CompareError(
            f"Choose at least {MIN_COMPARED} drivers to compare (you chose {len(ids) or 'none'})."
        )
    if len(ids) > MAX_COMPARED:
        raise CompareError(
            f"Compare at most {MAX_COMPARED} drivers at a time (you chose {len(ids)}); "
            "untick some and compare again."
        )
    return ids


def drivers_in(ids: Sequence[int]) -> dict[int, Driver]:
    return {
        driver.id: driver
        for driver in db.session.execute(select(Driver).where(Driver.id.in_(ids))).scalars()
    }


def compare(drivers: Sequence[Driver], rule_set: RuleSet, as_of: date) -> Comparison:
    """The comparison of drivers the caller loaded and checked (consent, existence)."""
    ids = [driver.id for driver in drivers]
    chosen = select(Driver.id).where(Driver.id.in_(ids))
    competencies = list(
        db.session.execute(
            select(Competency.id, Competency.name).order_by(Competency.position, Competency.id)
        ).all()
    )
    names = dict(competencies)
    scores: dict[int, dict[str, int]] = {driver_id: {} for driver_id in ids}
    for grade in current_grades(chosen):
        scores[grade.driver_id][names.get(grade.competency_id, "?")] = grade.score
    loaded = load_facts(chosen)
    prepared = prepare(rule_set, as_of)
    compared = []
    for driver in drivers:
        facts = loaded.facts.get(driver.id)
        records = race_results(driver.id, as_of, with_class=False)
        compared.append(
            ComparedDriver(
                id=driver.id,
                display_name=driver.display_name,
                nationality=driver.nationality,
                age=age_on(driver.date_of_birth, as_of) if driver.date_of_birth else None,
                category=driver.categorisation,
                licence=licence_info(driver.id, as_of),
                ratings=scores[driver.id],
                pathway=prepared.evaluate(facts) if facts is not None else None,
                stats=race_stats(records),
                pace=pace_summary(records),
            )
        )
    graded = {name for ratings in scores.values() for name in ratings}
    return Comparison(
        drivers=compared,
        competencies=[name for _, name in competencies if name in graded],
        stage_names=[(stage.key, stage.name) for stage in rule_set.stages],
    )
