"""Load what one dossier prints, from the database, in a fixed number of statements.

Each kind loads only what its sections print (a scouting dossier never carries coaching notes
or grade comments). Statements, whatever the size of the driver's history:

- every kind: the driver with cohort, coach and photo (1), licences (1), results with entry,
  event, season, series and circuit (1), every seat of those cars (1), the laps of those cars
  (1: pace against the co-drivers and consistency, as the race debrief has them);
- invitation: the pathway facts (academy.progress.facts_loader: 6) and the coach's formal
  endorsement for the Le Mans invitation (1);
- sponsor: grades (1), sessions (1);
- scouting: field size and fastest lap per race and class (1), grades (1), sessions (1), the
  cohort: its size (1), every member's latest grades (1) and the competency names (1).

The rule set is an argument: the caller picks it once per request (a batch of dossiers uses one).

Coach endorsement: the latest Endorsement for the Le Mans invitation dated on or before the
day, as the coach signed it (academy.endorsements). Without one the dossier says so; a
training note is never printed in its place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from academy.championship.current import championship_standing
from academy.coaching.queries import (
    cohort_medians,
    cohort_state,
    current_grades,
    standing_grade_history,
)
from academy.debrief.analysis import LapData, debrief
from academy.debrief.queries import CLASS_LAP_COLUMNS
from academy.dossiers.pdf.model import (
    CategorisationInfo,
    CoachEndorsement,
    CohortComparison,
    DossierInput,
    DriverIdentity,
    GradeEntry,
    LicenceInfo,
    RaceResultRow,
    RequirementVerdict,
    SessionRow,
    StageVerdict,
    Verification,
)
from academy.endorsements.service import latest_endorsement
from academy.enums import DossierKind, EndorsementPurpose, SessionType
from academy.extensions import db
from academy.models import (
    Circuit,
    CoachingSession,
    Competency,
    Driver,
    Event,
    Grade,
    Lap,
    Licence,
    RaceEntry,
    Result,
    Season,
    Series,
    User,
)
from academy.pathway.engine import evaluate
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import Evidence
from academy.pathway.verdicts import RequirementVerdict as EngineRequirement
from academy.progress.evidence import EvidenceNames
from academy.progress.facts_loader import load_facts
from academy.validity import last_expired, licence_on

# The pathway stages an invitation dossier checks: those about Le Mans itself. A rule set
# whose stage names never say "Le Mans" gets every stage checked instead.
LE_MANS_WORDS = "le mans"


@dataclass(frozen=True)
class ResultRecord:
    """A result row with what evidence lines need to name it."""

    id: int
    row: RaceResultRow


def rule_set_label(rule_set: RuleSet) -> tuple[str, str]:
    """(key as recorded on the dossier, name as printed), both naming the version."""
    return f"{rule_set.key}@{rule_set.version}", f"{rule_set.name} {rule_set.version}"


def load_dossier_input(
    driver_id: int,
    kind: DossierKind,
    *,
    rule_set: RuleSet,
    generated_at: datetime,
    generated_by: str,
    academy_name: str,
    verification: Verification,
) -> DossierInput | None:
    """The dossier of `kind` for a driver, as of `generated_at`'s day; None for an unknown id."""
    as_of = generated_at.date()
    driver = (
        db.session.execute(
            select(Driver)
            .where(Driver.id == driver_id)
            .options(joinedload(Driver.cohort), joinedload(Driver.coach), joinedload(Driver.photo))
        )
        .unique()
        .scalar_one_or_none()
    )
    if driver is None:
        return None

    results = race_results(driver_id, as_of, with_class=kind is DossierKind.SCOUTING)
    grades: tuple[GradeEntry, ...] = ()
    sessions: tuple[SessionRow, ...] = ()
    pathway: tuple[StageVerdict, ...] = ()
    endorsement = None
    cohort = None
    standing = None
    if kind is DossierKind.INVITATION:
        pathway = _pathway(driver_id, rule_set, as_of)
        endorsement = _endorsement(driver, as_of)
        standing = championship_standing(driver_id)
    else:
        private = kind is DossierKind.SPONSOR  # comments and notes never reach a scout
        grades = _grades(driver_id, as_of, with_comments=private)
        sessions = _sessions(driver_id, as_of, with_notes=private)
    if kind is DossierKind.SCOUTING:
        cohort = cohort_comparison(driver, as_of)

    key, name = rule_set_label(rule_set)
    return DossierInput(
        kind=kind,
        academy_name=academy_name,
        rule_set_key=key,
        rule_set_name=name,
        generated_at=generated_at,
        generated_by=generated_by,
        verification=verification,
        driver=DriverIdentity(
            # The cover prints the native-script name on its own line under this one.
            display_name=driver.legal_name,
            legal_name=driver.legal_name,
            native_name=driver.native_name,
            romanised_name=driver.romanised_name,
            nationality=driver.nationality,
            date_of_birth=driver.date_of_birth,
            story=driver.biography if kind is DossierKind.SPONSOR else "",
            photo=driver.photo.data if driver.photo is not None else None,
        ),
        licence=licence_info(driver_id, as_of),
        categorisation=(
            CategorisationInfo(driver.categorisation, driver.categorisation_review_on)
            if driver.categorisation is not None
            else None
        ),
        results=tuple(record.row for record in results),
        grades=grades,
        sessions=sessions,
        pathway=pathway,
        endorsement=endorsement,
        cohort=cohort,
        championship=standing,
    )


# --- licence ---------------------------------------------------------------------------------


def licence_info(driver_id: int, as_of: date) -> LicenceInfo | None:
    """The licence that counts on the day (academy.validity.licence_on), else the last one to
    run out, marked not valid (its dates then show that it ran out); None when none is recorded."""
    licences = list(
        db.session.execute(select(Licence).where(Licence.driver_id == driver_id)).scalars()
    )
    chosen = licence_on(licences, as_of)
    valid = chosen is not None
    chosen = chosen or last_expired(licences, as_of)
    if chosen is None:
        return None
    return LicenceInfo(
        chosen.grade, chosen.asn, chosen.number, chosen.issued_on, chosen.expires_on, valid=valid
    )


# --- results ---------------------------------------------------------------------------------


def race_results(driver_id: int, as_of: date, *, with_class: bool) -> list[ResultRecord]:
    rows = db.session.execute(
        select(Result, RaceEntry, Event, Season.label, Series.name, Circuit.name)
        .join(RaceEntry, Result.entry_id == RaceEntry.id)
        .join(Event, RaceEntry.event_id == Event.id)
        .join(Season, Event.season_id == Season.id)
        .join(Series, Season.series_id == Series.id)
        .join(Circuit, Event.circuit_id == Circuit.id)
        .where(Result.driver_id == driver_id, Event.starts_on <= as_of)
        .order_by(Event.starts_on, Event.id)
    ).all()
    crews = _crews(driver_id, as_of)
    fields = _class_fields(driver_id, as_of) if with_class else {}
    paces = race_paces([(result.entry_id, result.seat) for result, *_ in rows])
    records = []
    for result, entry, event, season, series, circuit in rows:
        others = [seat for seat in crews.get(entry.id, []) if seat[0] != result.id]
        crew_time = sum(seat[2] or 0 for seat in crews.get(entry.id, []))
        other_laps = [seat[3] for seat in others if seat[3]]
        field_size, class_best = fields.get((event.id, entry.race_class), (None, None))
        records.append(
            ResultRecord(
                id=result.id,
                row=RaceResultRow(
                    event=event.name,
                    series=series,
                    season=season,
                    circuit=circuit,
                    race_class=entry.race_class,
                    car=entry.car_number,
                    team=entry.team,
                    co_drivers=tuple(seat[1] for seat in others),
                    position_overall=entry.position_overall,
                    position_in_class=entry.position_in_class,
                    status=entry.status,
                    drive_time_s=(result.drive_time_ms or 0) // 1000,
                    points=float(entry.points or 0),
                    held_on=event.starts_on,
                    best_lap_ms=result.best_lap_ms,
                    night_running=bool(event.night_running),
                    class_field_size=field_size,
                    crew_drive_time_s=crew_time // 1000 if crew_time else None,
                    co_driver_best_lap_ms=min(other_laps) if other_laps else None,
                    class_best_lap_ms=class_best,
                    pace_gap_to_crew_ms=paces.get(result.entry_id, (None, None))[0],
                    consistency_ms=paces.get(result.entry_id, (None, None))[1],
                ),
            )
        )
    return records


def race_paces(seats: list[tuple[int, int]]) -> dict[int, tuple[int | None, float | None]]:
    """Entry id -> (pace gap to co-drivers, consistency) of the given (entry, seat) from the
    stored laps, as the race debrief works them out: one statement, whatever the history."""
    laps: dict[int, list[LapData]] = defaultdict(list)
    for row in db.session.execute(
        select(*CLASS_LAP_COLUMNS)
        .where(Lap.entry_id.in_([entry_id for entry_id, _ in seats]))
        .order_by(Lap.entry_id, Lap.lap_number)
    ):
        laps[row.entry_id].append(LapData(*row[1:]))
    paces = {}
    for entry_id, seat in seats:
        if laps.get(entry_id):
            names = {lap.seat: "" for lap in laps[entry_id]}
            report = debrief(laps[entry_id], seat, names, [])
            paces[entry_id] = (report.gap_to_co_drivers_ms, report.consistency_ms)
    return paces


def _driver_entries(driver_id: int, as_of: date):
    return (
        select(Result.entry_id)
        .join(RaceEntry, Result.entry_id == RaceEntry.id)
        .join(Event, RaceEntry.event_id == Event.id)
        .where(Result.driver_id == driver_id, Event.starts_on <= as_of)
    )


def _crews(driver_id: int, as_of: date) -> dict[int, list[tuple[int, str, int | None, int | None]]]:
    """Every seat of the driver's cars: (result id, name, drive time ms, best lap ms)."""
    rows = db.session.execute(
        select(
            Result.entry_id,
            Result.id,
            func.coalesce(Driver.legal_name, Result.external_name),
            Result.drive_time_ms,
            Result.best_lap_ms,
        )
        .outerjoin(Driver, Result.driver_id == Driver.id)
        .where(Result.entry_id.in_(_driver_entries(driver_id, as_of)))
        .order_by(Result.entry_id, Result.seat)
    ).all()
    crews: dict[int, list[tuple[int, str, int | None, int | None]]] = defaultdict(list)
    for entry_id, result_id, name, drive_ms, best_ms in rows:
        crews[entry_id].append((result_id, name or "", drive_ms, best_ms))
    return crews


def _class_fields(driver_id: int, as_of: date) -> dict[tuple[int, object], tuple[int, int | None]]:
    """Per race and class the driver raced in: how many cars, and the fastest car's lap."""
    events = (
        select(RaceEntry.event_id)
        .join(Result, Result.entry_id == RaceEntry.id)
        .join(Event, RaceEntry.event_id == Event.id)
        .where(Result.driver_id == driver_id, Event.starts_on <= as_of)
    )
    rows = db.session.execute(
        select(
            RaceEntry.event_id,
            RaceEntry.race_class,
            func.count(RaceEntry.id),
            func.min(RaceEntry.best_lap_ms),
        )
        .where(RaceEntry.event_id.in_(events))
        .group_by(RaceEntry.event_id, RaceEntry.race_class)
    ).all()
    return {(event_id, race_class): (count, best) for event_id, race_class, count, best in rows}


# --- coaching --------------------------------------------------------------------------------


def _grades(driver_id: int, as_of: date, *, with_comments: bool) -> tuple[GradeEntry, ...]:
    """The standing grades as of the day, dated by the session they judge, oldest first."""
    rows = standing_grade_history(Grade.driver_id == driver_id, as_of, with_grader=True)
    return tuple(
        GradeEntry(
            competency=grade.competency_name,
            score=float(grade.score),
            graded_on=grade.held_on,
            coach=grade.graded_by,
            comment=grade.comment if with_comments else "",
        )
        for grade in sorted(rows, key=lambda grade: (grade.held_on, grade.id))
    )


def _session_place(session_type: SessionType, circuit: str | None, simulator: str) -> str:
    if session_type is SessionType.SIMULATOR:
        return f"Simulator: {simulator}" if simulator else "Simulator"
    return circuit or ""


def _sessions(driver_id: int, as_of: date, *, with_notes: bool) -> tuple[SessionRow, ...]:
    rows = db.session.execute(
        select(
            CoachingSession.held_on,
            CoachingSession.session_type,
            Circuit.name,
            CoachingSession.simulator_title,
            CoachingSession.laps,
            CoachingSession.best_lap_ms,
            User.display_name,
            CoachingSession.notes,
        )
        .outerjoin(Circuit, CoachingSession.circuit_id == Circuit.id)
        .join(User, CoachingSession.coach_id == User.id)
        .where(CoachingSession.driver_id == driver_id, CoachingSession.held_on <= as_of)
        .order_by(CoachingSession.held_on, CoachingSession.id)
    ).all()
    return tuple(
        SessionRow(
            held_on=held_on,
            session_type=session_type,
            circuit=_session_place(session_type, circuit, simulator or ""),
            laps=laps or 0,
            best_lap_ms=best_lap,
            coach=coach,
            notes=notes if with_notes else "",
        )
        for held_on, session_type, circuit, simulator, laps, best_lap, coach, notes in rows
    )


def cohort_comparison(driver: Driver, as_of: date | None = None) -> CohortComparison | None:
    """The driver's current score per competency (coaching.queries.current_grades, as the
    coaching page shows it) beside the median of the cohort's, as of `as_of`."""
    if driver.cohort is None:
        return None
    state = cohort_state(driver.cohort.id)
    cohort_medians_by_id = cohort_medians(state, as_of)
    names = dict(db.session.execute(select(Competency.id, Competency.name)).all())

    def name(competency_id: int) -> str:
        return names.get(competency_id, str(competency_id))

    return CohortComparison(
        cohort_name=driver.cohort.name,
        cohort_size=state.size,
        driver_scores={
            name(grade.competency_id): float(grade.score)
            for grade in current_grades([driver.id], as_of)
        },
        cohort_medians={name(key): value for key, value in cohort_medians_by_id.items()},
    )


# --- endorsement -----------------------------------------------------------------------------


def _endorsement(driver: Driver, as_of: date) -> CoachEndorsement | None:
    formal = latest_endorsement(driver.id, EndorsementPurpose.LE_MANS_INVITATION, as_of)
    if formal is None:
        return None
    return CoachEndorsement(
        coach_name=formal.coach.display_name, endorsed_on=formal.endorsed_on, text=formal.text
    )


# --- pathway ---------------------------------------------------------------------------------


def _pathway(driver_id: int, rule_set: RuleSet, as_of: date) -> tuple[StageVerdict, ...]:
    loaded = load_facts(driver_id, with_session_labels=True)
    facts = loaded.facts.get(driver_id)
    if facts is None:
        return ()
    verdict = evaluate(facts, rule_set, as_of)
    stages = [s for s in verdict.stages if LE_MANS_WORDS in s.name.lower()] or list(verdict.stages)
    describe = EvidenceNames(facts, loaded.session_labels).dated
    return tuple(
        StageVerdict(
            stage=stage.name,
            eligible=stage.reached,
            requirements=tuple(_requirement(item, describe) for item in stage.requirements),
            reached=stage.label if stage.reached_on else "",
            held=stage.held,
        )
        for stage in stages
    )


def _requirement(
    verdict: EngineRequirement, describe: Callable[[Evidence], str]
) -> RequirementVerdict:
    # A citation (the rule file's internal notes are split off when it is read); the stage order
    # is no source to cite, as on the progress page.
    source = "" if verdict.kind == "previous_stage" else verdict.source
    if verdict.unconfirmed:
        source += " [value not yet confirmed in the governing text]"
    missing = " ".join(part for part in (verdict.missing, *verdict.notes) if part)
    return RequirementVerdict(
        requirement=verdict.label,
        status=verdict.status.value,
        evidence=tuple(describe(item) for item in verdict.evidence),
        missing=missing,
        source=source,
    )
