"""Cell values of timing files: times, statuses, driver lists (classes: `classes`). Pure Python.

Every parser here raises ValueError with a sentence a coach can read; the row parsers turn it
into a RowError with the file's line number.
"""

from __future__ import annotations

import re
import unicodedata

from academy.enums import ResultStatus

_SPACES = re.compile(r"\s+")
_TIME_SEPARATORS = re.compile(r"[:']")
_DIGITS = re.compile(r"\d+", re.ASCII)
_SECONDS = re.compile(r"(\d+)(?:[.,](\d{1,6}))?", re.ASCII)
_USUAL_TIME = re.compile(r"(?:(\d+)[:'])?(\d+)[:'](\d\d)\.(\d{3})", re.ASCII)
_CAR_NUMBER = re.compile(r"\d{1,4}[A-Z]?", re.ASCII)


def squeeze(text: str) -> str:
    """Trim and collapse inner runs of white space: ' LMGTE  Am ' -> 'LMGTE Am'."""
    return _SPACES.sub(" ", text).strip()


def parse_duration_ms(text: str) -> int:
    """A race time to milliseconds.

    Accepts every shape the timing files use: 5:44'41.101 (Al Kamel total time),
    1:45.123 (lap), 01:45:27 (hour-by-hour total), 03:29.7 (tenths), 41.101 (seconds).
    """
    value = text.strip()
    if not value:
        raise ValueError("empty time")
    if value.startswith("-"):
        raise ValueError(f"negative time {value!r}")
    fast = _USUAL_TIME.fullmatch(value)
    if fast is not None:
        # The shapes nearly every cell has (1:58.123, 1:02:03.456), read without the general
        # path below; anything unusual about them (seconds over 59...) still goes through it.
        hours, minutes, seconds, millis = fast.groups()
        if int(seconds) <= 59 and (hours is None or (len(minutes) == 2 and int(minutes) <= 59)):
            return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)
    parts = _TIME_SEPARATORS.split(value)
    if len(parts) > 3:
        raise ValueError(f"unreadable time {value!r}: too many parts")
    seconds_match = _SECONDS.fullmatch(parts[-1])
    leading = parts[:-1]
    if seconds_match is None or any(_DIGITS.fullmatch(part) is None for part in leading):
        raise ValueError(f"unreadable time {value!r}")
    seconds_text, fraction = seconds_match.group(1), seconds_match.group(2) or ""
    whole_seconds = int(seconds_text)
    if leading and (len(seconds_text) != 2 or whole_seconds > 59):
        raise ValueError(f"unreadable time {value!r}: seconds must be two digits, 00-59")
    if len(leading) == 2 and (len(leading[1]) != 2 or int(leading[1]) > 59):
        raise ValueError(f"unreadable time {value!r}: minutes must be two digits, 00-59")
    millis = round(int(fraction.ljust(6, "0")) / 1000) if fraction else 0
    hours = int(leading[0]) if len(leading) == 2 else 0
    minutes = int(leading[-1]) if leading else 0
    return ((hours * 60 + minutes) * 60 + whole_seconds) * 1000 + millis


def parse_clock_ms(text: str) -> int:
    """A time of day (the HOUR column, '23:14:05.123') to milliseconds since midnight."""
    value = parse_duration_ms(text)
    if len(_TIME_SEPARATORS.split(text.strip())) != 3 or value >= 24 * 3600 * 1000:
        raise ValueError(f"unreadable time of day {text.strip()!r}")
    return value


def parse_count(text: str, what: str) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        raise ValueError(f"{what} {value!r} is not a whole number" if value else f"{what} is empty")
    return int(value)


def parse_car_number(text: str) -> str:
    value = text.strip().upper()
    if not value:
        raise ValueError("car number is empty")
    if _CAR_NUMBER.fullmatch(value) is None:
        raise ValueError(f"car number {text.strip()!r} is not a race number")
    return value


_STATUS_LABELS: dict[str, ResultStatus] = {
    # A car still running when the flag falls is classified; the hour-by-hour compilation
    # says "Running" for them, Al Kamel says "Classified" or leaves the cell empty.
    "": ResultStatus.CLASSIFIED,
    "CLASSIFIED": ResultStatus.CLASSIFIED,
    "RUNNING": ResultStatus.CLASSIFIED,
    "FINISHED": ResultStatus.CLASSIFIED,
    "NOT CLASSIFIED": ResultStatus.NOT_CLASSIFIED,
    "NOT CLASSIFIED.": ResultStatus.NOT_CLASSIFIED,
    "NC": ResultStatus.NOT_CLASSIFIED,
    "RETIRED": ResultStatus.DNF,
    "RET": ResultStatus.DNF,
    "DNF": ResultStatus.DNF,
    "DID NOT FINISH": ResultStatus.DNF,
    "DNS": ResultStatus.DNS,
    "DID NOT START": ResultStatus.DNS,
    "NOT STARTED": ResultStatus.DNS,
    "DSQ": ResultStatus.DSQ,
    "DQ": ResultStatus.DSQ,
    "DISQUALIFIED": ResultStatus.DSQ,
    "EXCLUDED": ResultStatus.DSQ,
}


def status_from_label(text: str) -> ResultStatus:
    key = squeeze(text).upper()
    try:
        return _STATUS_LABELS[key]
    except KeyError:
        raise ValueError(f"unknown status {squeeze(text)!r}") from None


def split_driver_list(text: str) -> tuple[str, ...]:
    """'S. BUEMI / B. HARTLEY / R. HIRAKAWA' (or without spaces round '/') to names."""
    return tuple(name for name in (squeeze(part) for part in text.split("/")) if name)


def check_readable(text: str, what: str) -> str:
    """Refuse control characters and decoding debris in a name: they mean a damaged row."""
    for char in text:
        if char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
            raise ValueError(f"{what} contains an unreadable character ({char!r})")
    return text
