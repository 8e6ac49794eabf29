"""The board's stored standings: used only while they hold (same rule set, same facts, a day
within their quiet days), and every change to a fact, however it is written, ends them."""

from __future__ import annotations

import dataclasses
import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, insert, select, update

from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus, SessionType
from academy.extensions import db
from academy.models import (
    CategorisationRecord,
    CoachingSession,
    Competency,
    Driver,
    Event,
    Licence,
    MedicalCertificate,
    PathwayStanding,
    RaceEntry,
    Result,
    Season,
    Series,
)
from academy.progress.facts_loader import EVERY_DRIVER
from academy.progress.rule_sets import current_rule_set
from academy.progress.standings import board_standings, store_todays_standings
from tests.builders import academy_day, login, make_driver
from tests.progress.builders import add_grade, add_result, add_session, make_event
from tests.progress.conftest import board_column, make_lmp3_ready

TODAY = academy_day()


def facts_version(driver: Driver) -> int:
    return db.session.execute(
        select(Driver.facts_version).where(Driver.id == driver.id)
    ).scalar_one()


def stored() -> dict[int, PathwayStanding]:
    db.session.expire_all()
    rows = db.session.execute(select(PathwayStanding)).scalars()
    return {row.driver_id: row for row in rows}


def board_html(client, **query) -> str:
    response = client.get("/pathway/board", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- every change to a fact bumps the driver's facts_version (database triggers) -----------------


def _result(academy) -> Result:
    return add_result(academy.driver, make_event(TODAY - timedelta(days=30)))


def _session(academy) -> CoachingSession:
    return add_session(academy.driver, academy.coach, TODAY - timedelta(days=3))


def _set(model, row_id: int, **values) -> None:
    db.session.execute(update(model).where(model.id == row_id).values(**values))


CHANGES = {
    "result recorded": lambda academy, setup: _result(academy),
    "result drive time corrected": lambda academy, result: _set(
        Result, result.id, drive_time_ms=1000
    ),
    "result removed": lambda academy, result: db.session.delete(result),
    "race entry class changed": lambda academy, result: _set(
        RaceEntry, result.entry_id, race_class=RaceClass.LMP2
    ),
    "race entry status changed": lambda academy, result: _set(
        RaceEntry, result.entry_id, status=ResultStatus.DSQ
    ),
    "event date moved": lambda academy, result: _set(
        Event, result.entry.event_id, starts_on=TODAY - timedelta(days=400)
    ),
    "season moved to another series": lambda academy, result: _set(
        Season,
        result.entry.event.season_id,
        series_id=db.session.execute(
            insert(Series).values(code="ELMS", name="ELMS").returning(Series.id)
        ).scalar_one(),
    ),
    "series code changed": lambda academy, result: _set(
        Series, result.entry.event.season.series_id, code="WEC"
    ),
    "licence added": lambda academy, setup: db.session.add(
        Licence(
            driver_id=academy.driver.id,
            grade=LicenceGrade.INTERNATIONAL_C,
            asn="JAF",
            number="C-1",
            issued_on=TODAY,
            expires_on=TODAY + timedelta(days=300),
        )
    ),
    "licence expiry changed": lambda academy, setup: db.session.execute(
        update(Licence)
        .where(Licence.driver_id == academy.driver.id)
        .values(expires_on=TODAY + timedelta(days=5))
    ),
    "medical removed": lambda academy, setup: db.session.execute(
        MedicalCertificate.__table__.delete().where(
            MedicalCertificate.driver_id == academy.driver.id
        )
    ),
    "session logged": lambda academy, setup: _session(academy),
    "session made a night session": lambda academy, setup: _set(
        CoachingSession, _session(academy).id, night=True
    ),
    "session type changed": lambda academy, session: _set(
        CoachingSession, session.id, session_type=SessionType.SIMULATOR
    ),
    "grade given": lambda academy, session: add_grade(session, "racecraft", 6),
    "competency renamed": lambda academy, session: _set(
        Competency, add_grade(session, "racecraft", 6).competency_id, key="race_craft"
    ),
    "date of birth corrected": lambda academy, setup: _set(
        Driver, academy.driver.id, date_of_birth=date(2004, 2, 29)
    ),
    "categorisation changed": lambda academy, setup: _set(
        Driver, academy.driver.id, categorisation=Categorisation.GOLD
    ),
    "dated categorisation recorded": lambda academy, setup: _categorisation_record(academy),
    "dated categorisation moved": lambda academy, record: _set(
        CategorisationRecord, record.id, effective_on=TODAY - timedelta(days=700)
    ),
    "dated categorisation removed": lambda academy, record: db.session.delete(record),
    "session marked ACO-approved": lambda academy, session: _set(
        CoachingSession, session.id, aco_approved=True
    ),
}


def _categorisation_record(academy) -> CategorisationRecord:
    record = CategorisationRecord(
        driver_id=academy.driver.id, category=Categorisation.SILVER, effective_on=TODAY
    )
    db.session.add(record)
    return record


# What a change needs to exist first: a result, a coaching session, or nothing.
SETUP = {
    "result drive time corrected": _result,
    "result removed": _result,
    "race entry class changed": _result,
    "race entry status changed": _result,
    "event date moved": _result,
    "season moved to another series": _result,
    "series code changed": _result,
    "session type changed": _session,
    "grade given": _session,
    "competency renamed": _session,
    "dated categorisation moved": _categorisation_record,
    "dated categorisation removed": _categorisation_record,
    "session marked ACO-approved": _session,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_to_a_fact_bumps_the_drivers_facts_version(app, academy, change):
    setup = SETUP.get(change, lambda academy: None)(academy)
    db.session.commit()
    before = facts_version(academy.driver)
    other_before = facts_version(academy.other_driver)
    CHANGES[change](academy, setup)
    db.session.commit()
    assert facts_version(academy.driver) > before
    assert facts_version(academy.other_driver) == other_before


def test_a_grade_correction_bumps_it(app, academy):
    grade = add_grade(_session(academy), "racecraft", 5)
    before = facts_version(academy.driver)
    add_grade(grade.session, "racecraft", 8, supersedes=grade)
    assert facts_version(academy.driver) > before


def test_a_bulk_insert_bumps_it_too(app, academy):
    """The timing importer writes with bulk inserts, not ORM objects: the triggers see those."""
    entry = add_result(academy.other_driver, make_event(TODAY)).entry
    before = facts_version(academy.driver)
    db.session.execute(
        insert(Result), [{"entry_id": entry.id, "driver_id": academy.driver.id, "seat": 3}]
    )
    db.session.commit()
    assert facts_version(academy.driver) == before + 1


def test_changes_the_engine_does_not_read_leave_it(app, academy):
    before = facts_version(academy.driver)
    _set(
        Driver,
        academy.driver.id,
        legal_name="Ren Sato-Hamilton",
        biography="Karting champion.",
        consent_scouting=True,
        coach_id=academy.other_coach.id,
    )
    db.session.commit()
    assert facts_version(academy.driver) == before


def test_only_the_drivers_in_a_changed_race_are_bumped(app, academy):
    result = _result(academy)
    add_result(academy.other_driver, make_event(TODAY - timedelta(days=9)))
    db.session.commit()
    other_before = facts_version(academy.other_driver)
    _set(Event, result.entry.event_id, duration_hours=24)
    db.session.commit()
    assert facts_version(academy.other_driver) == other_before


# --- the board uses stored standings while they hold -------------------------------------------


def test_viewing_the_board_stores_nothing(client, academy):
    login(client, academy.admin)
    board_html(client)
    assert stored() == {}


def test_the_store_command_stores_every_drivers_standing_for_today(runner, academy):
    assert runner.invoke(args=["pathway", "store-standings"]).exit_code == 0
    rows = stored()
    assert set(rows) == {academy.driver.id, academy.other_driver.id}
    for row in rows.values():
        assert row.evaluated_on == TODAY
        assert row.valid_through >= TODAY
        assert row.rule_set_ref == current_rule_set().ref


def test_a_board_of_another_day_stores_nothing(client, academy):
    login(client, academy.admin)
    board_html(client, as_of=(TODAY - timedelta(days=30)).isoformat())
    board_html(client, as_of=(TODAY + timedelta(days=30)).isoformat())
    assert stored() == {}


def test_a_second_board_evaluates_nobody_afresh(app, academy):
    rule_set = current_rule_set()
    first = board_standings(EVERY_DRIVER, rule_set, TODAY, store=True)
    db.session.commit()
    second = board_standings(EVERY_DRIVER, rule_set, TODAY, store=True)
    assert len(first.pathways) == 2 and first.stored == 0
    assert second.pathways == {} and second.stored == 2
    assert second.standings == first.standings


def board_cards(html: str) -> str:
    """The board itself, without the page around it (whose sign-out form carries a CSRF
    token that changes from one second to the next)."""
    return html[html.index('<div class="board">') :]


def test_the_board_reads_the_same_from_stored_standings_as_worked_out_afresh(client, app):
    from tests.demo.seed import seed_demo

    seed_demo(2026)
    db.session.commit()
    client.post(
        "/login",
        data={"email": "director@asia-endurance.academy", "password": "Sepang-Sunset-2026"},
    )
    drivers = db.session.execute(select(db.func.count(Driver.id))).scalar()
    for filters in ({}, {"status": "expiring"}, {"race_class": "LMP2"}, {"status": "unknown"}):
        db.session.execute(delete(PathwayStanding))
        db.session.commit()
        afresh = board_cards(board_html(client, **filters))
        store_todays_standings(current_rule_set())
        db.session.commit()
        assert len(stored()) == drivers
        assert board_cards(board_html(client, **filters)) == afresh, filters


def test_recording_results_moves_a_driver_on_at_once(client, academy):
    login(client, academy.admin)
    assert "Ren Sato" in board_column(board_html(client), "none")
    make_lmp3_ready(academy.driver, academy.coach, TODAY)
    html = board_html(client)
    assert "Ren Sato" in board_column(html, "alms-lmp3")
    assert "Ren Sato" not in board_column(html, "none")


def test_a_licence_running_out_is_flagged_without_any_new_fact(client, academy):
    """The standing stored today ends before the licence comes within its warning days."""
    db.session.execute(
        update(Licence)
        .where(Licence.driver_id == academy.driver.id)
        .values(expires_on=TODAY + timedelta(days=90))
    )
    db.session.commit()
    rule_set = current_rule_set()
    board_standings(EVERY_DRIVER, rule_set, TODAY, store=True)
    db.session.commit()
    row = stored()[academy.driver.id]
    assert row.valid_through < TODAY + timedelta(days=90)
    later = board_standings(EVERY_DRIVER, rule_set, TODAY + timedelta(days=89), store=False)
    assert academy.driver.id in later.pathways  # worked out afresh, not read from the store
    assert "expiring" in later.standings[academy.driver.id].flags


def test_another_rule_set_does_not_use_the_stored_standings(app, academy):
    rule_set = current_rule_set()
    board_standings(EVERY_DRIVER, rule_set, TODAY, store=True)
    db.session.commit()
    newer = dataclasses.replace(rule_set, version="2099.1")
    again = board_standings(EVERY_DRIVER, newer, TODAY, store=True)
    assert again.stored == 0
    db.session.commit()
    assert {row.rule_set_ref for row in stored().values()} == {newer.ref}


def test_a_stored_standing_that_disagrees_is_logged_and_the_board_shows_the_truth(
    client, academy, caplog
):
    login(client, academy.admin)
    store_todays_standings(current_rule_set())
    db.session.commit()
    # A change made behind the triggers' back (it cannot happen through SQL, so fake it).
    db.session.execute(
        update(PathwayStanding)
        .where(PathwayStanding.driver_id == academy.driver.id)
        .values(current_stage="le-mans-24h", next_stage=None, flags="met")
    )
    db.session.commit()
    with caplog.at_level(logging.WARNING):
        html = board_html(client)
    assert "stored pathway standings out of date" in caplog.text
    assert "Ren Sato" in board_column(html, "none")
    assert "Ren Sato" not in board_column(html, "le-mans-24h")
    assert stored()[academy.driver.id].current_stage == "le-mans-24h"  # the GET wrote nothing
    store_todays_standings(current_rule_set(), afresh=True)
    db.session.commit()
    assert stored()[academy.driver.id].current_stage != "le-mans-24h"


def test_the_stored_board_runs_the_same_statements_for_5_and_50_drivers(
    client, academy, count_queries
):
    login(client, academy.admin)
    for index in range(3):
        make_driver(legal_name=f"Driver {index}")
    store_todays_standings(current_rule_set())
    db.session.commit()
    with count_queries() as few:
        board_html(client)
    for index in range(45):
        make_driver(legal_name=f"More {index}")
    store_todays_standings(current_rule_set())
    db.session.commit()
    with count_queries() as many:
        board_html(client)
    assert len(many) == len(few)


def test_store_standings_command_stores_today_for_everyone(runner, academy):
    result = runner.invoke(args=["pathway", "store-standings"])
    assert result.exit_code == 0, result.output
    assert "2 standings worked out and stored, 0 still current" in result.output
    assert len(stored()) == 2
    result = runner.invoke(args=["pathway", "store-standings"])
    assert "0 standings worked out and stored, 2 still current" in result.output
