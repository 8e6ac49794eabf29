"""Issue 13, item 1: a stage once reached stays reached, with its day and the result that
reached it, unless a requirement marked `hold` no longer holds: then "reached, not held now"."""

from __future__ import annotations

from datetime import date

import pytest

from academy.enums import LicenceGrade, RaceClass, ResultStatus
from academy.pathway.engine import Status, evaluate
from academy.pathway.horizon import unchanged_through
from academy.pathway.loader import RuleSetError, parse_rule_set
from academy.pathway.serialise import milestone_words, pathway_lines, stage_to_dict
from tests.pathway.builders import AS_OF, driver, licence, requirement, result, rule_data, stage


def _rules(reached: bool = True, hold: bool = True):
    lmp3 = stage(
        "lmp3",
        requirement("min_licence_grade", id="lmp3.licence", grade="international_c", hold=hold),
        requirement(
            "classified_starts",
            id="lmp3.races",
            count=4,
            classes=["LMP3"],
            window={"months": 24},
        ),
        **({"reached_by": {"classes": ["LMP3"], "series": ["ALMS"]}} if reached else {}),
    )
    lmp2 = stage(
        "lmp2",
        requirement("min_licence_grade", id="lmp2.licence", grade="international_b", hold=hold),
        requirement(
            "classified_starts",
            id="lmp2.lmp3-starts",
            count=4,
            classes=["LMP3"],
            window={"months": 24},
        ),
        requires_stage="lmp3",
        **({"reached_by": {"classes": ["LMP2"], "series": ["ALMS"]}} if reached else {}),
    )
    return parse_rule_set(rule_data(lmp3, lmp2), "milestones.toml")


def _lmp2_driver(grade=LicenceGrade.INTERNATIONAL_B, expires=date(2027, 12, 31)):
    lmp3 = tuple(result(date(2023, month, 1), race_class=RaceClass.LMP3) for month in (1, 2, 3, 4))
    lmp2 = tuple(result(date(2025, month, 1), race_class=RaceClass.LMP2) for month in range(1, 7))
    return driver(results=lmp3 + lmp2, licences=(licence(grade, expires),))


def test_six_classified_alms_lmp2_starts_reach_the_lmp2_seat():
    facts = _lmp2_driver()
    before = evaluate(facts, _rules(reached=False), AS_OF)
    assert before.current_stage is None  # what the old vocabulary said: LMP3 starts too old
    pathway = evaluate(facts, _rules(), AS_OF)
    lmp2 = pathway.stage("lmp2")
    assert lmp2.reached and lmp2.status is Status.MET
    assert lmp2.reached_on == date(2025, 1, 1)
    assert [evidence.on for evidence in lmp2.reached_by] == [date(2025, 1, 1)]
    assert pathway.current_stage == "lmp2"


def test_a_driver_who_moved_up_does_not_fall_back_when_lmp3_starts_leave_the_window():
    pathway = evaluate(_lmp2_driver(), _rules(), AS_OF)
    lmp3 = pathway.stage("lmp3")
    races = next(v for v in lmp3.requirements if v.requirement_id == "lmp3.races")
    assert races.status is Status.NOT_MET  # the window has moved on...
    assert lmp3.reached and lmp3.reached_on == date(2023, 1, 1)  # ...the milestone has not
    assert pathway.current_stage == "lmp2" and pathway.next_stage is None


def test_a_reached_stage_whose_licence_lapsed_is_reached_not_held_now():
    facts = _lmp2_driver(expires=date(2026, 3, 31))
    pathway = evaluate(facts, _rules(), AS_OF)
    lmp2 = pathway.stage("lmp2")
    assert lmp2.reached and not lmp2.held and lmp2.status is Status.NOT_MET
    assert lmp2.not_held and "licence expired on 31 March 2026" in lmp2.not_held[0]
    words = milestone_words(lmp2)
    assert words.startswith("Reached on 1 January 2025; reached, not held now: ")
    assert pathway.current_stage == "lmp2"  # still the stage reached
    shown = stage_to_dict(lmp2)
    assert shown["reached_on"] == "2025-01-01" and shown["held"] is False
    assert any("reached, not held now" in line for line in pathway_lines(pathway))


def test_without_hold_a_reached_stage_ignores_a_lapsed_licence():
    facts = _lmp2_driver(expires=date(2026, 3, 31))
    lmp2 = evaluate(facts, _rules(hold=False), AS_OF).stage("lmp2")
    assert lmp2.reached and lmp2.held and lmp2.status is Status.MET


def test_a_dns_or_a_later_result_does_not_reach_a_stage():
    lmp2_dns = result(date(2025, 1, 1), race_class=RaceClass.LMP2, status=ResultStatus.DNS)
    later = result(date(2026, 9, 1), race_class=RaceClass.LMP2)
    facts = driver(
        results=(lmp2_dns, later), licences=(licence(LicenceGrade.INTERNATIONAL_B, None),)
    )
    pathway = evaluate(facts, _rules(), AS_OF)
    assert not pathway.stage("lmp2").reached
    assert unchanged_through(facts, pathway) <= date(2026, 8, 31)


def test_reached_by_names_a_class_or_series_and_refuses_a_dns():
    with pytest.raises(RuleSetError, match="give the 'classes' or 'series'"):
        parse_rule_set(
            rule_data(stage("s", requirement("min_age", years=16), reached_by={})), "x.toml"
        )
    with pytest.raises(RuleSetError, match="a DNS is no race"):
        parse_rule_set(
            rule_data(
                stage(
                    "s",
                    requirement("min_age", years=16),
                    reached_by={"classes": ["LMP2"], "statuses": ["DNS"]},
                )
            ),
            "x.toml",
        )


def test_a_stage_reached_by_its_class_passes_the_stages_it_requires():
    lmp2_only = tuple(result(date(2025, m, 1), race_class=RaceClass.LMP2) for m in (1, 2))
    facts = driver(results=lmp2_only, licences=(licence(LicenceGrade.INTERNATIONAL_B, None),))
    pathway = evaluate(facts, _rules(), AS_OF)
    lmp3, lmp2 = pathway.stage("lmp3"), pathway.stage("lmp2")
    assert lmp3.reached and lmp3.reached_on == date(2025, 1, 1)  # passed on the way
    assert lmp3.reached_by == lmp2.reached_by
    previous = next(v for v in lmp2.requirements if v.kind == "previous_stage")
    assert previous.status is Status.MET and previous.missing == ""
