"""Al Kamel lap analyses and classifications, generated, against values computed from the CSV."""

from __future__ import annotations

from datetime import time

import pytest

from academy.enums import RaceClass, ResultStatus
from academy.results.timing import (
    NightWindow,
    ParsedRace,
    ParseOptions,
    TimingFormat,
    parse_timing_file,
)
from tests.demo.timing_files import (
    SampleRace,
    alkamel_bytes,
    classification_csv,
    lap_analysis_csv,
)
from tests.results.independent import car_laps, seat_totals, semicolon_rows, time_ms

NIGHT = NightWindow(start=time(22, 0), end=time(5, 0))


@pytest.fixture(scope="module")
def lap_text(night_race: SampleRace) -> str:
    return lap_analysis_csv(night_race)


@pytest.fixture(scope="module")
def laps(lap_text: str) -> ParsedRace:
    return parse_timing_file(alkamel_bytes(lap_text), "23_Analysis_Race_Hour 4.CSV")


@pytest.fixture(scope="module")
def classification_text(night_race: SampleRace) -> str:
    return classification_csv(night_race)


@pytest.fixture(scope="module")
def classification(classification_text: str) -> ParsedRace:
    return parse_timing_file(alkamel_bytes(classification_text), "05_Classification_Race.CSV")


def test_a_lap_analysis_parses_ok(laps: ParsedRace) -> None:
    assert laps.ok, (laps.refusal, laps.errors[:5])
    assert (laps.file_format, laps.encoding, laps.delimiter) == (
        TimingFormat.ALKAMEL_LAP_ANALYSIS,
        "utf-8-sig",
        ";",
    )
    assert laps.warnings == ()


def test_drive_time_per_seat_is_the_sum_of_that_seats_lap_times(
    laps: ParsedRace, lap_text: str
) -> None:
    expected = seat_totals(lap_text, time_ms("22:00:00.000"), time_ms("05:00:00.000"))
    parsed = {(car.number, d.seat): d for car in laps.cars for d in car.drivers}
    assert {key: d.drive_time_ms for key, d in parsed.items()} == {
        key: totals.drive_time_ms for key, totals in expected.items()
    }


def test_laps_night_laps_and_best_lap_per_seat_match_the_csv(
    laps: ParsedRace, lap_text: str
) -> None:
    expected = seat_totals(lap_text, time_ms("22:00:00.000"), time_ms("05:00:00.000"))
    parsed = {(car.number, d.seat): d for car in laps.cars for d in car.drivers}
    assert {key: (d.name, d.laps, d.night_laps, d.best_lap_ms) for key, d in parsed.items()} == {
        key: (t.name, t.laps, t.night_laps, t.best_lap_ms) for key, t in expected.items()
    }


def test_the_race_starting_at_21_30_has_night_laps(laps: ParsedRace) -> None:
    assert sum(d.night_laps or 0 for car in laps.cars for d in car.drivers) > 0


def test_the_night_window_is_an_option(lap_text: str) -> None:
    daylight = NightWindow(start=time(12, 0), end=time(12, 0, 1))
    race = parse_timing_file(alkamel_bytes(lap_text), "laps.csv", ParseOptions(night=daylight))
    assert sum(d.night_laps or 0 for car in race.cars for d in car.drivers) == 0


def test_car_laps_are_the_highest_lap_number(laps: ParsedRace, lap_text: str) -> None:
    assert {car.number: car.laps for car in laps.cars} == car_laps(lap_text)


def test_car_time_is_the_elapsed_time_of_its_last_lap(laps: ParsedRace, lap_text: str) -> None:
    last_elapsed = {row["NUMBER"]: time_ms(row["ELAPSED"]) for row in semicolon_rows(lap_text)}
    assert {car.number: car.total_time_ms for car in laps.cars} == last_elapsed


def test_pit_stops_are_the_laps_ending_in_the_pits(laps: ParsedRace, lap_text: str) -> None:
    stops: dict[str, int] = {}
    for row in semicolon_rows(lap_text):
        stops[row["NUMBER"]] = stops.get(row["NUMBER"], 0) + (
            row["CROSSING_FINISH_LINE_IN_PIT"] == "B"
        )
    assert {car.number: car.pit_stops for car in laps.cars} == stops


def test_a_lap_analysis_has_no_status_and_no_positions(laps: ParsedRace) -> None:
    assert {(car.status, car.position_overall, car.position_in_class) for car in laps.cars} == {
        (None, None, None)
    }


def test_a_car_of_a_lap_analysis_points_at_its_first_lap(laps: ParsedRace, lap_text: str) -> None:
    first_line: dict[str, int] = {}
    for line_number, line in enumerate(lap_text.splitlines()[1:], start=2):
        first_line.setdefault(line.split(";")[0], line_number)
    assert {car.number: car.line for car in laps.cars} == first_line


def test_a_classification_parses_ok(classification: ParsedRace) -> None:
    assert classification.ok, (classification.refusal, classification.errors[:5])
    assert classification.file_format is TimingFormat.ALKAMEL_CLASSIFICATION


def test_classification_values_match_the_csv(
    classification: ParsedRace, classification_text: str
) -> None:
    expected = {
        row["NUMBER"]: (int(row["LAPS"]), time_ms(row["TOTAL_TIME"]), time_ms(row["FL_TIME"]))
        for row in semicolon_rows(classification_text)
    }
    assert {
        car.number: (car.laps, car.total_time_ms, car.best_lap_ms) for car in classification.cars
    } == expected


def test_classification_drivers_keep_their_seat(
    classification: ParsedRace, classification_text: str
) -> None:
    for row in semicolon_rows(classification_text):
        expected = [(seat, row[f"DRIVER_{seat}"]) for seat in range(1, 6) if row[f"DRIVER_{seat}"]]
        car = classification.car(row["NUMBER"])
        assert [(d.seat, d.name) for d in car.drivers] == expected


def test_positions_in_class_count_classified_cars_of_the_class(
    classification: ParsedRace, classification_text: str
) -> None:
    seen: dict[tuple[str, str], int] = {}
    for row in semicolon_rows(classification_text):
        car = classification.car(row["NUMBER"])
        if row["STATUS"] != "Classified":
            assert (car.position_overall, car.position_in_class) == (None, None)
            continue
        key = (row["CLASS"], row["GROUP"])
        seen[key] = seen.get(key, 0) + 1
        assert (car.position_overall, car.position_in_class) == (int(row["POSITION"]), seen[key])


def test_the_retired_car_is_dnf(classification: ParsedRace, night_race: SampleRace) -> None:
    retired = {n for n, status in night_race.statuses.items() if status == "Retired"}
    assert {car.number for car in classification.cars if car.status is ResultStatus.DNF} == retired


def test_an_lmp2_crew_in_the_pro_am_group_is_in_lmp2_pro_am() -> None:
    text = (
        "POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;CLASS;GROUP;STATUS;LAPS;TOTAL_TIME;\r\n"
        "1;25;Garnet Racing;Ye YIFEI;Kamui KOBAYASHI;LMP2;;Classified;120;4:01'02.345;\r\n"
        "2;26;Sakura Racing;Kenta YAMASHITA;Naomi NASR;LMP2;PRO/AM;Classified;119;4:01'40.000;\r\n"
    )
    race = parse_timing_file(alkamel_bytes(text), "classification.csv")
    assert [(c.race_class, c.class_label, c.position_in_class) for c in race.cars] == [
        (RaceClass.LMP2, "LMP2", 1),
        (RaceClass.LMP2_PRO_AM, "LMP2 PRO/AM", 1),
    ]


def test_driver_5_at_the_end_of_the_header_is_seat_5() -> None:
    text = (
        "POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;DRIVER_3;DRIVER_4;CLASS;STATUS;LAPS;TOTAL_TIME;"
        "DRIVER_5;\r\n"
        "1;9;Jade Engineering;A ONE;B TWO;;;GT;Classified;100;4:00'01.000;E FIVE;\r\n"
    )
    race = parse_timing_file(alkamel_bytes(text), "classification.csv")
    assert [(d.seat, d.name) for d in race.car("9").drivers] == [
        (1, "A ONE"),
        (2, "B TWO"),
        (5, "E FIVE"),
    ]


def test_a_lap_analysis_without_hour_column_has_no_night_laps() -> None:
    text = (
        "NUMBER;DRIVER_NUMBER;LAP_NUMBER;LAP_TIME;ELAPSED;DRIVER_NAME;CLASS;TEAM;\r\n"
        "7;1;1;2:00.000;2:00.000;Ye YIFEI;LMP3;Harbour Competition;\r\n"
        "7;1;2;1:59.000;3:59.000;Ye YIFEI;LMP3;Harbour Competition;\r\n"
    )
    race = parse_timing_file(alkamel_bytes(text), "laps.csv")
    assert race.ok
    driver = race.car("7").drivers[0]
    assert (driver.laps, driver.drive_time_ms, driver.night_laps) == (2, 239_000, None)
