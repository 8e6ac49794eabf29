"""minimum_driving_time: races in which the driver drove the minimum driving time, worked by
hand at the window's edges, with the series and class filters, and for results that do not
say (None: never counted as met, and the verdict says so)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.enums import RaceClass, ResultStatus
from academy.pathway.engine import Evidence, Progress, Status, evaluate
from academy.pathway.horizon import unchanged_through
from academy.pathway.kinds.minimum_driving_time import MinimumDrivingTime
from academy.pathway.loader import RuleSetError, parse_rule_set
from academy.pathway.rules import Window
from tests.pathway.builders import (
    AS_OF,
    driver,
    one_rule,
    requirement,
    result,
    rule_data,
    stage,
    verdict_for,
)
from tests.pathway.test_pathway_properties import drivers, with_results

LMP2 = RaceClass.LMP2


def two_in_alms_lmp2():
    return one_rule(
        "minimum_driving_time",
        count=2,
        series=["ALMS"],
        classes=["LMP2"],
        window={"months": 24},
    )


def test_the_loader_reads_its_parameters():
    rule_set = two_in_alms_lmp2()
    params = rule_set.stages[0].requirements[0].params
    assert params == MinimumDrivingTime(
        count=2, series=frozenset({"ALMS"}), classes=frozenset({LMP2}), window=Window(months=24)
    )


def test_races_with_the_minimum_met_count_and_the_others_do_not():
    counted_classified = result(date(2025, 2, 10), race_class=LMP2, minimum_met=True)
    counted_dnf = result(
        date(2025, 12, 7), race_class=LMP2, status=ResultStatus.DNF, minimum_met=True
    )
    facts = driver(
        results=(
            counted_classified,
            counted_dnf,
            result(date(2026, 1, 15), race_class=LMP2, minimum_met=None),  # not known
            result(date(2026, 2, 1), race_class=LMP2, minimum_met=False),  # short
            result(date(2026, 3, 1), series="ELMS", race_class=LMP2, minimum_met=True),
            result(date(2026, 3, 2), race_class=RaceClass.LMP3, minimum_met=True),
            result(date(2024, 5, 31), race_class=LMP2, minimum_met=True),  # before the window
            result(date(2026, 6, 2), race_class=LMP2, minimum_met=True),  # after as_of
            result(date(2026, 4, 1), race_class=LMP2, status=ResultStatus.DNS, minimum_met=True),
        )
    )
    verdict = verdict_for(facts, two_in_alms_lmp2())
    assert verdict.status is Status.MET
    assert verdict.progress == Progress(2, 2, "races")
    assert verdict.evidence == (
        Evidence("result", counted_classified.id, date(2025, 2, 10)),
        Evidence("result", counted_dnf.id, date(2025, 12, 7)),
    )
    assert verdict.missing == ""
    assert verdict.notes == (
        "1 race has no record of whether the minimum driving time was met, so it does not count",
    )


def test_the_label_says_what_it_asks():
    verdict = verdict_for(driver(), two_in_alms_lmp2())
    assert verdict.label == (
        "2 races with the minimum driving time met in LMP2 in ALMS in the last 24 months"
    )


def test_short_by_one_says_one_more_in_the_window():
    facts = driver(results=(result(date(2025, 2, 10), race_class=LMP2, minimum_met=True),))
    verdict = verdict_for(facts, two_in_alms_lmp2())
    assert verdict.status is Status.NOT_MET
    assert verdict.progress == Progress(1, 2, "races")
    assert verdict.missing == (
        "1 more race with the minimum driving time met in LMP2 in ALMS in the 24 months "
        "before 1 June 2026"
    )


def test_results_that_do_not_say_never_count_and_the_driver_is_told():
    facts = driver(
        results=tuple(
            result(date(2026, month, 1), race_class=LMP2, minimum_met=None) for month in (1, 2, 3)
        )
    )
    verdict = verdict_for(facts, two_in_alms_lmp2())
    assert verdict.status is Status.NOT_MET
    assert verdict.progress == Progress(0, 2, "races")
    assert verdict.evidence == ()
    assert verdict.missing == (
        "2 races with the minimum driving time met in LMP2 in ALMS in the 24 months before "
        "1 June 2026"
    )
    assert verdict.notes == (
        "3 races have no record of whether the minimum driving time was met, so they do not count",
    )


def test_the_window_opens_on_the_same_day_24_months_before():
    on_the_edge = result(date(2024, 6, 1), race_class=LMP2, minimum_met=True)
    day_before = result(date(2024, 5, 31), race_class=LMP2, minimum_met=True)
    rule_set = one_rule("minimum_driving_time", count=1, window={"months": 24})
    assert verdict_for(driver(results=(on_the_edge,)), rule_set).status is Status.MET
    assert verdict_for(driver(results=(day_before,)), rule_set).status is Status.NOT_MET


def test_without_filters_any_started_race_counts():
    rule_set = one_rule("minimum_driving_time", count=2)
    facts = driver(
        results=(
            result(date(2019, 1, 1), series="NATIONAL", race_class=RaceClass.GT, minimum_met=True),
            result(date(2026, 5, 31), series="WEC", race_class=LMP2, minimum_met=True),
        )
    )
    assert verdict_for(facts, rule_set).status is Status.MET
    assert verdict_for(facts, rule_set).label == "2 races with the minimum driving time met"


def test_met_holds_until_the_oldest_counted_race_leaves_the_window():
    # Counted: 10 February 2025 and 7 December 2025, two needed. On 10 February 2027 the
    # window opens on 10 February 2025 (still in); on the 11th it opens on the 11th.
    facts = driver(
        born=date(2000, 1, 1),
        results=(
            result(date(2025, 2, 10), race_class=LMP2, minimum_met=True),
            result(date(2025, 12, 7), race_class=LMP2, minimum_met=True),
        ),
    )
    rule_set = two_in_alms_lmp2()
    assert unchanged_through(facts, evaluate(facts, rule_set, AS_OF)) == date(2027, 2, 10)
    assert verdict_for(facts, rule_set, date(2027, 2, 10)).status is Status.MET
    assert verdict_for(facts, rule_set, date(2027, 2, 11)).status is Status.NOT_MET


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"count": 0}, "'count' must be from 1 to 1000, got 0"),
        ({"count": 2, "classes": ["LMP4"]}, "unknown class 'LMP4'"),
        ({"count": 2, "series": ["F1"]}, "unknown series 'F1'"),
        ({"count": 2, "top": 5}, "unknown field(s) for minimum_driving_time: top"),
        ({"count": 2, "window": {"months": 241}}, "'months' must be from 1 to 240, got 241"),
        ({}, "missing field 'count'"),
    ],
)
def test_bad_parameters_are_refused_with_the_reason(fields, reason):
    with pytest.raises(RuleSetError) as refused:
        parse_rule_set(
            rule_data(stage("only", requirement("minimum_driving_time", **fields))), "bad.toml"
        )
    reasons = [problem.reason for problem in refused.value.problems]
    assert any(found.startswith(reason) for found in reasons), reasons
    assert all(problem.file == "bad.toml" for problem in refused.value.problems)


RULE = two_in_alms_lmp2()


@settings(max_examples=100, deadline=None)
@given(drivers(), st.dates(date(2024, 6, 1), AS_OF), st.sampled_from([None, False, True]))
def test_one_more_race_adds_one_only_when_the_minimum_was_met(facts, on, met):
    extra = result(on, race_class=LMP2, minimum_met=met, id=9000)
    before = verdict_for(facts, RULE)
    after = verdict_for(with_results(facts, extra), RULE)
    assert after.progress.have == before.progress.have + (1 if met else 0)
    assert not (before.status is Status.MET and after.status is Status.NOT_MET)
