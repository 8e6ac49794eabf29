"""Classes as data, GROUP splits, cars not classified past their laps, and astronomical night."""

from __future__ import annotations

from datetime import date

from academy.enums import RaceClass
from academy.results.timing import ParseOptions, parse_timing_file
from academy.results.timing.classes import ClassBook, ClassSpec
from academy.results.timing.parsed import NightWindow, SunNight
from tests.results.independent import REAL_DATA

SEPANG = REAL_DATA / "alms-2025-sepang-race1-classification.csv"
LE_MANS_2021 = REAL_DATA / "wec-2021-lemans-24h-lap-analysis.csv"
SILVERSTONE_2014 = REAL_DATA / "elms-2014-silverstone-classification.csv"


def test_group_p_a_makes_lmp2_cars_a_pro_am_class_of_their_own() -> None:
    race = parse_timing_file(LE_MANS_2021.read_bytes(), LE_MANS_2021.name)
    pro_am = {car.number for car in race.cars if car.class_name == "LMP2 Pro/Am"}
    lines = LE_MANS_2021.read_text(encoding="utf-8-sig").splitlines()[1:]
    expected = {line.split(";")[0] for line in lines if line.split(";")[21:23] == ["LMP2", "P/A"]}
    assert pro_am == expected and len(expected) > 0
    assert {race.car(n).race_class for n in pro_am} == {RaceClass.LMP2_PRO_AM}


def test_historic_classes_are_known_and_classified_apart() -> None:
    race = parse_timing_file(SILVERSTONE_2014.read_bytes(), SILVERSTONE_2014.name)
    assert race.ok and race.unknown_classes == ()
    assert set(race.classes) == {"LMP2", "LMGTE", "GTC"}
    gtc = [car for car in race.cars if car.class_name == "GTC" and car.position_in_class]
    assert sorted(car.position_in_class for car in gtc) == list(range(1, len(gtc) + 1))


def test_an_unknown_class_is_a_warning_with_its_line_and_the_file_still_reads(tmp_path) -> None:
    book = ClassBook.of(spec for spec in ClassBook().classes if spec.name != "GTC")
    race = parse_timing_file(
        SILVERSTONE_2014.read_bytes(), SILVERSTONE_2014.name, ParseOptions(classes=book)
    )
    assert race.ok and race.unknown_classes == ("GTC",)
    warning = next(w for w in race.warnings if "'GTC'" in w.message)
    first_gtc = next(
        number
        for number, line in enumerate(SILVERSTONE_2014.read_text("utf-8-sig").splitlines(), 1)
        if ";GTC;" in line
    )
    assert warning.line == first_gtc
    assert "map it to a known class or add it" in warning.message


def test_an_added_alias_maps_a_class_label() -> None:
    book = ClassBook.of([*ClassBook().classes, ClassSpec("GT Cup", RaceClass.GT, ("GTCUP",))])
    assert book.match("gtcup").name == "GT Cup"
    assert book.match(" LMP2 ", "PRO/AM").name == "LMP2 Pro/Am"
    assert not book.match("LMP9").known


def test_a_not_classified_car_with_its_fastest_lap_past_its_laps_is_kept_with_a_warning(
    tmp_path,
) -> None:
    text = SEPANG.read_text("utf-8")
    lines = text.splitlines()
    header = lines[0].split(",")
    status, laps, fl = header.index("STATUS"), header.index("LAPS"), header.index("FL_LAPNUM")
    index = next(i for i, line in enumerate(lines) if ",Not classified," in line)
    cells = lines[index].split(",")
    cells[fl] = str(int(cells[laps]) + 3)  # still running, fastest lap after the counted laps
    lines[index] = ",".join(cells)
    race = parse_timing_file(("\n".join(lines) + "\n").encode(), "variant.csv")
    assert race.ok, race.errors
    car = race.car(cells[1])
    assert car.laps == int(cells[laps]) and car.position_overall is None
    assert any(w.line == index + 1 and "fastest lap is lap" in w.message for w in race.warnings)
    # The same on a classified car is a contradiction: the row is refused.
    classified = next(i for i, line in enumerate(lines) if ",Classified," in line)
    cells = lines[classified].split(",")
    cells[fl] = str(int(cells[laps]) + 3)
    lines[classified] = ",".join(cells)
    race = parse_timing_file(("\n".join(lines) + "\n").encode(), "variant.csv")
    assert not race.ok and race.errors[0].line == classified + 1
    assert cells[status] == "Classified"


def test_night_is_sunset_to_sunrise_at_the_circuit() -> None:
    bahrain = SunNight(26.0325, 50.5106, "Asia/Bahrain", date(2024, 11, 2))
    day_ms = 3_600_000
    # The race started at 14:02; at 16:00 it is day, at 18:30 night (sunset about 16:55).
    assert not bahrain.is_night(16 * day_ms, 2 * day_ms)
    assert bahrain.is_night(18 * day_ms + 30 * 60_000, 4 * day_ms + 28 * 60_000)
    le_mans = SunNight(47.956, 0.207, "Europe/Paris", date(2023, 6, 10))
    # 16:00 start: 23:00 is night, 07:00 next morning is day (sunrise about 06:05).
    assert le_mans.is_night(23 * day_ms, 7 * day_ms)
    assert not le_mans.is_night(7 * day_ms, 15 * day_ms)
    assert le_mans.is_night(5 * day_ms, 13 * day_ms)
    # The fixed window of old would have said day at 18:30 in Bahrain.
    assert not NightWindow().is_night(18 * day_ms + 30 * 60_000, 0)
