"""Reading an "as of" date typed by a person, with a reason when it cannot be used."""

from __future__ import annotations

import calendar
import re
from datetime import date

from academy.formatting import format_date
from academy.pathway.engine import check_as_of

_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class AsOfError(ValueError):
    """The text is not a day the pathway can be checked on; str() says why, in words."""


def parse_as_of(text: str | None, today: date) -> date:
    """The day to check the pathway on: `today` when nothing was given."""
    text = (text or "").strip()
    if not text:
        return today
    match = _ISO_DAY.match(text)
    if not match:
        raise AsOfError(f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-06-01.")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise AsOfError(f"'{text}' is not a date: there is no month {month}.")
    if year < 1:
        raise AsOfError(f"'{text}' is not a date: there is no year {year}.")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise AsOfError(
            f"'{text}' is not a date: {calendar.month_name[month]} {year} has {days_in_month} days."
        )
    as_of = date(year, month, day)
    try:
        check_as_of(as_of)
    except ValueError as error:
        raise AsOfError(f"{format_date(as_of)} cannot be used: {error}.") from error
    return as_of
