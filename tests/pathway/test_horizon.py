"""How long a driver's statuses hold with nothing new recorded (academy/pathway/horizon.py):
never longer than they really do, and as long as the rule allows."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from academy.enums import LicenceGrade, SessionType
from academy.pathway.engine import evaluate
from academy.pathway.horizon import FOREVER, months_after, unchanged_through
from academy.pathway.loader import parse_rule_set
from academy.pathway.rules import months_before
from tests.pathway.builders import (
    driver,
    licence,
    medical,
    one_rule,
    requirement,
    result,
    rule_data,
    session,
    stage,
)
from tests.pathway.test_pathway_properties import SHIPPED, drivers

ONE_DAY = timedelta(days=1)


def statuses(facts, rule_set, day):
    return [
        (verdict.requirement_id, verdict.status)
        for stage_verdict in evaluate(facts, rule_set, day).stages
        for verdict in stage_verdict.requirements
    ]


def through(facts, rule_set, as_of):
    return unchanged_through(facts, evaluate(facts, rule_set, as_of))


def changes_the_day_after(facts, rule_set, as_of):
    """The answer, and whether the statuses really change on the following day."""
    last = through(facts, rule_set, as_of)
    return last, statuses(facts, rule_set, last + ONE_DAY) != statuses(facts, rule_set, as_of)


# --- the property: never too long --------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(drivers(), st.dates(date(2023, 1, 1), date(2027, 6, 30)), st.floats(0, 1))
def test_statuses_hold_on_every_day_up_to_the_answer(facts, as_of, share):
    last = through(facts, SHIPPED, as_of)
    assert last >= as_of
    expected = statuses(facts, SHIPPED, as_of)
    span = (min(last, date(2030, 1, 1)) - as_of).days
    for day in {as_of + timedelta(days=round(span * share)), as_of + timedelta(days=span)}:
        assert statuses(facts, SHIPPED, day) == expected, (as_of, last, day)


# --- each way time changes a verdict, at its edge ----------------------------------------------


def test_a_result_leaving_a_window_ends_it_on_its_last_day_inside():
    rules = one_rule("classified_starts", count=1, window={"months": 24})
    facts = driver(results=(result(date(2025, 3, 10)),))
    last, changed = changes_the_day_after(facts, rules, date(2026, 6, 1))
    assert last == date(2027, 3, 10)
    assert changed


def test_a_window_from_the_end_of_a_month_is_clamped_like_the_engine():
    assert months_after(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months_before(months_after(date(2024, 2, 29), 12), 12) <= date(2024, 2, 29)
    rules = one_rule("classified_starts", count=1, window={"months": 1})
    facts = driver(results=(result(date(2026, 1, 31)),))
    last, changed = changes_the_day_after(facts, rules, date(2026, 2, 10))
    assert last == date(2026, 2, 28)
    assert changed


def test_a_result_dated_ahead_ends_it_the_day_before_it_counts():
    rules = one_rule("classified_starts", count=1)
    facts = driver(results=(result(date(2026, 7, 4)),))
    last, changed = changes_the_day_after(facts, rules, date(2026, 6, 1))
    assert last == date(2026, 7, 3)
    assert changed


def test_a_licence_becomes_expiring_then_lapses():
    rules = one_rule("min_licence_grade", grade="international_c", warn_days=60)
    facts = driver(licences=(licence(LicenceGrade.INTERNATIONAL_C, date(2026, 12, 31)),))
    last, changed = changes_the_day_after(facts, rules, date(2026, 6, 1))
    assert last == date(2026, 12, 31) - timedelta(days=61)
    assert changed
    last, changed = changes_the_day_after(facts, rules, date(2026, 12, 1))
    assert last == date(2026, 12, 31)
    assert changed


def test_a_medical_expiry_is_watched_too():
    rules = one_rule("valid_medical", warn_days=30)
    facts = driver(medicals=(medical(date(2026, 9, 30)),))
    last, changed = changes_the_day_after(facts, rules, date(2026, 6, 1))
    assert last == date(2026, 8, 30)
    assert changed


def test_a_birthday_ends_it_the_day_before():
    rules = one_rule("min_age", years=16)
    facts = driver(born=date(2010, 8, 15))
    last, changed = changes_the_day_after(facts, rules, date(2026, 6, 1))
    assert last == date(2026, 8, 14)
    assert changed


def test_someone_born_on_29_february_comes_of_age_on_1_march():
    rules = one_rule("min_age", years=18)
    facts = driver(born=date(2008, 2, 29))
    last, changed = changes_the_day_after(facts, rules, date(2026, 1, 1))
    assert last == date(2026, 2, 28)
    assert changed


def test_sessions_in_a_window_are_watched():
    rules = one_rule(
        "sessions_completed", count=1, session_types=["simulator"], window={"months": 12}
    )
    facts = driver(sessions=(session(date(2026, 2, 1), SessionType.SIMULATOR),))
    last, changed = changes_the_day_after(facts, rules, date(2026, 6, 1))
    assert last == date(2027, 2, 1)
    assert changed


def test_nothing_ahead_means_it_holds_for_good():
    rules = parse_rule_set(
        rule_data(
            stage(
                "s",
                requirement("classified_starts", "starts", count=2),
                requirement("categorisation_in", "cat", allowed=["silver", "bronze"]),
            )
        ),
        "test.toml",
    )
    facts = driver(results=(result(date(2025, 5, 1)),))
    assert through(facts, rules, date(2026, 6, 1)) == FOREVER


def test_a_result_inside_a_window_clamped_at_a_month_end_is_still_watched():
    """On 31 March a one-month window starts on 28 February: a result of that day counts
    until the window moves on, on 1 April."""
    rules = one_rule("classified_starts", count=1, window={"months": 1})
    facts = driver(results=(result(date(2026, 2, 28)),))
    last, changed = changes_the_day_after(facts, rules, date(2026, 3, 31))
    assert last == date(2026, 3, 31)
    assert changed


def test_a_met_count_holds_until_too_few_are_left():
    """Two needed, four counting: it holds until the third oldest leaves."""
    rules = one_rule("classified_starts", count=2, window={"months": 12})
    days = [date(2025, 7, 1), date(2025, 9, 1), date(2025, 11, 1), date(2026, 1, 1)]
    facts = driver(results=tuple(result(day) for day in days))
    last, changed = changes_the_day_after(facts, rules, date(2026, 6, 1))
    assert last == date(2026, 11, 1)
    assert changed


def test_endurance_hours_hold_until_the_sum_falls_short():
    rules = one_rule("endurance_hours", hours=5, window={"months": 12})
    facts = driver(
        results=(
            result(date(2025, 8, 1), drive_seconds=2 * 3600),
            result(date(2025, 10, 1), drive_seconds=2 * 3600),
            result(date(2026, 2, 1), drive_seconds=3 * 3600),
        )
    )
    last, changed = changes_the_day_after(facts, rules, date(2026, 6, 1))
    assert last == date(2026, 10, 1)  # 7 h until 1 Aug 2026 leaves, 5 h until 1 Oct leaves
    assert changed


def test_a_requirement_not_met_cannot_be_met_by_time_alone():
    rules = one_rule("classified_starts", count=3, window={"months": 12})
    facts = driver(results=(result(date(2026, 1, 1)), result(date(2026, 2, 1))))
    assert through(facts, rules, date(2026, 6, 1)) == FOREVER
