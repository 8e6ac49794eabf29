"""Reading the "as of" date a person types."""

from __future__ import annotations

from datetime import date

import pytest

from academy.progress.dates import AsOfError, parse_as_of

TODAY = date(2026, 11, 25)


def test_no_date_means_today():
    assert parse_as_of("", TODAY) == TODAY
    assert parse_as_of(None, TODAY) == TODAY


def test_an_iso_date_is_read():
    assert parse_as_of("2026-06-01", TODAY) == date(2026, 6, 1)


def test_a_day_the_month_does_not_have_is_refused_with_the_reason():
    with pytest.raises(AsOfError, match="February 2026 has 28 days"):
        parse_as_of("2026-02-30", TODAY)


def test_the_29th_of_february_is_fine_in_a_leap_year():
    assert parse_as_of("2028-02-29", TODAY) == date(2028, 2, 29)


def test_a_thirteenth_month_is_refused():
    with pytest.raises(AsOfError, match="no month 13"):
        parse_as_of("2026-13-01", TODAY)


def test_text_that_is_not_a_date_is_refused_with_the_expected_form():
    with pytest.raises(AsOfError, match="YYYY-MM-DD"):
        parse_as_of("next tuesday", TODAY)


def test_year_zero_is_refused():
    with pytest.raises(AsOfError, match="no year 0"):
        parse_as_of("0000-01-01", TODAY)


def test_an_implausible_year_is_refused_with_the_range():
    with pytest.raises(AsOfError, match="between 1900-01-01 and 2100-12-31"):
        parse_as_of("0206-06-01", TODAY)
