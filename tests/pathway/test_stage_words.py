"""A stage's status in words (StageVerdict.label, the one place they live): a milestone reached
says "Reached on <day>" whatever its other requirements say now, never "Met"; one whose
requirements that must hold do not says "Reached, not held now"; any other stage its status."""

from __future__ import annotations

from datetime import date

from academy.enums import LicenceGrade, RaceClass
from academy.pathway.engine import Status, evaluate
from academy.pathway.loader import parse_rule_set
from academy.pathway.serialise import pathway_lines
from tests.pathway.builders import AS_OF, driver, licence, requirement, result, rule_data, stage

LMP2 = RaceClass.LMP2
B = LicenceGrade.INTERNATIONAL_B


def lmp2_seat():
    return parse_rule_set(
        rule_data(
            stage(
                "lmp2",
                requirement("min_licence_grade", id="licence", grade="international_b", hold=True),
                requirement("classified_starts", id="starts", count=6, window={"months": 24}),
                reached_by={"classes": ["LMP2"]},
            )
        ),
        "words.toml",
    )


def test_a_milestone_with_requirements_still_unmet_says_reached_with_its_day_not_met():
    facts = driver(
        licences=(licence(B, date(2026, 12, 31)),),
        results=(result(date(2025, 3, 3), race_class=LMP2),),
    )
    seat = evaluate(facts, lmp2_seat(), AS_OF).stages[0]
    assert seat.status is Status.MET  # what must hold holds
    assert seat.requirements[1].status is Status.NOT_MET  # one start of six
    assert seat.label == "Reached on 3 March 2025"
    assert seat.badge == "reached"


def test_a_milestone_whose_licence_lapsed_says_reached_not_held_now():
    facts = driver(
        licences=(licence(B, date(2026, 5, 31)),),
        results=(result(date(2025, 3, 3), race_class=LMP2),),
    )
    seat = evaluate(facts, lmp2_seat(), AS_OF).stages[0]
    assert seat.label == "Reached, not held now"
    assert seat.badge == "expiring"


def test_a_milestone_whose_licence_runs_out_soon_says_reached_and_expiring():
    facts = driver(
        licences=(licence(B, date(2026, 6, 20)),),
        results=(result(date(2025, 3, 3), race_class=LMP2),),
    )
    seat = evaluate(facts, lmp2_seat(), AS_OF).stages[0]
    assert seat.status is Status.EXPIRING
    assert seat.label == "Reached on 3 March 2025, expiring soon"
    assert seat.badge == "expiring"


def test_a_stage_not_reached_by_a_result_says_its_status():
    facts = driver(licences=(licence(B, date(2026, 12, 31)),))
    seat = evaluate(facts, lmp2_seat(), AS_OF).stages[0]
    assert seat.reached_on is None
    assert seat.label == "Not met"
    assert seat.badge == "not_met"
    met = parse_rule_set(
        rule_data(stage("adult", requirement("min_age", id="age", years=18))), "met.toml"
    )
    adult = evaluate(driver(born=date(2000, 1, 1)), met, AS_OF).stages[0]
    assert (adult.label, adult.badge) == ("Met", "met")


def test_the_command_line_marks_a_milestone_reached_not_met():
    facts = driver(
        licences=(licence(B, date(2026, 12, 31)),),
        results=(result(date(2025, 3, 3), race_class=LMP2),),
    )
    lines = pathway_lines(evaluate(facts, lmp2_seat(), AS_OF))
    assert any(line.startswith("[reached]   ") for line in lines), lines
    assert not any(line.startswith("[met]") for line in lines)
