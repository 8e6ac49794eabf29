"""What the principals' portal loads. Consent is part of every query: a driver who withdraws it
is gone from the next page, the next download and the rest of a ZIP being built.

The list runs a fixed number of statements whatever the academy's size: the filtered, ordered
driver ids (with their count), the nationalities, and the pathway facts of the drivers shown
(academy.progress.facts_loader, six statements), evaluated by the pure engine. Sorting by name,
age, nationality or category is done in SQL and the page cut there; sorting by licence, starts
or pathway stage (worked out in Python) evaluates every driver the filters keep, as the stage
filter does: still the same statements, more drivers through the engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, case, exists, func, select

from academy.drivers.queries import name_matches
from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus
from academy.extensions import db
from academy.models import Driver, Licence, RaceEntry, Result
from academy.pathway.engine import PreparedRuleSet, prepare
from academy.pathway.facts import DriverFacts, LicenceFact
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import DriverPathway
from academy.permissions import is_admin
from academy.progress.facts_loader import DriverSummary, LoadedFacts, load_facts
from academy.validity import age_on, born_by_for_age, licence_on

PAGE_SIZE = 50


@dataclass(frozen=True)
class ScoutingFilters:
    category: Categorisation | None = None
    min_licence: LicenceGrade | None = None
    race_class: RaceClass | None = None
    stage: str | None = None  # a stage key of the rule set: drivers who reached it
    text: str = ""  # a name in any form (academy.drivers.queries.name_matches)
    nationality: str | None = None
    min_age: int | None = None
    max_age: int | None = None


# The columns a principal may sort by: query-string key -> column heading. Anything else in
# `sort` is ignored (the list stays in name order).
SORT_KEYS = {
    "name": "Driver",
    "age": "Age",
    "nationality": "Nat.",
    "category": "Category",
    "licence": "Licence",
    "starts": "Starts",
    "stage": "Pathway stage reached",
}
# Sorted after evaluation (the value is worked out in Python, not stored).
COMPUTED_SORTS = frozenset({"licence", "starts", "stage"})


@dataclass(frozen=True)
class Sort:
    key: str = "name"
    descending: bool = False

    @classmethod
    def parse(cls, raw: str | None) -> Sort:
        """'age' sorts by that column ascending, '-age' descending; an unknown key gives the
        default order (by name)."""
        raw = (raw or "").strip()
        descending = raw.startswith("-")
        key = raw.lstrip("-")
        if key not in SORT_KEYS:
            return cls()
        return cls(key, descending)

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def toggled(self, key: str) -> str:
        """The `sort` value of a column heading's link: the other direction when it is the
        current column, ascending otherwise."""
        if key == self.key and not self.descending:
            return f"-{key}"
        return key


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


def filtered_ids(filters: ScoutingFilters, as_of: date, sort: Sort | None = None) -> Select[Any]:
    """Ids of consenting drivers that pass the database-side filters, in the sort's order when
    SQL can give it (by name otherwise)."""
    query = select(Driver.id).where(Driver.consent_scouting.is_(True))
    matches = name_matches(filters.text)
    if matches is not None:
        query = query.where(matches)
    if filters.nationality:
        query = query.where(Driver.nationality == filters.nationality)
    if filters.min_age is not None:
        query = query.where(Driver.date_of_birth <= born_by_for_age(filters.min_age, as_of))
    if filters.max_age is not None:
        query = query.where(Driver.date_of_birth > born_by_for_age(filters.max_age + 1, as_of))
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
    return query.order_by(*_sql_order(sort or Sort()), Driver.legal_name, Driver.id)


def _sql_order(sort: Sort) -> list[Any]:
    """ORDER BY terms for the sorts SQL can do; none for the computed ones. Unknown ages and
    categories go last whichever the direction."""
    if sort.key == "age":
        # Older first is an earlier birth date: ascending age is descending date of birth.
        born = Driver.date_of_birth.asc() if sort.descending else Driver.date_of_birth.desc()
        return [Driver.date_of_birth.is_(None), born]
    if sort.key == "nationality":
        return [Driver.nationality.desc() if sort.descending else Driver.nationality.asc()]
    if sort.key == "category":
        rank = case(
            *((Driver.categorisation == category, category.rank) for category in Categorisation)
        )
        return [Driver.categorisation.is_(None), rank.desc() if sort.descending else rank.asc()]
    if sort.key == "name" and sort.descending:
        return [Driver.legal_name.desc(), Driver.id.desc()]
    return []


def _computed_key(row: ScoutingRow, key: str, stage_order: dict[str, int]) -> tuple[Any, ...]:
    """The sort value of a row for a computed column, unknowns last (the caller keeps them
    last when descending)."""
    if key == "licence":
        return (row.licence is None, row.licence.grade.rank if row.licence else 0)
    if key == "starts":
        return (False, row.starts)
    return (row.stage_reached is None, stage_order.get(row.stage_reached or "", -1))


def _sorted_rows(rows: list[ScoutingRow], sort: Sort, rule_set: RuleSet) -> list[ScoutingRow]:
    if sort.key not in COMPUTED_SORTS:
        return rows
    stage_order = {stage.name: index for index, stage in enumerate(rule_set.stages)}
    known = [row for row in rows if not _computed_key(row, sort.key, stage_order)[0]]
    unknown = [row for row in rows if _computed_key(row, sort.key, stage_order)[0]]
    # sorted() is stable: equal values keep the name order the query gave.
    known.sort(key=lambda row: _computed_key(row, sort.key, stage_order), reverse=sort.descending)
    return known + unknown


def portal_page(
    filters: ScoutingFilters,
    rule_set: RuleSet,
    as_of: date,
    page: int = 1,
    sort: Sort | None = None,
) -> ScoutingPage:
    sort = sort or Sort()
    ids_query = filtered_ids(filters, as_of, sort)
    if filters.stage is None and sort.key not in COMPUTED_SORTS:
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
    rows = _sorted_rows([row for row, reached in evaluated if reached], sort, rule_set)
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
    scouted = scouted_drivers(selection, rule_set, as_of)
    summaries = {summary.id: summary for summary in scouted.loaded.drivers}
    out = []
    for driver_id in ids:  # the order the filter gave
        summary = summaries.get(driver_id)
        facts = scouted.loaded.facts.get(driver_id)
        if summary is None or facts is None:
            continue
        row, pathway = scouted.row(summary, facts)
        out.append((row, _reached(pathway, stage)))
    return out


@dataclass(frozen=True)
class ScoutedDrivers:
    """What a scouting row of the selected drivers is made from, loaded in a fixed number of
    statements: their facts, nationalities and the rule set ready for the day."""

    loaded: LoadedFacts
    nationalities: dict[int, str]
    prepared: PreparedRuleSet
    as_of: date

    def row(self, summary: DriverSummary, facts: DriverFacts) -> tuple[ScoutingRow, DriverPathway]:
        pathway = self.prepared.evaluate(facts)
        return _row(summary, facts, pathway, self.nationalities, self.as_of), pathway


def scouted_drivers(selection: Select[Any], rule_set: RuleSet, as_of: date) -> ScoutedDrivers:
    loaded = load_facts(selection)
    nationalities = dict(
        db.session.execute(
            select(Driver.id, Driver.nationality).where(Driver.id.in_(selection))
        ).all()
    )
    return ScoutedDrivers(loaded, nationalities, prepare(rule_set, as_of), as_of)


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


def nationalities() -> list[str]:
    """The nationalities of the drivers open to scouting, for the filter (one statement)."""
    return list(
        db.session.execute(
            select(Driver.nationality)
            .where(Driver.consent_scouting.is_(True))
            .distinct()
            .order_by(Driver.nationality)
        ).scalars()
    )


def rows_for(ids: Sequence[int], rule_set: RuleSet, as_of: date) -> list[ScoutingRow]:
    """The list rows of these (consenting, checked by the caller) drivers, in this order: the
    same statements as one page of the portal."""
    selection = select(Driver.id).where(Driver.id.in_(ids))
    return [row for row, _ in _rows_with_stage(ids, selection, rule_set, as_of, None)]
