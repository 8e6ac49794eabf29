"""What the driver pages load: each function a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from academy.enums import Categorisation, ResultStatus, Role
from academy.extensions import db
from academy.models import Cohort, Driver, Event, ImportBatch, RaceEntry, Result, Season, User
from academy.results.timing.parsed import TimingFormat
from academy.text import search_key


@dataclass(frozen=True)
class DriverFilters:
    text: str = ""
    cohort_id: int | None = None
    categorisation: Categorisation | None = None
    coach_id: int | None = None


def search_terms(text: str) -> list[str]:
    """The words of a search, in the form `Driver.search_text` stores names."""
    return search_key(text).split()


def name_matches(text: str) -> ColumnElement[bool] | None:
    """The SQL condition "a name of the driver matches the search": every word of it in any
    name form (legal, native script, romanised; any case, accents or none), or, without the
    spaces, the name written with them ('佐藤蓮' finds '佐藤 蓮'). None for an empty search."""
    terms = search_terms(text)
    if not terms:
        return None
    every_word = [Driver.search_text.contains(term, autoescape=True) for term in terms]
    compact = "".join(terms)
    joined = func.replace(Driver.search_text, " ", "").contains(compact, autoescape=True)
    return or_(and_(*every_word), joined)


def find_drivers(viewer: User, filters: DriverFilters) -> list[Driver]:
    """Drivers the viewer may see (a coach: their own), matching every word of the search in
    any name form: legal name, native script or romanisation, any case, accents or none.
    A search without spaces also matches a name written with them ('佐藤蓮' finds '佐藤 蓮')."""
    query = (
        db.select(Driver)
        .options(
            selectinload(Driver.licences),
            selectinload(Driver.medicals),
            selectinload(Driver.cohort),
            selectinload(Driver.coach),
        )
        .order_by(Driver.legal_name, Driver.id)
    )
    if viewer.role is Role.COACH:
        query = query.where(Driver.coach_id == viewer.id)
    elif filters.coach_id is not None:
        query = query.where(Driver.coach_id == filters.coach_id)
    matches = name_matches(filters.text)
    if matches is not None:
        query = query.where(matches)
    if filters.cohort_id is not None:
        query = query.where(Driver.cohort_id == filters.cohort_id)
    if filters.categorisation is not None:
        query = query.where(Driver.categorisation == filters.categorisation)
    return list(db.session.execute(query).scalars())


def driver_for_profile(driver_id: int) -> Driver | None:
    """The driver with cohort, coach and account joined into the driver's own statement (one
    row each: a join costs nothing, a statement each cost half the page's SQL), and licences
    and medicals in one statement each: three statements."""
    return db.session.execute(
        db.select(Driver)
        .where(Driver.id == driver_id)
        .options(
            selectinload(Driver.licences),
            selectinload(Driver.medicals),
            joinedload(Driver.cohort),
            joinedload(Driver.coach),
            joinedload(Driver.user),
        )
    ).scalar_one_or_none()


def _profile_content_key_statement() -> Any:
    coach = aliased(User)
    account = aliased(User)
    return (
        select(
            *Driver.__table__.c,
            Cohort.name.label("cohort_name"),
            coach.display_name.label("coach_name"),
            account.email.label("account_email"),
        )
        .outerjoin(Cohort, Cohort.id == Driver.cohort_id)
        .outerjoin(coach, coach.id == Driver.coach_id)
        .outerjoin(account, account.id == Driver.user_id)
        .where(Driver.id == bindparam("driver_id"))
    )


# Built once: building it (two aliases, every column) cost as much CPU as the three statements
# of the page it keys.
_PROFILE_CONTENT_KEY = _profile_content_key_statement()


def profile_content_key(driver_id: int) -> Any:
    """Everything the driver page shows that no version counts, in one statement: the driver's
    row (every column; drivers.facts_version counts their licences, medicals and results),
    their cohort's name, their coach's name and their account's address. None: no such
    driver. With the coach's and account's ids, which the access check reads."""
    return db.session.connection().execute(_PROFILE_CONTENT_KEY, {"driver_id": driver_id}).first()


@dataclass(frozen=True)
class RecordSummary:
    starts: int
    classified: int
    class_wins: int
    class_podiums: int
    drive_time_ms: int


def record_summary(driver_id: int) -> RecordSummary:
    """Career totals in one statement."""
    classified = RaceEntry.status == ResultStatus.CLASSIFIED
    row = db.session.execute(
        db.select(
            func.count(Result.id),
            func.count(Result.id).filter(classified),
            func.count(Result.id).filter(classified, RaceEntry.position_in_class == 1),
            func.count(Result.id).filter(classified, RaceEntry.position_in_class <= 3),
            func.coalesce(func.sum(Result.drive_time_ms), 0),
        )
        .join(Result.entry)
        .where(Result.driver_id == driver_id, RaceEntry.status != ResultStatus.DNS)
    ).one()
    return RecordSummary(*(int(value) for value in row))


def driver_results(driver_id: int) -> list[Result]:
    """Every result of the driver with its car, event, season, series, circuit and the other
    seats of the car (co-drivers): two statements, whatever the length of the history."""
    return list(
        db.session.execute(
            db.select(Result)
            .where(Result.driver_id == driver_id)
            .options(
                joinedload(Result.entry)
                .joinedload(RaceEntry.event)
                .joinedload(Event.season)
                .joinedload(Season.series),
                joinedload(Result.entry).joinedload(RaceEntry.event).joinedload(Event.circuit),
                joinedload(Result.entry).selectinload(RaceEntry.results).joinedload(Result.driver),
            )
        )
        .unique()
        .scalars()
    )


def lap_analysis_only_entries(entry_ids: list[int]) -> set[int]:
    """Entries whose status came from a lap analysis alone (it has no status): one statement."""
    if not entry_ids:
        return set()
    rows = db.session.execute(
        db.select(RaceEntry.id)
        .join(ImportBatch, ImportBatch.id == RaceEntry.import_batch_id)
        .where(
            RaceEntry.id.in_(entry_ids),
            ImportBatch.file_format == TimingFormat.ALKAMEL_LAP_ANALYSIS.value,
            RaceEntry.position_overall.is_(None),
        )
    ).scalars()
    return set(rows)


def cohorts() -> list[Cohort]:
    return list(
        db.session.execute(db.select(Cohort).order_by(Cohort.year.desc(), Cohort.name)).scalars()
    )


def coaches() -> list[User]:
    return list(
        db.session.execute(
            db.select(User)
            .where(User.role == Role.COACH, User.active.is_(True))
            .order_by(User.display_name)
        ).scalars()
    )


def free_driver_accounts(driver: Driver | None) -> list[User]:
    """Driver accounts not linked to a profile (and the one linked to this driver)."""
    linked = db.select(Driver.user_id).where(Driver.user_id.is_not(None))
    if driver is not None and driver.id is not None:
        linked = linked.where(Driver.id != driver.id)
    return list(
        db.session.execute(
            db.select(User)
            .where(User.role == Role.DRIVER, User.id.not_in(linked))
            .order_by(User.display_name)
        ).scalars()
    )


def driver_of_user(user: User, *, with_documents: bool = False) -> Driver | None:
    """The driver profile linked to a user account (with licences, medicals and cohort loaded
    when asked: one statement more for each)."""
    query = db.select(Driver).where(Driver.user_id == user.id)
    if with_documents:
        query = query.options(
            selectinload(Driver.licences),
            selectinload(Driver.medicals),
            joinedload(Driver.cohort),
        )
    return db.session.execute(query).scalar_one_or_none()
