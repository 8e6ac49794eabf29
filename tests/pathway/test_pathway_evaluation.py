"""Stages, the current and next stage, the licence workflow, many drivers at once, and the
evaluation date."""

from __future__ import annotations

import gc
from datetime import date, datetime, timedelta

import pytest

from academy.enums import Categorisation, LicenceGrade, RaceClass, SessionType
from academy.pathway.engine import (
    NoGradeRequirements,
    Status,
    evaluate,
    evaluate_licence_grade,
    evaluate_many,
    prepare,
)
from academy.pathway.loader import parse_rule_set
from tests.pathway.builders import (
    AS_OF,
    driver,
    grade,
    licence,
    medical,
    requirement,
    result,
    rule_data,
    session,
    stage,
)

DAY = timedelta(days=1)


def ladder(**top):
    """Three stages: age 16; then 2 starts; then an International B licence."""
    return parse_rule_set(
        rule_data(
            stage("first", requirement("min_age", "first.age", years=16)),
            stage(
                "second",
                requirement("classified_starts", "second.starts", count=2),
                requires_stage="first",
            ),
            stage(
                "third",
                requirement("min_licence_grade", "third.licence", grade="international_b"),
                requires_stage="second",
            ),
            **top,
        ),
        "ladder.toml",
    )


TWO_STARTS = (result(date(2026, 1, 1)), result(date(2026, 2, 1)))


def test_stage_requiring_another_starts_with_that_requirement():
    second = evaluate(driver(), ladder(), AS_OF).stage("second")
    first_requirement = second.requirements[0]
    assert first_requirement.requirement_id == "second.requires"
    assert first_requirement.label == "Previous stage reached: FIRST"


def test_previous_stage_met_when_that_stage_is_met():
    pathway = evaluate(driver(results=TWO_STARTS), ladder(), AS_OF)
    assert pathway.stage("second").requirements[0].status is Status.MET
    assert pathway.stage("second").status is Status.MET


def test_previous_stage_not_met_says_what_to_do_first():
    pathway = evaluate(driver(born=date(2015, 1, 1), results=TWO_STARTS), ladder(), AS_OF)
    verdict = pathway.stage("second").requirements[0]
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == "first complete the previous stage, FIRST"
    assert pathway.stage("second").status is Status.NOT_MET


def test_previous_stage_unknown_when_that_stage_is_unknown():
    pathway = evaluate(driver(born=None, results=TWO_STARTS), ladder(), AS_OF)
    assert pathway.stage("first").status is Status.UNKNOWN
    assert pathway.stage("second").requirements[0].status is Status.UNKNOWN
    assert pathway.stage("second").status is Status.UNKNOWN


def test_expiring_licence_makes_its_stage_expiring_but_reached():
    facts = driver(
        results=TWO_STARTS, licences=(licence(LicenceGrade.INTERNATIONAL_B, AS_OF + DAY),)
    )
    third = evaluate(facts, ladder(), AS_OF).stage("third")
    assert third.status is Status.EXPIRING
    assert third.reached


def test_not_met_outweighs_unknown_in_a_stage():
    rule_set = parse_rule_set(
        rule_data(
            stage(
                "only",
                requirement("min_age", "age", years=16),
                requirement("classified_starts", "starts", count=1),
            )
        ),
        "t.toml",
    )
    assert evaluate(driver(born=None), rule_set, AS_OF).stages[0].status is Status.NOT_MET


def test_current_stage_is_the_highest_reached_and_next_the_one_after():
    pathway = evaluate(driver(results=TWO_STARTS), ladder(), AS_OF)
    assert pathway.current_stage == "second"
    assert pathway.next_stage == "third"
    assert pathway.current.name == "SECOND"


def test_driver_who_reached_nothing_has_no_current_stage_and_the_first_next():
    pathway = evaluate(driver(born=date(2015, 1, 1)), ladder(), AS_OF)
    assert pathway.current_stage is None
    assert pathway.next_stage == "first"


def test_driver_who_reached_every_stage_has_no_next_stage():
    facts = driver(
        results=TWO_STARTS, licences=(licence(LicenceGrade.INTERNATIONAL_A, date(2026, 12, 31)),)
    )
    pathway = evaluate(facts, ladder(), AS_OF)
    assert pathway.current_stage == "third"
    assert pathway.next_stage is None


def test_nothing_dated_after_as_of_counts():
    later = AS_OF + DAY
    facts = driver(
        results=(result(later), result(later)),
        licences=(licence(LicenceGrade.INTERNATIONAL_A, date(2027, 12, 31), issued_on=later),),
    )
    pathway = evaluate(facts, ladder(), AS_OF)
    assert pathway.current_stage == "first"
    assert pathway.stage("second").requirements[1].evidence == ()


def test_the_same_facts_on_a_later_day_can_reach_further():
    facts = driver(results=(result(date(2026, 7, 1)), result(date(2026, 8, 1))))
    assert evaluate(facts, ladder(), AS_OF).current_stage == "first"
    assert evaluate(facts, ladder(), date(2026, 9, 1)).current_stage == "second"


def test_pathway_names_the_rule_set_and_day_it_used():
    pathway = evaluate(driver(driver_id=42), ladder(), AS_OF)
    assert (pathway.driver_id, pathway.rule_set_key, pathway.rule_set_version, pathway.as_of) == (
        42,
        "test-rules",
        "1",
        AS_OF,
    )


def test_check_before_the_rule_set_takes_effect_carries_a_notice():
    pathway = evaluate(driver(), ladder(effective_from=date(2026, 7, 1)), AS_OF)
    assert pathway.notices == (
        "This rule set (Test rules) applies from 1 July 2026; this check on 1 June 2026 uses "
        "it ahead of time.",
    )


def test_check_once_the_rule_set_is_in_force_has_no_notice():
    assert evaluate(driver(), ladder(), AS_OF).notices == ()


# --- the evaluation date ----------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [date(1899, 12, 31), date(2101, 1, 1), date(206, 6, 1)])
def test_implausible_as_of_is_refused_with_the_reason(as_of):
    with pytest.raises(ValueError, match="not a plausible evaluation date"):
        evaluate(driver(), ladder(), as_of)


def test_the_first_and_last_plausible_days_are_accepted():
    assert evaluate(driver(), ladder(), date(1900, 1, 1)).as_of == date(1900, 1, 1)
    assert evaluate(driver(), ladder(), date(2100, 12, 31)).as_of == date(2100, 12, 31)


def test_datetime_as_of_is_refused():
    with pytest.raises(ValueError, match="must be a date"):
        evaluate(driver(), ladder(), datetime(2026, 6, 1, 12, 0))


# --- many drivers ------------------------------------------------------------------------------


def test_evaluate_many_gives_what_evaluate_gives_for_each_driver_in_order():
    cohort = [
        driver(driver_id=1, results=TWO_STARTS),
        driver(driver_id=2, born=None),
        driver(driver_id=3, born=date(2015, 1, 1)),
    ]
    board = evaluate_many(cohort, ladder(), AS_OF)
    assert board == [evaluate(facts, ladder(), AS_OF) for facts in cohort]
    assert [pathway.driver_id for pathway in board] == [1, 2, 3]


def test_evaluate_many_leaves_the_garbage_collector_as_it_found_it():
    assert gc.isenabled()
    evaluate_many([driver()], ladder(), AS_OF)
    assert gc.isenabled()
    gc.disable()
    try:
        evaluate_many([driver()], ladder(), AS_OF)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_rule_set_is_prepared_once_per_day():
    rules = ladder()
    assert prepare(rules, AS_OF) is prepare(rules, AS_OF)
    assert prepare(rules, AS_OF) is not prepare(rules, AS_OF + DAY)


def test_a_previous_stage_rule_on_a_later_stage_is_refused_when_built_in_code():
    # The loader refuses this in a file; a rule set built in code is checked when prepared.
    rules = ladder()
    later = rules.stages[2]
    reordered = type(rules)(**{**_fields(rules), "stages": (later, *rules.stages[:2])})
    with pytest.raises(ValueError, match="not an earlier stage"):
        prepare(reordered, AS_OF)


def _fields(rule_set):
    return {name: getattr(rule_set, name) for name in rule_set.__dataclass_fields__}


# --- the licence workflow ----------------------------------------------------------------------


def ready_for_grade_b():
    return driver(
        born=date(2004, 3, 1),
        licences=(licence(LicenceGrade.INTERNATIONAL_C, date(2026, 12, 31)),),
        medicals=(medical(date(2026, 12, 31)),),
        results=tuple(result(date(2025, month, 1)) for month in range(1, 6)),
    )


def test_driver_meeting_the_grade_b_requirements_may_apply(shipped_rules):
    verdict = evaluate_licence_grade(
        ready_for_grade_b(), shipped_rules, LicenceGrade.INTERNATIONAL_B, AS_OF
    )
    assert verdict.eligible
    assert [item.requirement_id for item in verdict.requirements] == [
        "grade-b.age",
        "grade-b.current",
        "grade-b.medical",
        "grade-b.races",
    ]


def test_driver_short_of_races_may_not_apply_and_is_told_why(shipped_rules):
    facts = ready_for_grade_b()
    facts = type(facts)(**{**_fields(facts), "results": facts.results[:3]})
    verdict = evaluate_licence_grade(facts, shipped_rules, LicenceGrade.INTERNATIONAL_B, AS_OF)
    assert verdict.status is Status.NOT_MET
    races = verdict.requirements[-1]
    assert races.missing == "2 more classified starts in the 24 months before 1 June 2026"


def test_grade_without_requirements_is_refused_naming_those_there_are():
    with pytest.raises(NoGradeRequirements, match="has no requirements for the International A"):
        evaluate_licence_grade(driver(), ladder(), LicenceGrade.INTERNATIONAL_A, AS_OF)


# --- the shipped rule set on a real-looking career ----------------------------------------------


def lmp3_rookie():
    """A driver ready for an ALMS LMP3 seat and no further."""
    return driver(
        born=date(2005, 4, 12),
        categorisation=Categorisation.SILVER,
        licences=(licence(LicenceGrade.INTERNATIONAL_C, date(2026, 12, 31)),),
        medicals=(medical(date(2026, 12, 31)),),
        results=tuple(
            result(date(2025, month, 10), series="NATIONAL", race_class=RaceClass.GT)
            for month in (3, 5, 7, 9)
        ),
        sessions=tuple(session(date(2026, month, 2), SessionType.TRACK) for month in (1, 2, 3)),
        grades=(
            grade("racecraft", 6, date(2026, 3, 2)),
            grade("traffic_management", 7, date(2026, 3, 2)),
            grade("consistency", 6, date(2026, 3, 2)),
        ),
    )


def test_shipped_rules_put_a_prepared_rookie_in_an_alms_lmp3_seat(shipped_rules):
    pathway = evaluate(lmp3_rookie(), shipped_rules, AS_OF)
    assert pathway.current_stage == "alms-lmp3"
    assert pathway.next_stage == "alms-lmp2"


def test_shipped_rules_tell_the_rookie_what_lmp2_still_needs(shipped_rules):
    lmp2 = evaluate(lmp3_rookie(), shipped_rules, AS_OF).stage("alms-lmp2")
    missing = {item.requirement_id: item.missing for item in lmp2.requirements if not item.met}
    assert missing["alms-lmp2.lmp3-starts"] == (
        "4 classified LMP3 starts in ALMS, ELMS or Le Mans Cup in the 24 months before 1 June 2026"
    )
    assert missing["alms-lmp2.licence"] == (
        "an International B licence or higher, valid on 1 June 2026 "
        "(you hold an International C licence)"
    )
    assert "alms-lmp2.requires" not in missing
