"""The real hour-by-hour Le Mans 2023 file, against totals computed here with the csv module."""

from __future__ import annotations

import csv
import io

import pytest

from academy.enums import RaceClass, ResultStatus
from academy.results.timing import ParsedRace, TimingFormat, parse_timing_file
from tests.results.independent import REAL_HOUR_BY_HOUR, time_ms


@pytest.fixture(scope="module")
def race(real_hour_by_hour: bytes) -> ParsedRace:
    return parse_timing_file(real_hour_by_hour, REAL_HOUR_BY_HOUR.name)


@pytest.fixture(scope="module")
def rows(real_hour_by_hour: bytes) -> list[tuple[int, dict[str, str]]]:
    """(physical line, row) for every data row; Latin-1 is enough for numbers and counts."""
    reader = csv.reader(io.StringIO(real_hour_by_hour.decode("latin-1"), newline=""))
    header = [name.strip() for name in next(reader)]
    numbered = []
    for row in reader:
        numbered.append((reader.line_num, dict(zip(header, row, strict=True))))
    return numbered


@pytest.fixture(scope="module")
def final_rows(rows: list[tuple[int, dict[str, str]]]) -> list[tuple[int, dict[str, str]]]:
    """The hour-24 rows, then any car that retired and dropped out of the later hours."""
    last_hour = max(int(row["Hour"]) for _, row in rows)
    final = [(line, row) for line, row in rows if int(row["Hour"]) == last_hour]
    in_final = {row["Car No."] for _, row in final}
    last_row_of: dict[str, tuple[int, dict[str, str]]] = {}
    for line, row in rows:
        if row["Car No."] not in in_final:
            last_row_of[row["Car No."]] = (line, row)
    retired_early = [
        item for item in last_row_of.values() if item[1]["Status"].strip() == "Retired"
    ]
    return final + retired_early


def test_the_real_file_parses_ok(race: ParsedRace) -> None:
    assert race.ok, (race.refusal, race.errors[:5])
    assert race.file_format is TimingFormat.HOUR_BY_HOUR
    assert race.delimiter == ","


def test_every_data_row_is_counted(race: ParsedRace, rows: list) -> None:
    assert race.data_rows == len(rows)


def test_cars_are_the_last_hour_plus_the_car_that_retired_before_it(
    race: ParsedRace, final_rows: list
) -> None:
    assert [car.number for car in race.cars] == [row["Car No."] for _, row in final_rows]
    assert len(race.cars) == 62  # the 2023 starting grid


def test_each_car_points_at_its_row(race: ParsedRace, final_rows: list) -> None:
    assert [car.line for car in race.cars] == [line for line, _ in final_rows]


def test_classified_cars_are_those_running_at_the_end(race: ParsedRace, final_rows: list) -> None:
    running = [row["Car No."] for _, row in final_rows if row["Status"].strip() == "Running"]
    classified = [car.number for car in race.cars if car.status is ResultStatus.CLASSIFIED]
    assert classified == running


def test_retired_cars_are_dnf_without_positions(race: ParsedRace, final_rows: list) -> None:
    retired = {row["Car No."] for _, row in final_rows if row["Status"].strip() == "Retired"}
    for car in race.cars:
        if car.number in retired:
            assert (car.status, car.position_overall, car.position_in_class) == (
                ResultStatus.DNF,
                None,
                None,
            )


def test_laps_per_car_match_the_file(race: ParsedRace, final_rows: list) -> None:
    assert {car.number: car.laps for car in race.cars} == {
        row["Car No."]: int(row["Laps"]) for _, row in final_rows
    }


def test_drivers_per_car_match_the_file(race: ParsedRace, final_rows: list) -> None:
    expected = {
        row["Car No."]: len([name for name in row["Drivers"].split("/") if name.strip()])
        for _, row in final_rows
    }
    assert {car.number: len(car.drivers) for car in race.cars} == expected


def test_seats_are_numbered_in_the_order_the_drivers_are_listed(race: ParsedRace) -> None:
    assert [(d.seat, d.name) for d in race.car("8").drivers] == [
        (1, "S. BUEMI"),
        (2, "B. HARTLEY"),
        (3, "R. HIRAKAWA"),
    ]


def test_classes_match_the_category_column(race: ParsedRace, final_rows: list) -> None:
    to_class = {
        "HYPERCAR": RaceClass.HYPERCAR,
        "LMP2": RaceClass.LMP2,
        "LMGTE AM": RaceClass.GTE_AM,
        "INNOVATIVE CAR": RaceClass.INNOVATIVE,
    }
    expected = {
        row["Car No."]: to_class[" ".join(row["Category"].split()).upper()] for _, row in final_rows
    }
    assert {car.number: car.race_class for car in race.cars} == expected
    names = {
        RaceClass.HYPERCAR: "Hypercar",
        RaceClass.LMP2: "LMP2",
        RaceClass.GTE_AM: "LMGTE Am",
        RaceClass.INNOVATIVE: "Innovative",
    }
    assert set(race.classes) == {names[race_class] for race_class in expected.values()}


def test_positions_follow_the_order_of_running_cars(race: ParsedRace, final_rows: list) -> None:
    running = [row for _, row in final_rows if row["Status"].strip() == "Running"]
    by_number = {car.number: car for car in race.cars}
    class_counts: dict[str, int] = {}
    for position, row in enumerate(running, start=1):
        category = " ".join(row["Category"].split()).upper()
        class_counts[category] = class_counts.get(category, 0) + 1
        car = by_number[row["Car No."]]
        assert (car.position_overall, car.position_in_class) == (position, class_counts[category])


def test_the_winner_ran_24_hours_although_the_clock_shows_00_00_18(race: ParsedRace) -> None:
    winner = race.cars[0]
    assert (winner.number, winner.position_overall) == ("51", 1)
    assert winner.total_time_ms == time_ms("24:00:18")
    assert any("wraps past 24 hours" in warning.message for warning in race.warnings)


def test_a_retired_car_keeps_the_time_at_which_it_stopped(race: ParsedRace) -> None:
    assert race.car("7").total_time_ms == time_ms("07:58:44")


def test_best_laps_and_pit_stops_come_from_the_row(race: ParsedRace) -> None:
    car = race.car("51")
    assert (car.best_lap_number, car.best_lap_ms, car.pit_stops) == (264, time_ms("03:27.9"), 30)


def test_the_lost_comma_between_drivers_and_car_is_repaired(race: ParsedRace) -> None:
    car = race.car("28")
    assert car.vehicle == "Oreca 07 - Gibson"
    assert [d.name for d in car.drivers] == [
        "D. HEINEMEIER-HANSSON",
        "O. RASMUSSEN",
        "P. FITTIPALDI",
    ]
    assert any(w.line == car.line and "Drivers" in w.message for w in race.warnings)


def test_the_car_missing_from_hour_24_is_taken_from_its_last_row(race: ParsedRace) -> None:
    car = race.car("14")
    assert (car.team, car.status, car.laps) == ("Nielsen Racing", ResultStatus.DNF, 18)
    assert any(w.line == car.line and "missing from hour 24" in w.message for w in race.warnings)


def test_a_car_number_seen_in_one_hour_only_is_left_out(race: ParsedRace) -> None:
    assert "0" not in {car.number for car in race.cars}
    assert any(w.line == 560 and "car 0" in w.message for w in race.warnings)


def test_each_line_is_read_in_its_own_encoding(race: ParsedRace) -> None:
    assert race.encoding == "utf-8+cp1252"
    names = {d.name for car in race.cars for d in car.drivers}
    assert {"L. HÖRR", "N. MÜLLER", "L. DELÉTRAZ", "M. SØRENSEN", "A. NEGRÃO"} <= names
    assert not {"L. HÃ\u2013RR", "N. MÃ\u0153LLER"} & names  # UTF-8 bytes read as Windows-1252


def test_names_and_labels_lose_their_trailing_spaces(race: ParsedRace) -> None:
    assert all(car.class_label == car.class_label.strip() for car in race.cars)
    assert race.car("24").class_label == "INNOVATIVE CAR"
