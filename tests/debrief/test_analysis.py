"""The debrief's figures from laps, without an app."""

from __future__ import annotations

from academy.debrief.analysis import (
    LapData,
    class_green_averages,
    consistency,
    debrief,
    green_flags,
    stints_of,
)


def laps_of(*spec: tuple[int, int, str, bool, int | None]) -> list[LapData]:
    return [
        LapData(seat=seat, lap=number, lap_ms=ms, flag=flag, in_pit=pit, pit_time_ms=pit_time)
        for number, (seat, ms, flag, pit, pit_time) in enumerate(spec, start=1)
    ]


RACE = laps_of(
    (1, 130_000, "GF", False, None),  # lap 1: the start, never green
    (1, 100_000, "GF", False, None),
    (1, 101_000, "GF", False, None),
    (1, 150_000, "SF", False, None),  # safety car
    (1, 102_000, "GF", False, None),
    (1, 120_000, "GF", True, None),  # in-lap: stint 1 ends
    (2, 125_000, "GF", False, 60_000),  # out-lap of driver 2
    (2, 99_000, "GF", False, None),
    (2, 99_500, "FCY", False, None),
    (2, 98_500, "GF", False, None),
)


def test_green_flag_laps_leave_out_start_pit_and_neutralised_laps() -> None:
    assert green_flags(RACE) == [False, True, True, False, True, False, False, True, False, True]


def test_stints_end_at_a_pit_stop_or_a_driver_change() -> None:
    green = green_flags(RACE)
    one = stints_of(RACE, green, 1)
    two = stints_of(RACE, green, 2)
    assert [(s.first_lap, s.last_lap, s.laps, s.green_laps, s.ends_in_pit) for s in one] == [
        (1, 6, 6, 3, True)
    ]
    assert one[0].green_average_ms == 101_000
    assert one[0].fall_ms_per_lap is not None and one[0].fall_ms_per_lap > 0  # slowing
    assert [(s.first_lap, s.last_lap, s.green_laps) for s in two] == [(7, 10, 2)]


def test_pace_against_co_drivers_and_class_uses_green_laps_only() -> None:
    report = debrief(RACE, 1, {1: "First", 2: "Second"}, [101_000, 98_750, 97_000, 105_000])
    assert report.green_average_ms == 101_000
    assert report.co_drivers[0].green_average_ms == 98_750
    assert report.gap_to_co_drivers_ms == 2_250
    assert report.class_average_ms == 99_875  # median of the four class drivers
    assert report.gap_to_class_ms == 1_125
    assert report.class_rank == 3
    assert [(stop.lap, stop.duration_ms) for stop in report.pit_stops] == [(6, 60_000)]
    assert report.drive_time_ms == sum(lap.lap_ms for lap in RACE if lap.seat == 1)
    # Driver 2's out-lap carries the pit-lane time, so driver 1's laps have none of it.
    assert report.drive_time_without_pit_ms == report.drive_time_ms
    second = debrief(RACE, 2, {1: "First", 2: "Second"}, [])
    assert second.drive_time_without_pit_ms == second.drive_time_ms - 60_000


def test_consistency_is_the_spread_within_107_percent_of_the_best() -> None:
    spread, pct = consistency([100_000, 101_000, 102_000, 200_000])
    assert round(spread) == 816  # 200 s is traffic or an incident, not pace
    assert round(pct, 2) == 0.81  # of the 101 s average
    assert consistency([100_000, 101_000]) == (None, None)


def test_class_averages_follow_the_same_green_flag_rule() -> None:
    rows = [
        (1, lap.seat, lap.lap, lap.lap_ms, lap.in_pit, lap.pit_time_ms, lap.flag) for lap in RACE
    ]
    other = laps_of((1, 90_000, "GF", False, None), (1, 91_000, "GF", False, None))
    rows += [
        (2, lap.seat, lap.lap, lap.lap_ms, lap.in_pit, lap.pit_time_ms, lap.flag) for lap in other
    ]
    assert sorted(class_green_averages(rows)) == [91_000, 98_750, 101_000]
