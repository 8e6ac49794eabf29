"""What the principals' portal loads. Consent is part of every query: a driver who withdraws it
is gone from the next page, the next download and the rest of a ZIP being built.

The list runs a fixed number of statements whatever the academy's size: the filtered, ordered
driver ids (with their count), the nationalities, and the pathway facts of the drivers shown
(academy.progress.facts_loader, six statements), evaluated by the pure engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, select

from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus
from academy.extensions import db
from academy.models import Driver, Licence, RaceEntry, Result
from academy.pathway.engine import prepare
from academy.pathway.facts import DriverFacts, LicenceFact
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import DriverPathway
from academy.permissions import is_admin
from academy.progress.facts_loader import load_facts
from academy.validity import age_on, licence_on

PAGE_SIZE = 50


@dataclass(frozen=True)
class ScoutingFilters:
    category: Categorisation | None = None
    min_licence: LicenceGrade | None = None
    race_class: RaceClass | None = None
    stage: str | None = None  # a stage key of the rule set: drivers who reached it


@dataclass(frozen=True)
class ScoutingRow:
    id: int
    display_name: str
    nationality: str
    age: int | None
    category: Categorisation | None
    licence: LicenceFact | None  # the licence that counts on the day
    classes: tuple[RaceClass, ...]
    starts: int
    classified: int
    stage_reached: str | None  # the name of the highest stage reached
    next_stage: str | None


@dataclass(frozen=True)
class ScoutingPage:
    rows: list[ScoutingRow]
    total: int
    page: int
    pages: int


def may_scout(user: Any, driver: Driver) -> bool:
    """A principal, or the director looking through the portal: consenting drivers only."""
    return (
        user.is_authenticated
        and (user.role.value == "principal" or is_admin(user))
        and bool(driver.consent_scouting)
    )


def consenting(driver_id: int) -> bool:
    """Asked of the database each time, never of an object loaded earlier."""
    return bool(
        db.session.execute(
            select(Driver.consent_scouting).where(Driver.id == driver_id)
        ).scalar_one_or_none()
    )


def filtered_ids(filters: ScoutingFilters, as_of: date) -> Select[Any]:
    """Ids of consenting drivers that pass the database-side filters, ordered by name."""
    query = select(Driver.id).where(Driver.consent_scouting.is_(True))
    if filters.category is not None:
        query = query.where(Driver.categorisation == filters.category)
    if filters.min_licence is not None:
        grades = [grade for grade in LicenceGrade if grade >= filters.min_licence]
        query = query.where(
            exists().where(
                Licence.driver_id == Driver.id,
                Licence.grade.in_(grades),
                # academy.validity.valid_on, in SQL
                Licence.issued_on <= as_of,
                Licence.expires_on >= as_of,
            )
        )
    if filters.race_class is not None:
        query = query.where(
            exists()
            .where(Result.driver_id == Driver.id)
            .where(Result.entry_id == RaceEntry.id)
            .where(RaceEntry.race_class == filters.race_class)
        )
    return query.order_by(Driver.legal_name, Driver.id)


def portal_page(
    filters: ScoutingFilters, rule_set: RuleSet, as_of: date, page: int = 1
) -> ScoutingPage:
    ids_query = filtered_ids(filters, as_of)
    if filters.stage is None:
        # Without a pathway filter the page is cut in SQL: only its drivers are evaluated.
        total = db.session.execute(
            select(func.count()).select_from(ids_query.order_by(None).subquery())
        ).scalar_one()
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(page, 1), pages)
        ids = list(
            db.session.execute(ids_query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).scalars()
        )
        selection = select(Driver.id).where(Driver.id.in_(ids))
        rows = [row for row, _ in _rows_with_stage(ids, selection, rule_set, as_of, None)]
        return ScoutingPage(rows, total, page, pages)
    ids = list(db.session.execute(ids_query).scalars())
    evaluated = _rows_with_stage(ids, ids_query.order_by(None), rule_set, as_of, filters.stage)
    rows = [row for row, reached in evaluated if reached]
    total = len(rows)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    return ScoutingPage(rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], total, page, pages)


def _rows_with_stage(
    ids: Sequence[int],
    selection: Select[Any],
    rule_set: RuleSet,
    as_of: date,
    stage: str | None,
) -> list[tuple[ScoutingRow, bool]]:
    """Rows for `ids` (in that order), which `selection` selects as a subquery."""
    if not ids:
        return []
    loaded = load_facts(selection)
    nationalities = dict(
        db.session.execute(
            select(Driver.id, Driver.nationality).where(Driver.id.in_(selection))
        ).all()
    )
    prepared = prepare(rule_set, as_of)
    summaries = {summary.id: summary for summary in loaded.drivers}
    out = []
    for driver_id in ids:  # the order the filter gave
        summary = summaries.get(driver_id)
        facts = loaded.facts.get(driver_id)
        if summary is None or facts is None:
            continue
        pathway = prepared.evaluate(facts)
        out.append((_row(summary, facts, pathway, nationalities, as_of), _reached(pathway, stage)))
    return out


def _reached(pathway: DriverPathway, stage: str | None) -> bool:
    if stage is None:
        return True
    verdict = pathway.stage(stage)
    return verdict is not None and verdict.reached


def _row(summary, facts: DriverFacts, pathway: DriverPathway, nationalities, as_of: date):
    results = [result for result in facts.results if result.event_date <= as_of]
    classes = sorted(
        {result.race_class for result in results}, key=lambda c: list(RaceClass).index(c)
    )
    return ScoutingRow(
        id=summary.id,
        display_name=summary.display_name,
        nationality=nationalities.get(summary.id, ""),
        age=age_on(facts.date_of_birth, as_of) if facts.date_of_birth else None,
        category=facts.categorisation,
        licence=licence_on(facts.licences, as_of),
        classes=tuple(classes),
        starts=sum(1 for result in results if result.status is not ResultStatus.DNS),
        classified=sum(1 for result in results if result.status is ResultStatus.CLASSIFIED),
        stage_reached=pathway.current.name if pathway.current else None,
        next_stage=pathway.next.name if pathway.next else None,
    )


def driver_pathway(
    driver_id: int, rule_set: RuleSet, as_of: date
) -> tuple[DriverFacts, DriverPathway] | None:
    loaded = load_facts(driver_id)
    facts = loaded.facts.get(driver_id)
    if facts is None:
        return None
    return facts, prepare(rule_set, as_of).evaluate(facts)
