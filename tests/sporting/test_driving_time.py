"""Driving time by hand, at the edges: the rolling window computed exactly over stints, the
total maximum, the minimum, from laps or from the classification's drive time."""

from __future__ import annotations

import pytest

from academy.enums import Categorisation
from academy.sporting import (
    DriverLap,
    DrivingTimeInputError,
    MaximumStatus,
    MinimumStatus,
    Stint,
    TimeSource,
    driving_times,
    laps_from_elapsed,
    most_in_window,
    stints_from_laps,
)
from tests.sporting.builders import crew, shipped

HOUR = 3_600_000
MINUTE = 60_000
B, S, G = Categorisation.BRONZE, Categorisation.SILVER, Categorisation.GOLD
LE_MANS = shipped("lemans-2026")  # 14 h at most, 4 h in any 6 h, LMP2 minimum 6 h
ALMS = shipped("alms-2024-25")  # LMP2, 3 drivers: Bronze/Silver at least 1h10, Gold at most 40 min


def laps(*stints: tuple[str, int, int]) -> list[DriverLap]:
    """(driver, laps, lap_ms) stints in order."""
    return [DriverLap(driver, lap_ms) for driver, count, lap_ms in stints for _ in range(count)]


def by_driver(times):
    return {time.driver: time for time in times}


def test_consecutive_laps_of_one_driver_make_one_stint():
    stints = stints_from_laps(laps(("d1", 3, HOUR), ("d2", 2, HOUR), ("d1", 1, HOUR)))
    assert stints == (
        Stint("d1", 0, 3 * HOUR, 3),
        Stint("d2", 3 * HOUR, 5 * HOUR, 2),
        Stint("d1", 5 * HOUR, 6 * HOUR, 1),
    )


def test_four_hours_in_six_exactly_is_within_the_limit():
    # d1: 0-3 h and 5-7 h; any 6 hours hold at most 3 h + 1 h.
    race_laps = laps(("d1", 3, HOUR), ("d2", 2, HOUR), ("d1", 2, HOUR))
    times = by_driver(driving_times(LE_MANS, "LMP2", crew(G, S), laps=race_laps))
    assert times["d1"].most_in_window_ms == 4 * HOUR
    assert times["d1"].window is MaximumStatus.WITHIN
    assert times["d1"].total_ms == 5 * HOUR and times["d1"].source is TimeSource.LAPS


def test_one_minute_more_in_any_six_hours_exceeds_it():
    # d2's stint a minute shorter: from 0 to 6 h, d1 drives 3 h + 1 h 01.
    race_laps = [
        *laps(("d1", 3, HOUR)),
        DriverLap("d2", 2 * HOUR - MINUTE),
        *laps(("d1", 2, HOUR)),
    ]
    times = by_driver(driving_times(LE_MANS, "LMP2", crew(G, S), laps=race_laps))
    assert times["d1"].most_in_window_ms == 4 * HOUR + MINUTE
    assert times["d1"].window is MaximumStatus.EXCEEDED
    assert "d1" not in times["d1"].reasons[0]
    assert times["d1"].reasons[-1] == (
        "Driver 1 drove 4h 01m within 6h 00m; at most 4h 00m in any 6h 00m"
    )


def test_the_window_is_exact_when_it_ends_inside_a_stint():
    stints = [Stint("x", 0, 2 * HOUR, 2), Stint("x", 5 * HOUR, 9 * HOUR, 4)]
    # [3 h, 9 h] holds the whole second stint (4 h); [0, 6 h] holds 2 h + 1 h.
    assert most_in_window(stints, 6 * HOUR) == 4 * HOUR
    assert most_in_window(stints, 7 * HOUR) == 4 * HOUR
    assert most_in_window(stints, 8 * HOUR) == 5 * HOUR
    assert most_in_window(stints, 10 * HOUR) == 6 * HOUR
    assert most_in_window([], 6 * HOUR) == 0


def test_fourteen_hours_is_the_most_and_a_moment_more_exceeds_it():
    exactly = [DriverLap("d1", 7 * HOUR), DriverLap("d2", HOUR), DriverLap("d1", 7 * HOUR)]
    times = by_driver(driving_times(LE_MANS, "Hypercar", crew(G, G), laps=exactly))
    assert times["d1"].total_ms == 14 * HOUR
    assert times["d1"].maximum is MaximumStatus.WITHIN
    over = [DriverLap("d1", 7 * HOUR), DriverLap("d2", HOUR), DriverLap("d1", 7 * HOUR + 1)]
    times = by_driver(driving_times(LE_MANS, "Hypercar", crew(G, G), laps=over))
    assert times["d1"].maximum is MaximumStatus.EXCEEDED
    assert "the maximum is 14h 00m" in times["d1"].reasons[0]


def test_the_le_mans_minimum_is_met_at_six_hours_and_not_a_millisecond_less():
    race_laps = [
        DriverLap("d1", 3 * HOUR),
        DriverLap("d2", 3 * HOUR),
        DriverLap("d1", 3 * HOUR),
        DriverLap("d2", 3 * HOUR - 1),
        DriverLap("d3", HOUR),
    ]
    times = by_driver(driving_times(LE_MANS, "LMP2", crew(B, S, G), laps=race_laps))
    assert times["d1"].minimum is MinimumStatus.MET
    assert times["d2"].minimum is MinimumStatus.NOT_MET
    assert times["d3"].reasons[0] == "Driver 3 drove 1h 00m; the minimum is 6h 00m"
    assert times["d1"].ok and not times["d2"].ok
    hypercar = by_driver(driving_times(LE_MANS, "Hypercar", crew(G, S, G), laps=race_laps))
    assert hypercar["d3"].minimum is MinimumStatus.NO_MINIMUM


def test_elapsed_times_place_the_laps_and_a_stoppage_splits_a_stint():
    race_laps = [
        DriverLap("d1", HOUR, elapsed_ms=HOUR),
        DriverLap("d1", HOUR, elapsed_ms=3 * HOUR),  # a red flag from 1 h to 2 h
    ]
    stints = stints_from_laps(race_laps)
    assert stints == (Stint("d1", 0, HOUR, 1), Stint("d1", 2 * HOUR, 3 * HOUR, 1))
    assert most_in_window(stints, 2 * HOUR) == HOUR


def test_without_laps_the_classification_time_gives_the_total_and_checks_the_limits():
    drive = {"d1": 70 * MINUTE, "d2": 70 * MINUTE - 1000, "d3": 41 * MINUTE}
    times = by_driver(driving_times(ALMS, "LMP2", crew(B, S, G), drive_times=drive))
    assert times["d1"].source is TimeSource.CLASSIFICATION
    assert times["d1"].minimum is MinimumStatus.MET
    assert times["d2"].minimum is MinimumStatus.NOT_MET
    assert times["d3"].maximum is MaximumStatus.EXCEEDED
    assert times["d3"].reasons == ("Driver 3 drove 0h 41m; the maximum is 0h 40m",)
    assert times["d1"].window is MaximumStatus.NO_MAXIMUM  # ALMS has no rolling window


def test_the_window_without_laps_is_within_only_when_the_whole_race_fits_in_it():
    short = by_driver(driving_times(LE_MANS, "LMP2", crew(B, S), drive_times={"d1": 4 * HOUR}))
    assert short["d1"].window is MaximumStatus.WITHIN
    long = by_driver(driving_times(LE_MANS, "LMP2", crew(B, S), drive_times={"d1": 7 * HOUR}))
    assert long["d1"].window is MaximumStatus.UNKNOWN
    assert long["d1"].most_in_window_ms is None
    assert long["d2"].minimum is MinimumStatus.UNKNOWN and long["d2"].total_ms is None
    assert long["d2"].source is TimeSource.NONE
    assert "no driving time known for Driver 2" in long["d2"].reasons[0]


def test_the_crew_size_picks_the_minimum():
    two = by_driver(driving_times(ALMS, "LMP2", crew(B, G), drive_times={"d1": 2 * HOUR}))
    assert two["d1"].min_ms == 135 * MINUTE and two["d1"].minimum is MinimumStatus.NOT_MET


def test_an_unknown_category_leaves_a_limit_that_depends_on_it_unknown():
    times = by_driver(
        driving_times(ALMS, "LMP2", crew(B, S, None), drive_times={"d3": 50 * MINUTE})
    )
    assert times["d3"].minimum is MinimumStatus.UNKNOWN
    assert times["d3"].maximum is MaximumStatus.UNKNOWN
    assert times["d3"].reasons[0] == (
        "Driver 3's category is not known and the driving-time limits depend on it"
    )
    # At Le Mans the limits do not depend on the category: still checked.
    le_mans = by_driver(driving_times(LE_MANS, "LMP2", crew(B, None), drive_times={"d2": 5 * HOUR}))
    assert le_mans["d2"].minimum is MinimumStatus.NOT_MET


def test_laps_that_cannot_be_read_are_refused():
    with pytest.raises(DrivingTimeInputError, match="not in the crew"):
        driving_times(LE_MANS, "LMP2", crew(B), laps=[DriverLap("stranger", HOUR)])
    with pytest.raises(DrivingTimeInputError, match="lap 2: a lap time must be positive"):
        stints_from_laps([DriverLap("d1", HOUR), DriverLap("d1", 0)])
    with pytest.raises(DrivingTimeInputError, match="before the lap before it ended"):
        stints_from_laps(
            [DriverLap("d1", HOUR, elapsed_ms=HOUR), DriverLap("d1", HOUR, elapsed_ms=HOUR + 5)]
        )


def test_laps_from_elapsed_times_alone():
    crossings = [("d1", HOUR), ("d1", 2 * HOUR), ("d2", 3 * HOUR)]
    race_laps = laps_from_elapsed(crossings)
    assert [lap.lap_ms for lap in race_laps] == [HOUR, HOUR, HOUR]
    assert stints_from_laps(race_laps) == (
        Stint("d1", 0, 2 * HOUR, 2),
        Stint("d2", 2 * HOUR, 3 * HOUR, 1),
    )
    with pytest.raises(DrivingTimeInputError, match="lap 2: the elapsed time must grow"):
        laps_from_elapsed([("d1", HOUR), ("d1", HOUR)])


def test_a_window_can_be_measured_where_the_rules_set_none():
    race_laps = laps(("d1", 2, HOUR), ("d2", 1, HOUR), ("d1", 1, HOUR))
    plain = by_driver(driving_times(ALMS, "LMP2", crew(B, S), laps=race_laps))
    assert plain["d1"].most_in_window_ms is None and plain["d1"].window_ms is None
    measured = by_driver(
        driving_times(ALMS, "LMP2", crew(B, S), laps=race_laps, window_ms=2 * HOUR)
    )
    assert measured["d1"].window_ms == 2 * HOUR
    assert measured["d1"].most_in_window_ms == 2 * HOUR
    assert measured["d1"].window is MaximumStatus.NO_MAXIMUM  # measured, not limited
