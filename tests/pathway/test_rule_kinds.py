"""Every rule kind at its edges: the day a window opens and closes, birthdays, expiry dates,
missing data; and the words a driver reads."""

from __future__ import annotations

from datetime import date, timedelta

from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus, SessionType
from academy.pathway.engine import Evidence, Progress, Status
from tests.pathway.builders import (
    AS_OF,
    driver,
    grade,
    licence,
    medical,
    one_rule,
    result,
    session,
    verdict_for,
)

DAY = timedelta(days=1)
B = LicenceGrade.INTERNATIONAL_B


# --- min_licence_grade ------------------------------------------------------------------------


def licence_rule(warn_days: int = 30):
    return one_rule("min_licence_grade", grade="international_b", warn_days=warn_days)


def test_licence_of_the_grade_valid_beyond_the_warning_is_met():
    held = licence(B, AS_OF + timedelta(days=31))
    verdict = verdict_for(driver(licences=(held,)), licence_rule())
    assert verdict.status is Status.MET
    assert verdict.evidence == (Evidence("licence", held.id, held.issued_on, held_detail(held)),)


def held_detail(held) -> str:
    return f"International B, valid until {held.expires_on.day} July 2026"


def test_licence_expiring_within_warn_days_is_expiring():
    held = licence(B, AS_OF + timedelta(days=30))
    assert verdict_for(driver(licences=(held,)), licence_rule()).status is Status.EXPIRING


def test_licence_expiring_tomorrow_is_expiring_and_says_when():
    verdict = verdict_for(driver(licences=(licence(B, AS_OF + DAY),)), licence_rule())
    assert verdict.status is Status.EXPIRING
    assert verdict.missing == "renew your International B licence: it expires on 2 June 2026"


def test_licence_expiring_today_is_still_valid_today():
    verdict = verdict_for(driver(licences=(licence(B, AS_OF),)), licence_rule())
    assert verdict.status is Status.EXPIRING
    assert verdict.missing.endswith("it expires today")


def test_licence_expired_yesterday_is_not_met_and_says_so():
    verdict = verdict_for(driver(licences=(licence(B, AS_OF - DAY),)), licence_rule())
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == (
        "an International B licence or higher, valid on 1 June 2026 "
        "(your International B licence expired on 31 May 2026)"
    )


def test_higher_grade_licence_meets_a_lower_minimum():
    held = licence(LicenceGrade.INTERNATIONAL_A, date(2026, 12, 31))
    assert verdict_for(driver(licences=(held,)), licence_rule()).status is Status.MET


def test_lower_grade_licence_is_not_met_and_names_what_is_held():
    held = licence(LicenceGrade.INTERNATIONAL_C, date(2026, 12, 31))
    verdict = verdict_for(driver(licences=(held,)), licence_rule())
    assert verdict.status is Status.NOT_MET
    assert verdict.missing.endswith("(you hold an International C licence)")


def test_licence_issued_after_as_of_does_not_count():
    held = licence(B, date(2027, 12, 31), issued_on=AS_OF + DAY)
    verdict = verdict_for(driver(licences=(held,)), licence_rule())
    assert verdict.status is Status.NOT_MET
    assert verdict.missing.endswith("(no licence recorded)")


def test_licence_issued_on_as_of_counts():
    held = licence(B, date(2027, 12, 31), issued_on=AS_OF)
    assert verdict_for(driver(licences=(held,)), licence_rule()).status is Status.MET


def test_licence_without_expiry_date_is_unknown():
    verdict = verdict_for(driver(licences=(licence(B, None),)), licence_rule())
    assert verdict.status is Status.UNKNOWN
    assert verdict.missing == "unknown: your International B licence has no expiry date recorded"


def test_the_licence_valid_longest_is_the_evidence():
    short = licence(B, AS_OF + timedelta(days=10))
    long = licence(B, AS_OF + timedelta(days=200))
    verdict = verdict_for(driver(licences=(short, long)), licence_rule())
    assert verdict.status is Status.MET
    assert [item.id for item in verdict.evidence] == [long.id]


def test_no_licence_at_all_is_not_met():
    verdict = verdict_for(driver(), licence_rule())
    assert verdict.missing == (
        "an International B licence or higher, valid on 1 June 2026 (no licence recorded)"
    )


# --- min_age ----------------------------------------------------------------------------------


def test_driver_is_old_enough_on_the_birthday_itself():
    verdict = verdict_for(driver(born=date(2008, 6, 1)), one_rule("min_age", years=18))
    assert verdict.status is Status.MET
    assert verdict.progress == Progress(18, 18, "years")


def test_driver_is_too_young_the_day_before_the_birthday():
    verdict = verdict_for(driver(born=date(2008, 6, 2)), one_rule("min_age", years=18))
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == "be 18 years old: you turn 18 on 2 June 2026"


def test_leap_day_birthday_comes_on_1_march_in_a_common_year():
    rule = one_rule("min_age", years=18)
    leap_born = driver(born=date(2008, 2, 29))
    assert verdict_for(leap_born, rule, date(2026, 2, 28)).status is Status.NOT_MET
    assert verdict_for(leap_born, rule, date(2026, 3, 1)).status is Status.MET
    assert verdict_for(leap_born, rule, date(2026, 2, 28)).missing.endswith("on 1 March 2026")


def test_missing_date_of_birth_is_unknown_in_words():
    verdict = verdict_for(driver(born=None), one_rule("min_age", years=16))
    assert verdict.status is Status.UNKNOWN
    assert verdict.missing == "unknown: no date of birth recorded"


def test_date_of_birth_after_as_of_is_unknown_and_asks_for_a_correction():
    verdict = verdict_for(driver(born=date(2030, 1, 1)), one_rule("min_age", years=16))
    assert verdict.status is Status.UNKNOWN
    assert "please correct it" in verdict.missing


# --- valid_medical ----------------------------------------------------------------------------


def test_valid_medical_is_met():
    held = medical(date(2026, 12, 31))
    verdict = verdict_for(driver(medicals=(held,)), one_rule("valid_medical", warn_days=30))
    assert verdict.status is Status.MET
    assert verdict.evidence[0].kind == "medical"


def test_medical_expiring_tomorrow_is_expiring():
    verdict = verdict_for(
        driver(medicals=(medical(AS_OF + DAY),)), one_rule("valid_medical", warn_days=30)
    )
    assert verdict.status is Status.EXPIRING
    assert verdict.missing == "renew your medical certificate: it expires on 2 June 2026"


def test_medical_expired_yesterday_is_not_met():
    verdict = verdict_for(driver(medicals=(medical(AS_OF - DAY),)), one_rule("valid_medical"))
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == (
        "a medical certificate valid on 1 June 2026 (yours expired on 31 May 2026)"
    )


def test_no_medical_is_not_met():
    verdict = verdict_for(driver(), one_rule("valid_medical"))
    assert verdict.missing == "a medical certificate valid on 1 June 2026 (none recorded)"


def test_warn_days_default_to_the_rule_set_expiry_warning():
    rule = one_rule("valid_medical")  # the rule set's expiry_warning_days: 60 by default
    held = medical(AS_OF + timedelta(days=60))
    assert verdict_for(driver(medicals=(held,)), rule).status is Status.EXPIRING
    later = medical(AS_OF + timedelta(days=61))
    assert verdict_for(driver(medicals=(later,)), rule).status is Status.MET


# --- classified_starts ------------------------------------------------------------------------


def starts_rule(**fields):
    fields.setdefault("window", {"months": 24})
    return one_rule("classified_starts", count=3, **fields)


def test_a_start_on_the_day_the_window_opens_counts():
    opens = date(2024, 6, 1)  # 24 months before 1 June 2026
    verdict = verdict_for(driver(results=(result(opens),)), starts_rule())
    assert verdict.progress == Progress(1, 3, "starts")


def test_a_start_the_day_before_the_window_opens_does_not_count():
    verdict = verdict_for(driver(results=(result(date(2024, 5, 31)),)), starts_rule())
    assert verdict.progress == Progress(0, 3, "starts")
    assert verdict.evidence == ()


def test_a_start_on_as_of_counts_and_one_the_day_after_does_not():
    facts = driver(results=(result(AS_OF, id=701), result(AS_OF + DAY, id=702)))
    verdict = verdict_for(facts, starts_rule())
    assert [item.id for item in verdict.evidence] == [701]


def test_explicit_window_counts_both_its_first_and_last_day():
    rule = starts_rule(window={"from": date(2025, 1, 1), "to": date(2025, 12, 31)})
    inside = (result(date(2025, 1, 1)), result(date(2025, 12, 31)))
    outside = (result(date(2024, 12, 31)), result(date(2026, 1, 1)))
    assert verdict_for(driver(results=inside + outside), rule).progress.have == 2


def test_enough_classified_starts_are_met_with_their_evidence_in_date_order():
    starts = (
        result(date(2026, 2, 1), id=3),
        result(date(2025, 2, 1), id=1),
        result(date(2025, 12, 1), id=2),
    )
    verdict = verdict_for(driver(results=starts), starts_rule())
    assert verdict.status is Status.MET
    assert [item.id for item in verdict.evidence] == [1, 2, 3]
    assert verdict.missing == ""


def test_dnf_does_not_count_as_a_classified_start():
    facts = driver(results=(result(date(2026, 1, 1), status=ResultStatus.DNF),))
    assert verdict_for(facts, starts_rule()).progress.have == 0


def test_statuses_field_widens_what_counts():
    rule = starts_rule(statuses=["classified", "dnf"])
    facts = driver(results=(result(date(2026, 1, 1), status=ResultStatus.DNF),))
    assert verdict_for(facts, rule).progress.have == 1


def test_series_and_class_filters_apply():
    rule = starts_rule(series=["ALMS", "ELMS"], classes=["LMP3"])
    facts = driver(
        results=(
            result(date(2026, 1, 1), series="ELMS"),
            result(date(2026, 1, 2), series="WEC"),
            result(date(2026, 1, 3), race_class=RaceClass.GT),
        )
    )
    assert verdict_for(facts, rule).progress.have == 1


def test_missing_starts_are_said_in_plain_words():
    rule = starts_rule(series=["ALMS", "ELMS"], classes=["LMP3"])
    facts = driver(results=(result(date(2026, 1, 10)),))
    verdict = verdict_for(facts, rule)
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == (
        "2 more classified LMP3 starts in ALMS or ELMS in the 24 months before 1 June 2026"
    )


def test_missing_starts_without_any_yet_do_not_say_more():
    verdict = verdict_for(driver(), starts_rule(classes=["LMP3"]))
    assert verdict.missing == "3 classified LMP3 starts in the 24 months before 1 June 2026"


def test_one_missing_start_is_singular():
    facts = driver(results=(result(date(2026, 1, 1)), result(date(2026, 2, 1))))
    assert verdict_for(facts, starts_rule()).missing.startswith("1 more classified start in")


def test_label_is_written_from_the_rule_when_the_file_gives_none():
    assert verdict_for(driver(), starts_rule(series=["ALMS"])).label == (
        "3 classified starts in ALMS in the last 24 months"
    )


def test_min_race_hours_leaves_out_shorter_races_and_mentions_unknown_lengths():
    rule = starts_rule(min_race_hours=6)
    facts = driver(
        results=(
            result(date(2026, 1, 1), hours=6.0),
            result(date(2026, 1, 2), hours=4.0),
            result(date(2026, 1, 3), hours=None),
        )
    )
    verdict = verdict_for(facts, rule)
    assert verdict.progress.have == 1
    assert verdict.notes == ("1 result has no race length recorded, so it does not count here",)


# --- endurance_hours ---------------------------------------------------------------------------


def hours_rule(**fields):
    return one_rule("endurance_hours", hours=10, window={"months": 24}, **fields)


def test_drive_time_in_the_window_adds_up_to_met():
    facts = driver(
        results=tuple(result(date(2026, 1, d), drive_seconds=9000) for d in (1, 2, 3, 4))
    )
    verdict = verdict_for(facts, hours_rule())
    assert verdict.status is Status.MET
    assert verdict.progress == Progress(10.0, 10, "hours")


def test_drive_time_short_of_the_target_says_how_much_more():
    facts = driver(results=(result(date(2026, 1, 1), drive_seconds=8 * 3600 + 30 * 60),))
    verdict = verdict_for(facts, hours_rule(series=["ALMS"]))
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == (
        "1 hour 30 minutes more driving in ALMS in the 24 months before 1 June 2026"
    )


def test_no_driving_yet_says_the_whole_amount():
    assert verdict_for(driver(), hours_rule()).missing == (
        "10 hours of driving in the 24 months before 1 June 2026"
    )


def test_progress_is_rounded_down_so_a_shortfall_never_reads_as_complete():
    facts = driver(results=(result(date(2026, 1, 1), drive_seconds=10 * 3600 - 1),))
    verdict = verdict_for(facts, hours_rule())
    assert verdict.status is Status.NOT_MET
    assert verdict.progress.have == 9.9
    assert verdict.missing.startswith("1 minute more driving")


def test_results_without_drive_time_count_as_zero_and_are_mentioned():
    facts = driver(
        results=(
            result(date(2026, 1, 1), drive_seconds=3600),
            result(date(2026, 1, 2), drive_seconds=None),
            result(date(2026, 1, 3), drive_seconds=None),
        )
    )
    verdict = verdict_for(facts, hours_rule())
    assert verdict.progress.have == 1.0
    assert verdict.notes == ("2 results have no drive time recorded, so they count as 0 hours",)
    assert len(verdict.evidence) == 1


def test_drive_time_before_the_window_does_not_count():
    facts = driver(results=(result(date(2024, 5, 31), drive_seconds=20 * 3600),))
    assert verdict_for(facts, hours_rule()).progress.have == 0


def test_a_race_not_started_adds_no_hours_even_if_time_is_recorded():
    facts = driver(
        results=(result(date(2026, 1, 1), status=ResultStatus.DNS, drive_seconds=20 * 3600),)
    )
    assert verdict_for(facts, hours_rule()).status is Status.NOT_MET


def test_a_dnf_still_counts_the_hours_driven():
    facts = driver(
        results=(result(date(2026, 1, 1), status=ResultStatus.DNF, drive_seconds=10 * 3600),)
    )
    assert verdict_for(facts, hours_rule()).status is Status.MET


# --- night_running ------------------------------------------------------------------------------


def test_only_races_with_night_running_count():
    rule = one_rule("night_running", count=2, window={"months": 24})
    facts = driver(results=(result(date(2026, 1, 1), night=True), result(date(2026, 1, 2))))
    verdict = verdict_for(facts, rule)
    assert verdict.progress.have == 1
    assert verdict.missing == "1 more race with night running in the 24 months before 1 June 2026"


def test_night_sessions_count_only_when_the_rule_includes_them():
    facts = driver(
        results=(result(date(2026, 1, 1), night=True, id=801),),
        sessions=(session(date(2026, 1, 1), SessionType.TRACK, night=True, id=802),),
    )
    without = verdict_for(facts, one_rule("night_running", count=2))
    with_sessions = verdict_for(facts, one_rule("night_running", count=2, include_sessions=True))
    assert without.status is Status.NOT_MET
    assert with_sessions.status is Status.MET
    assert [(item.kind, item.id) for item in with_sessions.evidence] == [
        ("result", 801),
        ("session", 802),
    ]


def test_a_night_race_not_started_does_not_count():
    facts = driver(results=(result(date(2026, 1, 1), night=True, status=ResultStatus.DNS),))
    assert verdict_for(facts, one_rule("night_running", count=1)).status is Status.NOT_MET


# --- coach_grades -------------------------------------------------------------------------------


def latest_rule(**fields):
    return one_rule(
        "coach_grades", competencies=["racecraft", "consistency"], min_level=7, **fields
    )


def test_latest_grades_at_level_are_met_with_the_grading_sessions_as_evidence():
    facts = driver(
        grades=(
            grade("racecraft", 5, date(2025, 1, 1)),
            grade("racecraft", 8, date(2026, 1, 1), session_id=901),
            grade("consistency", 7, date(2026, 2, 1), session_id=902),
        )
    )
    verdict = verdict_for(facts, latest_rule())
    assert verdict.status is Status.MET
    assert verdict.evidence == (
        Evidence("grade", 901, date(2026, 1, 1), "racecraft 8"),
        Evidence("grade", 902, date(2026, 2, 1), "consistency 7"),
    )


def test_latest_grade_below_level_is_not_met_even_after_a_better_one():
    facts = driver(
        grades=(
            grade("racecraft", 9, date(2025, 1, 1)),
            grade("racecraft", 6, date(2026, 1, 1)),
            grade("consistency", 7, date(2026, 1, 1)),
        )
    )
    verdict = verdict_for(facts, latest_rule())
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == "racecraft: latest grade 6, needs 7 or above"
    assert verdict.progress == Progress(1, 2, "competencies")


def test_grades_given_after_as_of_are_ignored():
    facts = driver(
        grades=(
            grade("racecraft", 6, AS_OF),
            grade("racecraft", 9, AS_OF + DAY),
            grade("consistency", 8, AS_OF),
        )
    )
    assert verdict_for(facts, latest_rule()).status is Status.NOT_MET


def test_competency_never_graded_is_named():
    facts = driver(grades=(grade("racecraft", 8, date(2026, 1, 1)),))
    assert verdict_for(facts, latest_rule()).missing == (
        "consistency: not graded yet, needs 7 or above"
    )


def average_rule():
    return one_rule(
        "coach_grades", competencies=["racecraft"], min_level=7, mode="average_last_n", n=3
    )


def test_average_of_the_last_n_grades_counts_only_the_last_n():
    facts = driver(
        grades=(
            grade("racecraft", 2, date(2025, 1, 1)),
            grade("racecraft", 7, date(2025, 6, 1)),
            grade("racecraft", 7, date(2025, 9, 1)),
            grade("racecraft", 8, date(2026, 1, 1)),
        )
    )
    verdict = verdict_for(facts, average_rule())
    assert verdict.status is Status.MET
    assert len(verdict.evidence) == 3


def test_average_below_level_says_the_average():
    facts = driver(
        grades=tuple(
            grade("racecraft", score, date(2026, 1, day)) for day, score in ((1, 7), (2, 6), (3, 6))
        )
    )
    verdict = verdict_for(facts, average_rule())
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == "racecraft: average of the last 3 grades is 6.33, needs 7 or above"


def test_average_needs_n_grades_before_it_counts():
    facts = driver(grades=(grade("racecraft", 10, date(2026, 1, 1)),))
    verdict = verdict_for(facts, average_rule())
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == (
        "racecraft: 1 of the 3 grades needed so far, needs an average of 7 or above over 3 grades"
    )


def test_average_ignores_grades_after_as_of():
    facts = driver(
        grades=(
            grade("racecraft", 7, date(2026, 1, 1)),
            grade("racecraft", 7, date(2026, 2, 1)),
            grade("racecraft", 7, AS_OF + DAY),
        )
    )
    assert verdict_for(facts, average_rule()).status is Status.NOT_MET


def test_grades_on_the_same_day_are_ordered_by_session():
    facts = driver(
        grades=(
            grade("racecraft", 9, date(2026, 1, 1), session_id=51),
            grade("racecraft", 5, date(2026, 1, 1), session_id=50),
            grade("consistency", 9, date(2026, 1, 1), session_id=50),
        )
    )
    assert verdict_for(facts, latest_rule()).status is Status.MET


# --- categorisation_in --------------------------------------------------------------------------


def categorisation_rule():
    return one_rule("categorisation_in", allowed=["bronze", "silver"])


def test_allowed_categorisation_is_met():
    facts = driver(categorisation=Categorisation.BRONZE)
    assert verdict_for(facts, categorisation_rule()).status is Status.MET


def test_other_categorisation_is_not_met_and_names_it():
    verdict = verdict_for(driver(categorisation=Categorisation.GOLD), categorisation_rule())
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == "an FIA driver categorisation of Bronze or Silver (yours is Gold)"


def test_missing_categorisation_is_unknown():
    verdict = verdict_for(driver(categorisation=None), categorisation_rule())
    assert verdict.status is Status.UNKNOWN
    assert verdict.missing == "unknown: no FIA driver categorisation recorded"


# --- sessions_completed --------------------------------------------------------------------------


def test_sessions_of_the_right_type_with_enough_laps_count():
    rule = one_rule("sessions_completed", session_types=["test_day"], count=1, min_laps=10)
    facts = driver(
        sessions=(
            session(date(2026, 5, 1), SessionType.TEST_DAY, laps=9),
            session(date(2026, 5, 2), SessionType.TRACK, laps=30),
        )
    )
    verdict = verdict_for(facts, rule)
    assert verdict.status is Status.NOT_MET
    assert verdict.missing == "1 test day session of at least 10 laps"
    facts_ten = driver(sessions=(session(date(2026, 5, 1), SessionType.TEST_DAY, laps=10),))
    assert verdict_for(facts_ten, rule).status is Status.MET


def test_sessions_without_laps_do_not_count_and_are_mentioned():
    rule = one_rule("sessions_completed", session_types=["test_day"], count=1, min_laps=10)
    facts = driver(sessions=(session(date(2026, 5, 1), SessionType.TEST_DAY, laps=None),))
    verdict = verdict_for(facts, rule)
    assert verdict.status is Status.NOT_MET
    assert verdict.notes == ("1 session has no laps recorded, so it does not count",)


def test_sessions_window_opens_and_closes_on_its_edges():
    rule = one_rule(
        "sessions_completed", session_types=["simulator"], count=5, window={"months": 12}
    )
    dated = (date(2025, 5, 31), date(2025, 6, 1), AS_OF, AS_OF + DAY)
    facts = driver(sessions=tuple(session(day, SessionType.SIMULATOR) for day in dated))
    assert verdict_for(facts, rule).progress.have == 2


# --- previous_stage and stages ---------------------------------------------------------------------
