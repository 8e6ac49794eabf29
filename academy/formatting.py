"""Display formats for times and dates, shared by pages and dossiers. Pure Python."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache


def format_lap_ms(ms: int | None) -> str:
    """1:45.123 for a lap time in milliseconds."""
    if ms is None:
        return "–"
    minutes, rest = divmod(ms, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{minutes}:{seconds:02d}.{millis:03d}"


def format_duration_ms(ms: int | None) -> str:
    """2h 05m for a drive time in milliseconds."""
    if ms is None:
        return "–"
    total_minutes = round(ms / 60_000)
    hours, minutes = divmod(total_minutes, 60)
    return f"{hours}h {minutes:02d}m"


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@lru_cache(maxsize=4096)  # the same few days are written over and over (expiries, as_of)
def format_date(value: date | None, missing: str = "–") -> str:
    """1 June 2026: the one way a date is written for people, on pages, in PDFs and in the
    engine's words (no leading zero, English month name, whatever the locale). CSV and JSON
    write ISO dates (date.isoformat())."""
    if value is None:
        return missing
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def format_moment(value: datetime | None, missing: str = "–") -> str:
    """1 June 2026, 14:05 UTC (the zone the datetime carries; naive ones are UTC)."""
    if value is None:
        return missing
    zone = value.tzname() or "UTC"
    return f"{format_date(value.date())}, {value:%H:%M} {zone}"
