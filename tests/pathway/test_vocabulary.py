"""Issue 13, item 2: what the rule kinds can now say, each with its wording and its horizon."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from academy.enums import Categorisation, RaceClass, SessionType
from academy.pathway.engine import Status, evaluate
from academy.pathway.facts import CategorisationFact
from academy.pathway.horizon import unchanged_through
from academy.pathway.kinds.sessions_completed import SessionsCompleted
from academy.pathway.loader import RuleSetError
from tests.pathway.builders import (
    AS_OF,
    driver,
    one_rule,
    result,
    session,
    verdict_for,
)

TEST_DAY = date(2026, 4, 26)


def test_dataclass_defaults_keep_old_rule_files_meaning_what_they_did():
    params = one_rule("sessions_completed", session_types=["test_day"], count=1).stages[0]
    assert params.requirements[0].params == SessionsCompleted(
        count=1, session_types=frozenset({SessionType.TEST_DAY})
    )


# --- Test Day laps over the day --------------------------------------------------------------

TEST_DAY_RULE = {
    "session_types": ["test_day"],
    "count": 1,
    "min_laps": 10,
    "window": {"months": 12},
}


def test_test_day_in_two_sessions_of_9_and_3_laps_is_12_laps_over_the_day():
    facts = driver(
        sessions=(
            session(TEST_DAY, SessionType.TEST_DAY, laps=9),
            session(TEST_DAY, SessionType.TEST_DAY, laps=3),
        )
    )
    per_session = verdict_for(facts, one_rule("sessions_completed", **TEST_DAY_RULE))
    per_day = verdict_for(facts, one_rule("sessions_completed", per_day=True, **TEST_DAY_RULE))
    assert per_session.status is Status.NOT_MET  # what the old kind said
    assert per_day.status is Status.MET
    assert len(per_day.evidence) == 2 and per_day.progress.unit == "days"


def test_laps_on_different_days_do_not_add_up_and_the_shortfall_says_over_the_day():
    facts = driver(
        sessions=(
            session(TEST_DAY, SessionType.TEST_DAY, laps=6),
            session(date(2026, 4, 27), SessionType.TEST_DAY, laps=6),
        )
    )
    verdict = verdict_for(facts, one_rule("sessions_completed", per_day=True, **TEST_DAY_RULE))
    assert verdict.status is Status.NOT_MET
    assert verdict.missing.startswith("1 day of test day running of at least 10 laps over the day")


def test_a_per_day_count_holds_until_its_day_leaves_the_window():
    facts = driver(
        sessions=(
            session(TEST_DAY, SessionType.TEST_DAY, laps=9),
            session(TEST_DAY, SessionType.TEST_DAY, laps=3),
        )
    )
    pathway = evaluate(facts, one_rule("sessions_completed", per_day=True, **TEST_DAY_RULE), AS_OF)
    assert unchanged_through(facts, pathway) == date(2027, 4, 26)


# --- the ACO-approved simulator day ----------------------------------------------------------


def test_only_a_session_marked_aco_approved_is_the_simulator_day():
    rule = one_rule("sessions_completed", session_types=["simulator"], count=1, aco_approved=True)
    plain = driver(sessions=(session(date(2026, 3, 1), SessionType.SIMULATOR),))
    approved_session = dataclasses.replace(plain.sessions[0], aco_approved=True)
    approved = driver(sessions=(approved_session,))
    assert verdict_for(plain, rule).status is Status.NOT_MET
    assert verdict_for(plain, rule).missing == "1 ACO-approved simulator session"
    assert verdict_for(approved, rule).status is Status.MET


# --- night running from races and night tests ------------------------------------------------


def test_night_running_can_be_limited_to_races_and_night_tests():
    rule = one_rule(
        "night_running",
        count=1,
        include_sessions=True,
        session_types=["track", "test_day"],
    )
    night_sim = driver(sessions=(session(date(2026, 3, 1), SessionType.SIMULATOR, night=True),))
    classroom = driver(sessions=(session(date(2026, 3, 1), SessionType.CLASSROOM, night=True),))
    night_test = driver(sessions=(session(date(2026, 3, 1), SessionType.TRACK, night=True),))
    night_race = driver(results=(result(date(2026, 3, 1), night=True),))
    assert verdict_for(night_sim, rule).status is Status.NOT_MET
    assert verdict_for(classroom, rule).status is Status.NOT_MET
    assert verdict_for(night_test, rule).status is Status.MET
    assert verdict_for(night_race, rule).status is Status.MET
    assert (
        "race or track or test day session with night running"
        in verdict_for(night_sim, rule).missing
    )


def test_session_types_on_night_running_need_sessions_included():
    with pytest.raises(RuleSetError, match="'session_types' needs 'include_sessions = true'"):
        one_rule("night_running", count=1, session_types=["track"])


# --- finishing position ------------------------------------------------------------------------


def _placed(day: date, overall: int | None, in_class: int | None = None):
    return dataclasses.replace(
        result(day, race_class=RaceClass.LMP2), position_overall=overall, position_in_class=in_class
    )


def test_the_older_grade_a_rule_five_top_five_finishes_in_24_months():
    rule = one_rule("classified_starts", count=5, top=5, window={"months": 24})
    finishes = tuple(
        _placed(date(2025, month, 1), place)
        for month, place in enumerate((1, 5, 3, 6, 2, 4), start=1)
    )
    verdict = verdict_for(driver(results=finishes), rule)
    assert verdict.status is Status.MET and len(verdict.evidence) == 5
    short = verdict_for(driver(results=finishes[:4]), rule)
    assert short.status is Status.NOT_MET
    assert short.missing.startswith("2 more top-5 overall finishes (classified starts)")


def test_a_class_position_counts_by_class_and_an_unknown_position_does_not_count():
    rule = one_rule("classified_starts", count=1, top=3, position="class")
    assert verdict_for(driver(results=(_placed(AS_OF, 12, 2),)), rule).status is Status.MET
    assert verdict_for(driver(results=(_placed(AS_OF, 2, None),)), rule).status is Status.NOT_MET


def test_a_position_must_be_overall_or_class():
    with pytest.raises(RuleSetError, match="'position' must be one of overall, class"):
        one_rule("classified_starts", count=1, top=3, position="podium")


# --- age by birthday or by calendar year -------------------------------------------------------


def test_age_by_calendar_year_is_met_from_1_january_of_the_year_of_the_birthday():
    rule = one_rule("min_age", years=18, counted="calendar_year")
    facts = driver(born=date(2008, 12, 31))
    assert verdict_for(facts, rule, date(2025, 12, 31)).status is Status.NOT_MET
    assert verdict_for(facts, rule, date(2026, 1, 1)).status is Status.MET
    by_birthday = one_rule("min_age", years=18)
    assert verdict_for(facts, by_birthday, date(2026, 1, 1)).status is Status.NOT_MET
    missing = verdict_for(facts, rule, date(2025, 6, 1)).missing
    assert missing == "turn 18 in the calendar year: from 1 January 2026 (you turn 18 in 2026)"


def test_calendar_year_age_holds_until_new_year():
    facts = driver(born=date(2009, 12, 31))
    pathway = evaluate(facts, one_rule("min_age", years=18, counted="calendar_year"), AS_OF)
    assert pathway.stages[0].status is Status.NOT_MET
    assert unchanged_through(facts, pathway) == date(2026, 12, 31)


def test_a_29_february_birthday_falls_on_1_march_in_common_years():
    rule = one_rule("min_age", years=18)
    facts = driver(born=date(2008, 2, 29))
    assert verdict_for(facts, rule, date(2026, 2, 28)).status is Status.NOT_MET
    assert verdict_for(facts, rule, date(2026, 3, 1)).status is Status.MET


# --- the category on the day of the check ------------------------------------------------------


def test_a_check_as_of_a_past_day_uses_the_category_of_that_day():
    rule = one_rule("categorisation_in", allowed=["silver", "gold"])
    facts = driver(
        categorisation=Categorisation.BRONZE,  # today's
        **{},
    )
    facts = dataclasses.replace(
        facts,
        categorisations=(
            CategorisationFact(Categorisation.SILVER, date(2024, 1, 1)),
            CategorisationFact(Categorisation.BRONZE, date(2026, 1, 1)),
        ),
    )
    assert verdict_for(facts, rule, date(2025, 6, 1)).status is Status.MET
    assert verdict_for(facts, rule, date(2026, 6, 1)).status is Status.NOT_MET
    before_any = verdict_for(facts, rule, date(2023, 6, 1))
    assert before_any.status is Status.UNKNOWN


def test_a_category_change_ahead_ends_the_horizon_the_day_before():
    rule = one_rule("categorisation_in", allowed=["silver"])
    facts = dataclasses.replace(
        driver(),
        categorisations=(
            CategorisationFact(Categorisation.SILVER, date(2024, 1, 1)),
            CategorisationFact(Categorisation.GOLD, date(2026, 12, 8)),
        ),
    )
    assert unchanged_through(facts, evaluate(facts, rule, AS_OF)) == date(2026, 12, 7)


# --- either/or, and per-class variants -------------------------------------------------------

from academy.enums import LicenceGrade  # noqa: E402
from academy.pathway.loader import parse_rule_set  # noqa: E402
from tests.pathway.builders import licence, requirement, rule_data, stage  # noqa: E402


def _class_variants():
    """Le Mans: Hypercar needs an A licence and no Bronze; LMGT3 a C licence, any category."""
    hypercar = requirement(
        "all_of",
        id="lm.hypercar",
        label="Hypercar",
        requirements=[
            requirement("min_licence_grade", id="lm.hypercar.licence", grade="international_a"),
            requirement("categorisation_in", id="lm.hypercar.category", allowed=["silver", "gold"]),
        ],
    )
    lmgt3 = requirement(
        "all_of",
        id="lm.lmgt3",
        label="LMGT3",
        requirements=[
            requirement("min_licence_grade", id="lm.lmgt3.licence", grade="international_c"),
            requirement(
                "categorisation_in",
                id="lm.lmgt3.category",
                allowed=["bronze", "silver", "gold", "platinum"],
            ),
        ],
    )
    group = requirement("any_of", id="lm.class", requirements=[hypercar, lmgt3])
    return parse_rule_set(rule_data(stage("le-mans", group)), "variants.toml")


def test_a_bronze_with_a_c_licence_meets_the_lmgt3_variant_only():
    facts = driver(
        categorisation=Categorisation.BRONZE,
        licences=(licence(LicenceGrade.INTERNATIONAL_C, date(2027, 12, 31)),),
    )
    verdict = verdict_for(facts, _class_variants())
    assert verdict.status is Status.MET
    assert [part.status for part in verdict.parts] == [Status.NOT_MET, Status.MET]
    assert verdict.label == "Either Hypercar or LMGT3"


def test_when_no_variant_is_met_the_verdict_says_what_each_one_misses():
    facts = driver(licences=(licence(LicenceGrade.NATIONAL, date(2027, 12, 31)),))
    verdict = verdict_for(facts, _class_variants())
    assert verdict.status is Status.NOT_MET
    assert verdict.missing.startswith("either Hypercar: an International A licence")
    assert " or LMGT3: an International C licence" in verdict.missing


def test_a_group_expiring_licence_ends_the_horizon_like_a_plain_one():
    facts = driver(licences=(licence(LicenceGrade.INTERNATIONAL_C, date(2026, 12, 31)),))
    pathway = evaluate(facts, _class_variants(), AS_OF)
    assert unchanged_through(facts, pathway) == date(2026, 10, 31)  # expiring from 1 November


def test_groups_are_bounded_and_need_two_options():
    with pytest.raises(RuleSetError, match="any_of needs at least two requirements"):
        one_rule("any_of", requirements=[requirement("min_age", id="a", years=16)])
    deep = requirement("min_age", id="leaf", years=16)
    for level in range(4):
        deep = requirement("all_of", id=f"g{level}", requirements=[deep])
    with pytest.raises(RuleSetError, match="3 deep at most"):
        parse_rule_set(rule_data(stage("s", deep)), "deep.toml")
    with pytest.raises(RuleSetError, match="previous_stage cannot sit inside a group"):
        parse_rule_set(
            rule_data(
                stage("a", requirement("min_age", id="x", years=16)),
                stage(
                    "b",
                    requirement(
                        "all_of",
                        id="g",
                        requirements=[requirement("previous_stage", id="p", stage="a")],
                    ),
                ),
            ),
            "prev.toml",
        )


# --- windows by season -------------------------------------------------------------------------

SEASON = {"seasons": 1, "season_start": "07-01"}


def test_a_season_window_counts_from_the_start_of_the_current_season():
    rule = one_rule("classified_starts", count=2, window=SEASON)
    facts = driver(results=(result(date(2025, 6, 30)), result(date(2025, 7, 1)), result(AS_OF)))
    verdict = verdict_for(facts, rule, date(2026, 6, 1))
    assert verdict.status is Status.MET and len(verdict.evidence) == 2
    assert verdict.label == "2 classified starts in the current season (seasons start on 1 July)"
    next_season = verdict_for(facts, rule, date(2026, 7, 1))
    assert next_season.status is Status.NOT_MET
    assert next_season.missing == "2 classified starts in this season (since 1 July 2026)"


def test_two_seasons_reach_back_one_season_start_more():
    rule = one_rule("classified_starts", count=1, window={"seasons": 2, "season_start": "07-01"})
    facts = driver(results=(result(date(2024, 7, 1)),))
    assert verdict_for(facts, rule, date(2026, 6, 30)).status is Status.MET
    assert verdict_for(facts, rule, date(2026, 7, 1)).status is Status.NOT_MET


def test_a_met_season_requirement_holds_until_the_season_ends():
    facts = driver(results=(result(date(2025, 9, 1)),))
    rule = one_rule("classified_starts", count=1, window=SEASON)
    assert unchanged_through(facts, evaluate(facts, rule, AS_OF)) == date(2026, 6, 30)


@pytest.mark.parametrize(
    "window, reason",
    [
        ({"seasons": 0}, "'seasons' must be from 1 to 20"),
        ({"seasons": 2, "season_start": "02-29"}, "'season_start' must be a month and day"),
        ({"seasons": 2, "months": 12}, "a window by season has no 'months'"),
    ],
)
def test_season_windows_are_checked(window, reason):
    with pytest.raises(RuleSetError, match=reason):
        one_rule("classified_starts", count=1, window=window)
