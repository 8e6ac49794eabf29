"""Plain words for verdicts: dates, counts, lists, durations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from academy.competencies import RUBRIC
from academy.enums import RaceClass, ResultStatus, SessionType, label, status_words
from academy.formatting import MONTH_NAMES
from academy.formatting import format_date as format_date  # the checks say dates with it
from academy.pathway.rules import SERIES_NAMES, Window

_RACE_CLASS_ORDER = {member: index for index, member in enumerate(RaceClass)}
_SESSION_TYPE_ORDER = {member: index for index, member in enumerate(SessionType)}
_STATUS_ORDER = {member: index for index, member in enumerate(ResultStatus)}

# How a competency key reads in a sentence ("traffic management"), from the one rubric list.
COMPETENCY_WORDS: dict[str, str] = {line.key: line.in_words for line in RUBRIC}

# Class names as the ACO writes them in prose (the enum values are the timing-file spellings).
_CLASS_WORDS: dict[RaceClass, str] = {
    RaceClass.HYPERCAR: "Hypercar",
    RaceClass.LMP2_PRO_AM: "LMP2 Pro-Am",
    RaceClass.GTE_PRO: "LMGTE Pro",
    RaceClass.GTE_AM: "LMGTE Am",
    RaceClass.INNOVATIVE: "Innovative",
}


def number(value: int | float) -> str:
    """6, 6.5, 6.33 (no trailing zeros, at most two decimals)."""
    if isinstance(value, float):
        return f"{round(value, 2):g}"
    return str(value)


def plural(count: int | float, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


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


def class_words(race_class: RaceClass) -> str:
    return _CLASS_WORDS.get(race_class, race_class.value)


def classes_words(classes: frozenset[RaceClass]) -> str:
    return either(
        class_words(member) for member in sorted(classes, key=_RACE_CLASS_ORDER.__getitem__)
    )


def statuses_words(statuses: frozenset[ResultStatus]) -> str:
    return either(
        status_words(member) for member in sorted(statuses, key=_STATUS_ORDER.__getitem__)
    )


def session_types_words(types: frozenset[SessionType]) -> str:
    return either(
        label(member).lower() for member in sorted(types, key=_SESSION_TYPE_ORDER.__getitem__)
    )


def competency_words(key: str) -> str:
    return COMPETENCY_WORDS.get(key, key.replace("_", " "))


def window_words(window: Window, as_of: date) -> str:
    """' in the 24 months before 1 June 2026', ' between 1 January 2025 and 1 June 2026', ''."""
    if window.months is not None:
        return f" in the {plural(window.months, 'month')} before {format_date(as_of)}"
    start, _end = window.bounds(as_of)
    if window.seasons is not None:
        seasons = "this season" if window.seasons == 1 else f"the last {window.seasons} seasons"
        return f" in {seasons} (since {format_date(start)})"
    if window.from_date and window.to_date:
        return f" between {format_date(start)} and {format_date(window.to_date)}"
    if window.from_date:
        return f" since {format_date(start)}"
    if window.to_date:
        return f" on or before {format_date(window.to_date)}"
    return ""


def window_label(window: Window) -> str:
    """The same window without an evaluation date: ' in the last 24 months'."""
    if window.months is not None:
        return f" in the last {plural(window.months, 'month')}"
    if window.seasons is not None:
        month, day = window.season_start
        starts = f"seasons start on {day} {MONTH_NAMES[month - 1]}"
        if window.seasons == 1:
            return f" in the current season ({starts})"
        return f" in the last {window.seasons} seasons, this one included ({starts})"
    if window.from_date and window.to_date:
        return f" between {format_date(window.from_date)} and {format_date(window.to_date)}"
    if window.from_date:
        return f" since {format_date(window.from_date)}"
    if window.to_date:
        return f" on or before {format_date(window.to_date)}"
    return ""


def hours_words(hours: float) -> str:
    rounded = round(hours, 1)
    return plural(int(rounded) if rounded == int(rounded) else rounded, "hour")


def duration_words(seconds: int) -> str:
    """'2 hours 30 minutes', '45 minutes', '3 hours' (whole minutes, rounded up)."""
    minutes = -(-seconds // 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(plural(hours, "hour"))
    if minutes or not hours:
        parts.append(plural(minutes, "minute"))
    return " ".join(parts)
