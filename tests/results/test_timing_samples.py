"""The sample generator writes files shaped like Al Kamel's, the same bytes for the same seed."""

from __future__ import annotations

import re

from tests.demo.timing_files import (
    CLASSIFICATION_HEADER,
    LAP_ANALYSIS_HEADER,
    SampleRace,
    alkamel_bytes,
    classification_csv,
    lap_analysis_csv,
    sample_grid,
    sample_lap_analysis_bytes,
    simulate_race,
)
from tests.results.independent import semicolon_rows, time_ms


def test_the_same_seed_gives_the_same_bytes() -> None:
    assert sample_lap_analysis_bytes(cars=4, laps=10, seed=3) == sample_lap_analysis_bytes(
        cars=4, laps=10, seed=3
    )


def test_another_seed_gives_another_race() -> None:
    assert sample_lap_analysis_bytes(cars=4, laps=10, seed=3) != sample_lap_analysis_bytes(
        cars=4, laps=10, seed=4
    )


def test_files_are_utf8_with_a_bom_crlf_and_a_semicolon_at_every_line_end(
    night_race: SampleRace,
) -> None:
    data = alkamel_bytes(lap_analysis_csv(night_race))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].decode("utf-8").split("\r\n")
    assert lines[-1] == ""
    assert all(line.endswith(";") for line in lines[:-1])
    assert "\n" not in "".join(lines)


def test_headers_are_al_kamels_with_their_stray_spaces(night_race: SampleRace) -> None:
    assert lap_analysis_csv(night_race).split("\r\n")[0] == LAP_ANALYSIS_HEADER
    assert LAP_ANALYSIS_HEADER.startswith("NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME;")
    assert classification_csv(night_race).split("\r\n")[0] == CLASSIFICATION_HEADER


def test_times_are_written_in_al_kamel_formats(night_race: SampleRace) -> None:
    laps = semicolon_rows(lap_analysis_csv(night_race))
    assert all(re.fullmatch(r"\d+:\d\d\.\d{3}", row["LAP_TIME"]) for row in laps)
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3}", row["HOUR"]) for row in laps)
    rows = semicolon_rows(classification_csv(night_race))
    assert all(re.fullmatch(r"\d+:\d\d'\d\d\.\d{3}", row["TOTAL_TIME"]) for row in rows)
    assert all(re.fullmatch(r"\d+'\d\d\.\d{3}", row["FL_TIME"]) for row in rows)


def test_elapsed_is_the_running_sum_of_lap_times(night_race: SampleRace) -> None:
    running: dict[str, int] = {}
    for row in semicolon_rows(lap_analysis_csv(night_race)):
        running[row["NUMBER"]] = running.get(row["NUMBER"], 0) + time_ms(row["LAP_TIME"])
        assert time_ms(row["ELAPSED"]) == running[row["NUMBER"]]


def test_pit_stops_hand_the_car_to_the_next_seat(night_race: SampleRace) -> None:
    for car in night_race.cars:
        laps = night_race.laps_of(car.number)
        for before, after in zip(laps, laps[1:], strict=False):
            if before.in_pit:
                assert after.seat == before.seat % len(car.drivers) + 1
                assert after.pit_time_ms is not None
            else:
                assert after.seat == before.seat


def test_retired_cars_stop_early_and_are_listed_after_the_classified() -> None:
    race = simulate_race(sample_grid(8, seed=2), laps=30, seed=2, retirements=3)
    statuses = [row["STATUS"] for row in semicolon_rows(classification_csv(race))]
    assert statuses == ["Classified"] * 5 + ["Retired"] * 3
    retired = [number for number, status in race.statuses.items() if status == "Retired"]
    assert all(len(race.laps_of(number)) < 30 for number in retired)


def test_a_grid_has_unique_numbers_and_drivers() -> None:
    grid = sample_grid(60, seed=9)
    assert len({car.number for car in grid}) == 60
    drivers = [name for car in grid for name in car.drivers]
    assert len(set(drivers)) == len(drivers)
