"""Mangled Al Kamel files: the parser either reads the right race or points at the damage.

A valid generated file is damaged by a few random edits (a cell dropped, a time garbled, a
junk line inserted). Whatever the edits, parsing never raises, and either
* the race is ok and its totals are exactly those of the undamaged race, or
* it is refused, or its errors point at damaged lines (or the line right after one, whose
  ELAPSED is checked against the damaged lap's), never at an untouched line elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from academy.results.timing import ParsedRace, parse_timing_file
from tests.demo.timing_files import (
    alkamel_bytes,
    classification_csv,
    lap_analysis_csv,
    lap_time,
    sample_grid,
    simulate_race,
)

RACE = simulate_race(sample_grid(3, seed=5), laps=8, seed=5, start=time(21, 50), stint_laps=3)
LAP_LINES = lap_analysis_csv(RACE).split("\r\n")
CLASSIFICATION_LINES = classification_csv(
    simulate_race(sample_grid(6, seed=8), laps=20, seed=8, retirements=2)
).split("\r\n")


def lap_analysis_totals() -> dict:
    """What the undamaged lap analysis must give, straight from the simulation."""
    totals: dict = {}
    for lap in RACE.laps:
        hour = lap.hour_ms
        night = hour >= 22 * 3600_000 or hour < 5 * 3600_000
        key = (lap.number, lap.seat)
        drive, laps, nights, best = totals.get(key, (0, 0, 0, lap.lap_ms))
        totals[key] = (drive + lap.lap_ms, laps + 1, nights + night, min(best, lap.lap_ms))
    return totals


EXPECTED_SEATS = lap_analysis_totals()
EXPECTED_CAR_LAPS = {lap.number: lap.lap for lap in RACE.laps}

JUNK_TIMES = ("1:5x.000", "-1:58.123", "abc", "1:61.000", "1:02:03:04.5", "--", "2:00,000,1")
junk_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
    max_size=40,
) | st.sampled_from([";;;;", "   ", "NUMBER; DRIVER_NUMBER", "7;1;1;1:58.000;", '"'])


@dataclass
class Line:
    text: str
    damaged: bool = False
    data_row: bool = False  # a row of the generated file, not its header or inserted junk
    header: bool = False


def drop_cell(lines: list[Line], data: st.DataObject) -> None:
    index = data.draw(st.integers(1, len(lines) - 1))
    cells = lines[index].text.split(";")
    if len(cells) > 1:
        del cells[data.draw(st.integers(0, len(cells) - 1))]
        lines[index] = Line(";".join(cells), damaged=True, header=lines[index].header)


def garble_time(lines: list[Line], data: st.DataObject, columns: dict[str, int], longer: bool):
    rows = [index for index, line in enumerate(lines) if line.data_row and line.text]
    index = data.draw(st.sampled_from(rows))
    cells = lines[index].text.split(";")
    column = data.draw(st.sampled_from(sorted(columns)))
    position = columns[column]
    if position >= len(cells):
        return
    if longer and data.draw(st.booleans()):
        # A readable time, a few seconds longer: only the cross-checks can catch this.
        seconds = data.draw(st.integers(1, 90))
        old = cells[position].strip()
        minutes, _, rest = old.rpartition(":")
        total_ms = int(float(rest) * 1000) + int(minutes.split(":")[-1] or 0) * 60_000
        total_ms += sum(int(h) * 3600_000 for h in minutes.split(":")[:-1])
        cells[position] = lap_time(total_ms + seconds * 1000)
    else:
        cells[position] = data.draw(st.sampled_from(JUNK_TIMES))
    lines[index] = Line(";".join(cells), damaged=True)


def insert_junk(lines: list[Line], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(lines)))
    lines.insert(index, Line(data.draw(junk_line), damaged=True))


def mangle(original: list[str], data: st.DataObject, columns: dict, longer: bool) -> list[Line]:
    lines = [
        Line(text, data_row=number > 0, header=number == 0) for number, text in enumerate(original)
    ]
    for _ in range(data.draw(st.integers(1, 3))):
        edit = data.draw(st.sampled_from(("drop", "garble", "junk")))
        if edit == "drop":
            drop_cell(lines, data)
        elif edit == "garble":
            garble_time(lines, data, columns, longer)
        else:
            insert_junk(lines, data)
    return lines


def assert_errors_point_at_damage(race: ParsedRace, lines: list[Line]) -> None:
    assert race.cars == ()
    if race.refusal is not None:
        return
    assert race.errors
    if any(line.header and line.damaged for line in lines):
        return  # a damaged header shifts every row: any row may then be the one reported
    damaged = {number for number, line in enumerate(lines, start=1) if line.damaged}
    allowed = damaged | {number + 1 for number in damaged}
    for error in race.errors:
        assert 1 <= error.line <= len(lines), error
        assert error.line in allowed, (error, sorted(damaged))


def column_positions(header: str, names: tuple[str, ...]) -> dict[str, int]:
    keys = [name.strip() for name in header.split(";")]
    return {name: keys.index(name) for name in names}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mangled_lap_analysis_is_read_right_or_its_damage_is_reported(
    data: st.DataObject,
) -> None:
    columns = column_positions(LAP_LINES[0], ("LAP_TIME", "ELAPSED"))
    lines = mangle(LAP_LINES, data, columns, longer=True)
    race = parse_timing_file(alkamel_bytes("\r\n".join(line.text for line in lines)), "x.csv")
    event("ok" if race.ok else ("refused" if race.refusal else "errors"))
    if not race.ok:
        assert_errors_point_at_damage(race, lines)
        return
    seats = {
        (car.number, d.seat): (d.drive_time_ms, d.laps, d.night_laps, d.best_lap_ms)
        for car in race.cars
        for d in car.drivers
    }
    assert seats == EXPECTED_SEATS
    assert {car.number: car.laps for car in race.cars} == EXPECTED_CAR_LAPS


UNDAMAGED_CLASSIFICATION = parse_timing_file(
    alkamel_bytes("\r\n".join(CLASSIFICATION_LINES)), "x.csv"
)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_mangled_classification_is_read_right_or_its_damage_is_reported(
    data: st.DataObject,
) -> None:
    assert UNDAMAGED_CLASSIFICATION.ok
    columns = column_positions(CLASSIFICATION_LINES[0], ("TOTAL_TIME", "FL_TIME", "LAPS"))
    lines = mangle(CLASSIFICATION_LINES, data, columns, longer=False)
    race = parse_timing_file(alkamel_bytes("\r\n".join(line.text for line in lines)), "x.csv")
    event("ok" if race.ok else ("refused" if race.refusal else "errors"))
    if not race.ok:
        assert_errors_point_at_damage(race, lines)
        return
    assert [replace(car, line=0) for car in race.cars] == [
        replace(car, line=0) for car in UNDAMAGED_CLASSIFICATION.cars
    ]
