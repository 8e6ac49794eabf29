"""Plain words for verdicts: dates, counts, lists."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from academy.enums import RaceClass, SessionType, label
from academy.pathway.rules import SERIES_NAMES, Window

_RACE_CLASS_ORDER = {member: index for index, member in enumerate(RaceClass)}
_SESSION_TYPE_ORDER = {member: index for index, member in enumerate(SessionType)}


def format_date(day: date) -> str:
    """1 June 2026 (no leading zero, English month name, whatever the locale)."""
    months = (
        "January February March April May June July August September October November December"
    ).split()
    return f"{day.day} {months[day.month - 1]} {day.year}"


def plural(count: int | float, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    shown = f"{count:g}" if isinstance(count, float) else str(count)
    return f"{shown} {word}"


def either(items: Iterable[str], joiner: str = "or") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def series_words(series: frozenset[str]) -> str:
    """' in ALMS or ELMS', or '' for any series."""
    if not series:
        return ""
    return " in " + either(SERIES_NAMES.get(code, code) for code in sorted(series))


def classes_words(classes: frozenset[RaceClass]) -> str:
    return either(label(member) for member in sorted(classes, key=_RACE_CLASS_ORDER.__getitem__))


def session_types_words(types: frozenset[SessionType]) -> str:
    return either(
        label(member).lower() for member in sorted(types, key=_SESSION_TYPE_ORDER.__getitem__)
    )


def window_words(window: Window, as_of: date) -> str:
    """' in the 24 months before 1 June 2026', ' between 1 January 2025 and 1 June 2026', ''."""
    if window.months is not None:
        return f" in the {plural(window.months, 'month')} before {format_date(as_of)}"
    start, end = window.bounds(as_of)
    if window.from_date and window.to_date:
        return f" between {format_date(start)} and {format_date(window.to_date)}"
    if window.from_date:
        return f" since {format_date(start)}"
    if window.to_date:
        return f" on or before {format_date(window.to_date)}"
    return ""


def hours_words(hours: float) -> str:
    rounded = round(hours, 1)
    return plural(int(rounded) if rounded == int(rounded) else rounded, "hour")
