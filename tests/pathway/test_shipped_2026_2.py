"""The shipped rule set, version 2026.2, against 2026.1 (kept loadable in rulesets/archive):
each limitation of issue 13 gave a wrong verdict under 2026.1 and a right one now."""

from __future__ import annotations

import dataclasses
from datetime import date

from academy.enums import Categorisation, LicenceGrade, RaceClass, SessionType
from academy.pathway.engine import Status, evaluate, evaluate_licence_grade
from academy.pathway.loader import (
    RULESETS_DIR,
    available_rule_sets,
    load_rule_set,
    load_rule_set_by_key,
)
from tests.pathway.builders import AS_OF, driver, licence, result, session

NEW = load_rule_set_by_key("alms-to-le-mans")
OLD = load_rule_set(RULESETS_DIR / "archive" / "alms-to-le-mans-2026.1.toml")


def _status(facts, rule_set, requirement_id, as_of=AS_OF):
    pathway = evaluate(facts, rule_set, as_of)
    for stage in pathway.stages:
        for verdict in stage.requirements:
            if verdict.requirement_id == requirement_id:
                return verdict.status
    raise AssertionError(requirement_id)


def test_the_new_version_is_the_shipped_one_and_the_old_stays_loadable():
    assert (NEW.key, NEW.version) == ("alms-to-le-mans", "2026.2")
    assert (OLD.key, OLD.version) == ("alms-to-le-mans", "2026.1")
    assert available_rule_sets() == ["alms-to-le-mans"]  # the archive is not a second key


def test_a_test_day_of_9_and_3_laps_meets_the_10_laps_over_the_day():
    facts = driver(
        sessions=(
            session(date(2026, 4, 26), SessionType.TEST_DAY, laps=9),
            session(date(2026, 4, 26), SessionType.TEST_DAY, laps=3),
        )
    )
    assert _status(facts, OLD, "le-mans-rookie.test-day") is Status.NOT_MET
    assert _status(facts, NEW, "le-mans-rookie.test-day") is Status.MET


def test_a_night_simulator_session_is_no_night_running_any_more():
    facts = driver(sessions=(session(date(2026, 3, 1), SessionType.SIMULATOR, night=True),))
    assert _status(facts, OLD, "elms-lmp2.night") is Status.MET
    assert _status(facts, NEW, "elms-lmp2.night") is Status.NOT_MET
    night_test = driver(sessions=(session(date(2026, 3, 1), SessionType.TRACK, night=True),))
    assert _status(night_test, NEW, "elms-lmp2.night") is Status.MET


def test_only_an_aco_approved_simulator_session_is_the_simulator_day():
    plain = session(date(2026, 3, 1), SessionType.SIMULATOR)
    assert _status(driver(sessions=(plain,)), OLD, "le-mans-rookie.simulator") is Status.MET
    assert _status(driver(sessions=(plain,)), NEW, "le-mans-rookie.simulator") is Status.NOT_MET
    approved = dataclasses.replace(plain, aco_approved=True)
    assert _status(driver(sessions=(approved,)), NEW, "le-mans-rookie.simulator") is Status.MET


def test_an_lmgt3_driver_with_a_c_licence_meets_the_le_mans_licence_by_class():
    facts = driver(
        categorisation=Categorisation.BRONZE,
        licences=(licence(LicenceGrade.INTERNATIONAL_C, date(2027, 12, 31)),),
    )
    assert _status(facts, OLD, "le-mans-24h.licence") is Status.NOT_MET
    assert _status(facts, NEW, "le-mans-24h.licence") is Status.MET


def test_a_bronze_driver_is_refused_for_hypercar_but_not_for_lmp2():
    facts = driver(
        categorisation=Categorisation.BRONZE,
        licences=(licence(LicenceGrade.INTERNATIONAL_A, date(2027, 12, 31)),),
    )
    pathway = evaluate(facts, NEW, AS_OF)
    group = next(
        v
        for s in pathway.stages
        for v in s.requirements
        if v.requirement_id == "le-mans-rookie.licence"
    )
    parts = {part.requirement_id: part.status for part in group.parts}
    assert parts["le-mans-rookie.hypercar"] is Status.NOT_MET
    assert parts["le-mans-rookie.lmp2"] is Status.MET


def test_six_classified_alms_lmp2_starts_reach_the_alms_lmp2_seat():
    lmp2 = tuple(result(date(2025, m, 1), race_class=RaceClass.LMP2) for m in range(1, 7))
    facts = driver(
        results=lmp2, licences=(licence(LicenceGrade.INTERNATIONAL_B, date(2027, 1, 1)),)
    )
    assert not evaluate(facts, OLD, AS_OF).stage("alms-lmp2").reached
    stage = evaluate(facts, NEW, AS_OF).stage("alms-lmp2")
    assert stage.reached and stage.reached_on == date(2025, 1, 1)


def test_platinum_drivers_are_refused_for_the_lmp3_seat():
    facts = driver(categorisation=Categorisation.PLATINUM)
    assert _status(facts, NEW, "alms-lmp3.no-platinum") is Status.NOT_MET
    assert _status(facts, NEW, "alms-lmp3.categorised") is Status.MET


def test_grade_a_asks_for_five_top_five_finishes():
    finishes = tuple(
        dataclasses.replace(result(date(2025, m, 1), series="WEC"), position_overall=place)
        for m, place in enumerate((8, 9, 12, 7, 10), start=1)
    )
    facts = driver(
        results=finishes, licences=(licence(LicenceGrade.INTERNATIONAL_B, date(2027, 12, 31)),)
    )
    old = evaluate_licence_grade(facts, OLD, LicenceGrade.INTERNATIONAL_A, AS_OF)
    new = evaluate_licence_grade(facts, NEW, LicenceGrade.INTERNATIONAL_A, AS_OF)
    by_id = {v.requirement_id: v.status for v in old.requirements}
    assert by_id["grade-a.races"] is Status.MET
    by_id = {v.requirement_id: v.status for v in new.requirements}
    assert by_id["grade-a.races"] is Status.NOT_MET


def test_grade_b_age_counts_by_calendar_year():
    facts = driver(born=date(2008, 11, 30))
    old = evaluate_licence_grade(facts, OLD, LicenceGrade.INTERNATIONAL_B, AS_OF)
    new = evaluate_licence_grade(facts, NEW, LicenceGrade.INTERNATIONAL_B, AS_OF)
    assert {v.requirement_id: v.status for v in old.requirements}["grade-b.age"] is Status.NOT_MET
    assert {v.requirement_id: v.status for v in new.requirements}["grade-b.age"] is Status.MET
