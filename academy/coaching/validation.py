"""What a coaching session may say about laps, lap times and places. Pure Python.

Each check returns the problems it finds as (field, message) pairs, in words a coach
understands, so the form can show each one next to its field.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from academy.enums import SessionType
from academy.formatting import format_date, format_lap_ms

# No car in the academy's classes laps a road circuit faster than this average, and nothing
# slower than this is a timed lap (a Le Mans Hypercar pole is about 250 km/h).
MAX_AVERAGE_KMH = 400
MIN_AVERAGE_KMH = 30

LAPPED_TYPES = frozenset({SessionType.TRACK, SessionType.SIMULATOR, SessionType.TEST_DAY})
CIRCUIT_TYPES = frozenset({SessionType.TRACK, SessionType.TEST_DAY})

_LAP_TIME = re.compile(r"^(?:(\d{1,2}):(\d{2})|(\d{1,3}))(?:[.,](\d{1,3}))?$")

Problem = tuple[str, str]


class LapTimeFormatError(ValueError):
    pass


def parse_lap_time(text: str) -> int | None:
    """'1:45.123' (or '105.123', '1:45.1') to milliseconds; '' to None."""
    text = text.strip()
    if not text:
        return None
    match = _LAP_TIME.match(text)
    if match is None:
        raise LapTimeFormatError(
            f"“{text}” is not a lap time: type minutes:seconds.thousandths, e.g. 1:45.123."
        )
    minutes, seconds_after_minutes, seconds_alone, fraction = match.groups()
    seconds = seconds_after_minutes or seconds_alone
    if minutes is not None and int(seconds) >= 60:
        raise LapTimeFormatError(f"“{text}”: seconds go from 00 to 59 after the minutes.")
    millis = int((fraction or "0").ljust(3, "0"))
    total = (int(minutes or 0) * 60 + int(seconds)) * 1000 + millis
    if total == 0:
        raise LapTimeFormatError("A best lap cannot be zero.")
    return total


def date_problems(held_on: date, as_of: date) -> list[Problem]:
    if held_on > as_of:
        return [
            (
                "held_on",
                f"The session date {format_date(held_on)} is in the future "
                f"(today is {format_date(as_of)}); log a session once it has happened.",
            )
        ]
    return []


def place_problems(
    session_type: SessionType, has_circuit: bool, simulator_title: str
) -> list[Problem]:
    """Track sessions happen at a circuit, simulator sessions on a named simulator."""
    if session_type in CIRCUIT_TYPES and not has_circuit:
        return [
            (
                "circuit_id",
                f"Choose the circuit of this {session_type.value.replace('_', ' ')} session.",
            )
        ]
    if session_type is SessionType.SIMULATOR:
        problems = []
        if not simulator_title.strip():
            problems.append(
                ("simulator_title", "Name the simulator (e.g. “Sepang, team simulator”).")
            )
        if has_circuit:
            problems.append(
                (
                    "circuit_id",
                    "A simulator session has no circuit: put the circuit in the simulator "
                    "title, so simulator laps are not compared with real ones.",
                )
            )
        return problems
    return []


def lap_problems(
    session_type: SessionType,
    laps: int | None,
    best_lap_ms: int | None,
    circuit_name: str | None = None,
    circuit_length_km: Decimal | None = None,
) -> list[Problem]:
    """Laps and best lap must agree with each other, the session type and the circuit."""
    kind = session_type.value.replace("_", " ")
    if session_type not in LAPPED_TYPES:
        problems = []
        if laps:
            problems.append(("laps", f"A {kind} session has no laps; leave laps empty."))
        if best_lap_ms is not None:
            problems.append(
                ("best_lap", f"A {kind} session has no lap time; leave best lap empty.")
            )
        return problems
    if best_lap_ms is None:
        return []
    if laps == 0:
        return [("best_lap", "A best lap needs at least one lap: laps is 0.")]
    if circuit_length_km:
        speed = float(circuit_length_km) / (best_lap_ms / 3_600_000)
        where = f"{circuit_name} ({circuit_length_km} km)"
        if speed > MAX_AVERAGE_KMH:
            return [
                (
                    "best_lap",
                    f"{format_lap_ms(best_lap_ms)} at {where} is an average of {speed:.0f} km/h, "
                    f"faster than any car laps it (over {MAX_AVERAGE_KMH} km/h); check the time.",
                )
            ]
        if speed < MIN_AVERAGE_KMH:
            return [
                (
                    "best_lap",
                    f"{format_lap_ms(best_lap_ms)} at {where} is an average of {speed:.0f} km/h, "
                    f"too slow for a timed lap (under {MIN_AVERAGE_KMH} km/h); check the time.",
                )
            ]
    return []
