"""Loading a driver's facts for the engine: a fixed number of statements, honest values."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from academy.enums import Categorisation, RaceClass, ResultStatus, SessionType
from academy.models import Driver
from academy.progress.facts_loader import load_driver_facts, load_facts
from tests.builders import make_driver
from tests.progress.builders import (
    add_grade,
    add_result,
    add_session,
    make_event,
    race_history,
)


def _history(driver, coach, size: int) -> None:
    race_history(driver, size)
    for index in range(size):
        session = add_session(driver, coach, date(2025, 3, 1) + timedelta(days=index))
        add_grade(session, "racecraft", 6)


def test_one_drivers_facts_load_in_the_same_statements_for_a_short_and_a_long_history(
    academy, count_queries
):
    _history(academy.driver, academy.coach, 1)
    _history(academy.other_driver, academy.other_coach, 12)
    short_id, long_id = academy.driver.id, academy.other_driver.id
    with count_queries() as short:
        load_driver_facts(short_id)
    with count_queries() as long:
        facts = load_driver_facts(long_id)
    assert len(facts.results) == 12 and len(facts.grades) == 12
    assert len(short) == len(long) == 8  # one per table, the dated categorisations too


def test_many_drivers_load_in_the_same_statements_for_5_and_50(app, count_queries):
    drivers = [make_driver() for _ in range(50)]
    for driver in drivers[:5]:
        race_history(driver, 2)
    five = select(Driver.id).where(Driver.id.in_([driver.id for driver in drivers[:5]]))
    with count_queries() as few:
        small = load_facts(five)
    with count_queries() as many:
        large = load_facts(select(Driver.id))
    assert len(small.drivers) == 5 and len(large.drivers) == 50
    assert len(few) == len(many) == 8


def test_a_result_without_drive_time_has_no_drive_time_rather_than_zero(academy):
    add_result(academy.driver, make_event(date(2026, 2, 1)), drive_time_ms=None)
    (result,) = load_driver_facts(academy.driver.id).results
    assert result.drive_time_seconds is None


def test_drive_time_is_kept_in_whole_seconds(academy):
    add_result(academy.driver, make_event(date(2026, 2, 1)), drive_time_ms=5_400_999)
    (result,) = load_driver_facts(academy.driver.id).results
    assert result.drive_time_seconds == 5400


def test_a_night_race_counts_as_night_when_the_driver_drove_night_laps(academy):
    add_result(academy.driver, make_event(date(2026, 2, 1), night=True), night_laps=12)
    (result,) = load_driver_facts(academy.driver.id).results
    assert result.night is True


def test_a_night_race_without_night_laps_for_the_driver_is_not_night_running(academy):
    add_result(academy.driver, make_event(date(2026, 2, 1), night=True), night_laps=0)
    (result,) = load_driver_facts(academy.driver.id).results
    assert result.night is False


def test_a_night_race_with_night_laps_unknown_counts_as_night(academy):
    add_result(academy.driver, make_event(date(2026, 2, 1), night=True), night_laps=None)
    (result,) = load_driver_facts(academy.driver.id).results
    assert result.night is True


def test_a_day_race_is_never_night_running(academy):
    add_result(academy.driver, make_event(date(2026, 2, 1), night=False), night_laps=None)
    (result,) = load_driver_facts(academy.driver.id).results
    assert result.night is False


def test_a_result_carries_series_class_status_length_and_event_name(academy):
    event = make_event(date(2025, 10, 18), series="ELMS", hours=4, name="ELMS Portimao")
    add_result(academy.driver, event, race_class=RaceClass.LMP2, status=ResultStatus.DNF)
    (result,) = load_driver_facts(academy.driver.id).results
    assert (result.series_code, result.race_class, result.status) == (
        "ELMS",
        RaceClass.LMP2,
        ResultStatus.DNF,
    )
    assert result.race_duration_hours == 4.0
    assert result.event_date == date(2025, 10, 18)
    assert result.event_name == "ELMS Portimao"


def test_external_co_drivers_are_nobodys_facts(academy):
    add_result(academy.driver, make_event(date(2026, 2, 1)), co_driver="Nico Varga")
    loaded = load_facts(select(Driver.id))
    assert sum(len(facts.results) for facts in loaded.facts.values()) == 1


def test_a_corrected_grade_counts_once_with_its_latest_score(academy):
    session = add_session(academy.driver, academy.coach, date(2026, 3, 1))
    first = add_grade(session, "racecraft", 5)
    add_grade(session, "racecraft", 8, supersedes=first)
    (grade,) = load_driver_facts(academy.driver.id).grades
    assert (grade.competency_key, grade.score, grade.graded_on) == (
        "racecraft",
        8,
        date(2026, 3, 1),
    )


def test_sessions_keep_type_laps_and_night(academy):
    add_session(
        academy.driver,
        academy.coach,
        date(2026, 5, 20),
        session_type=SessionType.SIMULATOR,
        laps=40,
        night=True,
    )
    (session,) = load_driver_facts(academy.driver.id).sessions
    assert (session.session_type, session.laps, session.night) == (SessionType.SIMULATOR, 40, True)


def test_session_labels_name_the_simulator_when_asked_for(academy):
    session = add_session(
        academy.driver,
        academy.coach,
        date(2026, 5, 20),
        session_type=SessionType.SIMULATOR,
        title="ACO-approved Le Mans simulator day",
    )
    loaded = load_facts(academy.driver.id, with_session_labels=True)
    assert loaded.session_labels[session.id] == "ACO-approved Le Mans simulator day"


def test_missing_birth_date_and_categorisation_stay_missing(app):
    driver = make_driver(
        date_of_birth=None, categorisation=None, licence=None, medical_expires=None
    )
    facts = load_driver_facts(driver.id)
    assert facts.date_of_birth is None and facts.categorisation is None
    assert facts.licences == () and facts.medicals == ()


def test_licences_and_medicals_are_loaded_with_their_dates(academy):
    facts = load_driver_facts(academy.driver.id)
    (licence,) = facts.licences
    (medical,) = facts.medicals
    assert licence.expires_on == date(2099, 12, 31) and medical.expires_on == date(2099, 12, 31)
    assert facts.categorisation is Categorisation.SILVER


def test_an_unknown_driver_has_no_facts(app):
    assert load_driver_facts(424242) is None
