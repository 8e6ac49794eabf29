"""academy.validity: the licence and medical that count on a day, expiring, age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from academy.enums import LicenceGrade
from academy.validity import (
    age_on,
    expiring,
    last_expired,
    licence_on,
    medical_on,
    valid_on,
)

B, A = LicenceGrade.INTERNATIONAL_B, LicenceGrade.INTERNATIONAL_A
DAY = date(2026, 12, 1)


@dataclass(frozen=True)
class Doc:
    grade: LicenceGrade
    issued_on: date | None
    expires_on: date | None


def test_valid_from_the_day_of_issue_through_the_day_of_expiry():
    doc = Doc(B, date(2026, 1, 1), DAY)
    assert valid_on(doc, DAY)
    assert valid_on(doc, date(2026, 1, 1))
    assert not valid_on(doc, date(2026, 12, 2))
    assert not valid_on(doc, date(2025, 12, 31))


def test_a_document_without_an_expiry_date_is_never_valid():
    assert not valid_on(Doc(B, date(2026, 1, 1), None), DAY)


def test_the_highest_grade_valid_counts_even_when_a_lower_one_runs_longer():
    long_b = Doc(B, date(2025, 1, 1), date(2027, 12, 31))
    new_a = Doc(A, date(2026, 11, 30), date(2027, 6, 30))
    assert licence_on([long_b, new_a], DAY) is new_a


def test_of_two_licences_of_one_grade_the_longer_running_counts():
    short, long = Doc(B, None, date(2027, 1, 1)), Doc(B, None, date(2028, 1, 1))
    assert licence_on([short, long], DAY) is long


def test_no_licence_counts_when_all_have_run_out_and_the_last_is_named():
    old = Doc(B, None, date(2026, 11, 10))
    older = Doc(A, None, date(2025, 11, 10))
    assert licence_on([old, older], DAY) is None
    assert last_expired([old, older], DAY) is old


def test_a_licence_not_yet_issued_does_not_count():
    assert licence_on([Doc(A, date(2026, 12, 2), date(2030, 1, 1))], DAY) is None


def test_the_medical_running_longest_counts():
    one, two = Doc(B, None, date(2027, 1, 1)), Doc(B, None, date(2026, 12, 5))
    assert medical_on([one, two], DAY) is one


def test_expiring_within_the_warning_days_and_not_after_expiry():
    assert expiring(Doc(B, None, date(2027, 1, 30)), DAY)  # 60 days
    assert not expiring(Doc(B, None, date(2027, 1, 31)), DAY)
    assert not expiring(Doc(B, None, date(2026, 11, 30)), DAY)  # expired, not expiring
    assert expiring(Doc(B, None, date(2027, 3, 1)), DAY, warn_days=90)


def test_age_counts_the_birthday_itself_and_29_february_on_1_march():
    assert age_on(date(2004, 12, 1), DAY) == 22
    assert age_on(date(2004, 12, 2), DAY) == 21
    assert age_on(date(2004, 2, 29), date(2025, 2, 28)) == 20
    assert age_on(date(2004, 2, 29), date(2025, 3, 1)) == 21
