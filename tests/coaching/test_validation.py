"""The pure rules of a session's laps, lap times, places and date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from academy.coaching.validation import (
    LapTimeFormatError,
    date_problems,
    lap_problems,
    parse_lap_time,
    place_problems,
)
from academy.enums import SessionType

SEPANG = ("Sepang International Circuit", Decimal("5.543"))


@pytest.mark.parametrize(
    ("text", "millis"),
    [
        ("1:45.123", 105_123),
        ("1:45.1", 105_100),
        ("1:45", 105_000),
        ("105.123", 105_123),
        ("3:31,900", 211_900),
        (" 0:59.999 ", 59_999),
        ("", None),
    ],
)
def test_lap_time_is_read_as_minutes_seconds_thousandths(text, millis):
    assert parse_lap_time(text) == millis


@pytest.mark.parametrize(
    "text", ["1:75.000", "abc", "1:45.1234", "1.45:123", "0:00.000", "-1:45.000"]
)
def test_malformed_lap_time_is_refused(text):
    with pytest.raises(LapTimeFormatError):
        parse_lap_time(text)


def test_future_date_is_a_problem_and_today_is_not():
    today = date(2026, 11, 25)
    assert date_problems(today, today) == []
    [(field, message)] = date_problems(date(2026, 11, 26), today)
    assert field == "held_on"
    assert "26 November 2026 is in the future (today is 25 November 2026)" in message


def test_best_lap_with_zero_laps_contradicts():
    assert lap_problems(SessionType.TRACK, 0, 118_000, *SEPANG) == [
        ("best_lap", "A best lap needs at least one lap: laps is 0.")
    ]


def test_plausible_lap_at_sepang_passes():
    assert lap_problems(SessionType.TRACK, 30, 118_000, *SEPANG) == []


def test_lap_above_400_kmh_average_is_refused():
    # 5.543 km in 49.0 s is 407 km/h.
    [(field, message)] = lap_problems(SessionType.TRACK, 30, 49_000, *SEPANG)
    assert field == "best_lap"
    assert "average of 407 km/h" in message


def test_lap_under_30_kmh_average_is_refused():
    # 5.543 km in 11:10 is 29.8 km/h.
    [(_, message)] = lap_problems(SessionType.TRACK, 30, 670_000, *SEPANG)
    assert "average of 30 km/h, too slow" in message


def test_lap_just_inside_the_speed_limits_passes():
    assert lap_problems(SessionType.TRACK, 30, 50_000, *SEPANG) == []  # 399 km/h
    assert lap_problems(SessionType.TRACK, 30, 665_000, *SEPANG) == []  # 30.0 km/h


def test_simulator_lap_without_a_circuit_is_not_speed_checked():
    assert lap_problems(SessionType.SIMULATOR, 30, 20_000) == []


@pytest.mark.parametrize("kind", [SessionType.FITNESS, SessionType.MEDIA, SessionType.CLASSROOM])
def test_sessions_without_driving_have_no_laps_or_lap_time(kind):
    fields = [field for field, _ in lap_problems(kind, 10, 118_000)]
    assert fields == ["laps", "best_lap"]


def test_track_session_needs_a_circuit():
    assert [field for field, _ in place_problems(SessionType.TRACK, False, "")] == ["circuit_id"]


def test_simulator_session_needs_a_title_and_no_circuit():
    fields = [field for field, _ in place_problems(SessionType.SIMULATOR, True, " ")]
    assert fields == ["simulator_title", "circuit_id"]


def test_fitness_session_needs_no_place():
    assert place_problems(SessionType.FITNESS, False, "") == []
