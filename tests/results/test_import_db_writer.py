"""Writing timing files into an event: totals, matching, idempotency, contradictions, and
refusals that leave the database untouched."""

from __future__ import annotations

from datetime import time

import pytest

from academy.enums import ResultStatus
from academy.extensions import db
from academy.models import AuditEvent, ImportBatch, RaceEntry, Result
from academy.results.timing.writer import ImportRefused, write_import
from tests.builders import make_driver
from tests.demo.timing_files import (
    alkamel_bytes,
    classification_csv,
    lap_analysis_csv,
    sample_grid,
    simulate_race,
)
from tests.drivers.racing import make_entry, make_event
from tests.results.import_db_helpers import (
    REAL_FILE,
    entries_by_car,
    hour_by_hour_final_rows,
    import_bytes,
    plan_bytes,
    row_counts,
    swap_field,
)


@pytest.fixture(scope="module")
def real_bytes() -> bytes:
    return REAL_FILE.read_bytes()


@pytest.fixture
def le_mans(app):
    return make_event(series="LM24", season="2023", circuit="Circuit de la Sarthe", hours=24)


# --- the real file -------------------------------------------------------------------------


def test_real_file_imports_every_car_with_its_laps_and_drivers(le_mans, real_bytes):
    expected = hour_by_hour_final_rows(real_bytes)
    import_bytes(real_bytes, le_mans, "lemans-2023-hour-by-hour.csv")
    entries = entries_by_car(le_mans)
    assert set(entries) == set(expected)
    assert {number: entry.laps for number, entry in entries.items()} == {
        number: row.laps for number, row in expected.items()
    }
    assert {number: len(entry.results) for number, entry in entries.items()} == {
        number: row.drivers for number, row in expected.items()
    }


def test_real_file_classifies_the_cars_running_at_the_flag(le_mans, real_bytes):
    expected = hour_by_hour_final_rows(real_bytes)
    import_bytes(real_bytes, le_mans)
    entries = entries_by_car(le_mans)
    classified = {n for n, e in entries.items() if e.status is ResultStatus.CLASSIFIED}
    assert classified == {n for n, row in expected.items() if row.status == "Running"}
    positions = sorted(entries[n].position_overall for n in classified)
    assert positions == list(range(1, len(classified) + 1))
    assert all(e.position_overall is None for n, e in entries.items() if n not in classified)


def test_real_file_names_a_winner_and_links_a_matching_academy_driver(le_mans, real_bytes):
    hirakawa = make_driver(legal_name="Ryo Hirakawa", native_name="平川 亮")
    import_bytes(real_bytes, le_mans)
    entries = entries_by_car(le_mans)
    assert entries["51"].position_overall == 1
    toyota = entries["8"]
    assert (toyota.position_overall, toyota.position_in_class) == (2, 2)
    seats = {result.seat: (result.driver_id, result.external_name) for result in toyota.results}
    assert seats == {
        1: (None, "S. BUEMI"),
        2: (None, "B. HARTLEY"),
        3: (hirakawa.id, "R. HIRAKAWA"),
    }


def test_real_file_import_is_recorded_once_in_batch_and_audit_log(le_mans, real_bytes):
    summary = import_bytes(real_bytes, le_mans, "lemans.csv")
    batch = db.session.get(ImportBatch, summary.batch_id)
    assert (batch.file_name, batch.file_format, batch.row_count) == (
        "lemans.csv",
        "hour_by_hour",
        1486,
    )
    entries = db.session.execute(db.select(RaceEntry.import_batch_id)).scalars().all()
    assert set(entries) == {batch.id}
    [logged] = db.session.execute(db.select(AuditEvent)).scalars().all()
    assert logged.action == "results_imported"
    assert logged.after["cars_added"] == len(entries)


def test_importing_the_same_file_again_changes_nothing(le_mans, real_bytes):
    import_bytes(real_bytes, le_mans)
    before = row_counts()
    plan = plan_bytes(real_bytes, le_mans)
    assert plan.previous_import is not None
    assert "already imported" in plan.blocking_reason
    with pytest.raises(ImportRefused):
        write_import(plan, le_mans, imported_by_id=None)
    db.session.rollback()
    assert row_counts() == before


def test_the_same_file_may_be_imported_into_another_event(le_mans, real_bytes):
    import_bytes(real_bytes, le_mans)
    other = make_event(series="LM24", season="2023", circuit="Circuit de la Sarthe")
    import_bytes(real_bytes, other)
    assert len(entries_by_car(other)) == len(entries_by_car(le_mans))


def test_a_file_contradicting_an_earlier_import_is_reported_and_nothing_written(
    le_mans, real_bytes
):
    import_bytes(real_bytes, le_mans)
    before = row_counts()
    changed = swap_field(real_bytes, b"24", b"51", 8, b"341")
    plan = plan_bytes(changed, le_mans)
    assert plan.race.ok
    [contradiction] = plan.contradictions
    assert contradiction.car_number == "51"
    assert "342 laps recorded, 341 in this file" in str(contradiction)
    assert "contradicts" in plan.blocking_reason
    with pytest.raises(ImportRefused):
        write_import(plan, le_mans, imported_by_id=None)
    db.session.rollback()
    assert row_counts() == before
    assert entries_by_car(le_mans)["51"].laps == 342


def test_a_file_contradicting_a_result_entered_by_hand_is_reported(le_mans, real_bytes):
    make_entry(
        le_mans,
        ["Nicklas Nielsen"],
        car_number="51",
        laps=300,
        position_overall=1,
        position_in_class=1,
    )
    plan = plan_bytes(real_bytes, le_mans)
    [contradiction] = plan.contradictions
    assert "300 laps recorded, 342 in this file" in str(contradiction)
    assert "seat 1 is Nicklas Nielsen on record, A. PIER GUIDI in this file" in str(contradiction)


# --- lap analysis and classification ----------------------------------------------------------


@pytest.fixture(scope="module")
def night_race():
    return simulate_race(sample_grid(6, seed=5), laps=60, seed=5, retirements=1, start=time(21, 0))


def independent_seat_sums(text: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(car, driver name) -> (drive time ms, laps), summed from the LAP_TIME cells."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = [name.strip() for name in next(reader)]
    sums: dict[tuple[str, str], tuple[int, int]] = {}
    for cells in reader:
        row = dict(zip(header, cells, strict=False))
        minutes, seconds = row["LAP_TIME"].split(":")[-2:]
        hours = row["LAP_TIME"].split(":")[0] if row["LAP_TIME"].count(":") == 2 else "0"
        lap_ms = (int(hours) * 3600 + int(minutes) * 60) * 1000 + round(float(seconds) * 1000)
        key = (row["NUMBER"].strip(), row["DRIVER_NAME"].strip())
        time_so_far, laps = sums.get(key, (0, 0))
        sums[key] = (time_so_far + lap_ms, laps + 1)
    return sums


def test_lap_analysis_gives_each_driver_the_sum_of_their_laps(app, night_race):
    event = make_event()
    text = lap_analysis_csv(night_race)
    import_bytes(alkamel_bytes(text), event, "analysis.csv")
    expected = independent_seat_sums(text)
    recorded = {
        (entry.car_number, result.external_name): (result.drive_time_ms, result.laps)
        for entry in entries_by_car(event).values()
        for result in entry.results
    }
    assert recorded == expected


def test_lap_analysis_alone_leaves_the_status_unknown_not_classified(app, night_race):
    event = make_event()
    plan = plan_bytes(alkamel_bytes(lap_analysis_csv(night_race)), event)
    assert any("no result status" in note for note in plan.notes)
    import_bytes(alkamel_bytes(lap_analysis_csv(night_race)), event)
    assert {e.status for e in entries_by_car(event).values()} == {ResultStatus.NOT_CLASSIFIED}


def test_classification_after_lap_analysis_adds_status_and_positions(app, night_race):
    event = make_event()
    import_bytes(alkamel_bytes(lap_analysis_csv(night_race)), event, "analysis.csv")
    drive_times = {
        (e.car_number, r.seat): r.drive_time_ms
        for e in entries_by_car(event).values()
        for r in e.results
    }
    summary = import_bytes(alkamel_bytes(classification_csv(night_race)), event, "class.csv")
    assert summary.cars_added == 0
    entries = entries_by_car(event)
    statuses = {n: e.status for n, e in entries.items()}
    assert statuses == {
        number: ResultStatus.CLASSIFIED if status == "Classified" else ResultStatus.DNF
        for number, status in night_race.statuses.items()
    }
    assert sorted(e.position_overall for e in entries.values() if e.position_overall) == list(
        range(1, 6)
    )
    after = {(e.car_number, r.seat): r.drive_time_ms for e in entries.values() for r in e.results}
    assert {key: after[key] for key in drive_times} == drive_times


def test_lap_analysis_after_classification_adds_the_drive_times(app, night_race):
    event = make_event()
    import_bytes(alkamel_bytes(classification_csv(night_race)), event, "class.csv")
    assert all(r.drive_time_ms is None for e in entries_by_car(event).values() for r in e.results)
    before = row_counts()
    text = lap_analysis_csv(night_race)
    import_bytes(alkamel_bytes(text), event, "analysis.csv")
    after = row_counts()
    assert after["RaceEntry"] == before["RaceEntry"]
    assert after["Result"] == before["Result"]
    recorded = {
        (e.car_number, r.external_name): (r.drive_time_ms, r.laps)
        for e in entries_by_car(event).values()
        for r in e.results
        if r.drive_time_ms is not None
    }
    assert recorded == independent_seat_sums(text)


def test_a_second_lap_analysis_with_other_drive_times_is_a_contradiction(app, night_race):
    event = make_event()
    text = lap_analysis_csv(night_race)
    import_bytes(alkamel_bytes(text), event)
    other = simulate_race(night_race.cars, laps=60, seed=6)
    plan = plan_bytes(alkamel_bytes(lap_analysis_csv(other)), event)
    assert plan.contradictions
    assert any("drive time" in str(item) or "laps" in str(item) for item in plan.contradictions)


# --- bad files --------------------------------------------------------------------------------


def sample_classification(seed: int = 2) -> str:
    return classification_csv(simulate_race(sample_grid(5, seed=seed), laps=20, seed=seed))


def sample_analysis(seed: int = 2) -> str:
    return lap_analysis_csv(simulate_race(sample_grid(3, seed=seed), laps=12, seed=seed))


def replace_in_row(text: str, row: int, old: str, new: str) -> str:
    lines = text.split("\n")
    assert old in lines[row]
    lines[row] = lines[row].replace(old, new, 1)
    return "\n".join(lines)


def bad_files() -> dict[str, tuple[bytes, str]]:
    classification = sample_classification()
    analysis = sample_analysis()
    header, first, *rest = classification.split("\n")
    lap_time = first_lap_time(analysis)
    return {
        "pipe delimiter": (
            alkamel_bytes(classification.replace(";", "|")),
            "No known timing-file header",
        ),
        "missing LAPS column": (
            alkamel_bytes(
                classification.replace("; LAPS;", "; LAPLESS;", 1).replace(";LAPS;", ";LAPLESS;", 1)
            ),
            "LAPS",
        ),
        "negative lap time": (
            alkamel_bytes(replace_in_row(analysis, 1, f";{lap_time};", f";-{lap_time};")),
            "line 2",
        ),
        "unreadable lap time": (
            alkamel_bytes(replace_in_row(analysis, 1, f";{lap_time};", ";1:6x.000;")),
            "line 2",
        ),
        "duplicate car number": (
            alkamel_bytes("\n".join([header, first, first, *rest])),
            "line 3",
        ),
        "50 MB": (b"NUMBER;LAPS\n" + b"1;1\n" * (50 * 1024 * 1024 // 4), "MB"),
        "PNG image": (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "PNG image"),
        "empty": (b"", "empty"),
    }


def first_lap_time(analysis: str) -> str:
    return analysis.split("\n")[1].split(";")[3]


@pytest.mark.parametrize("case", list(bad_files()))
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_written(app, case):
    data, reason = bad_files()[case]
    event = make_event()
    before = row_counts()
    plan = plan_bytes(data, event, f"{case}.csv")
    assert not plan.can_write
    shown = " ".join([plan.race.refusal or "", *(str(error) for error in plan.race.errors)])
    assert reason in shown
    with pytest.raises(ImportRefused):
        write_import(plan, event, imported_by_id=None)
    db.session.rollback()
    assert row_counts() == before


def test_a_write_that_fails_half_way_leaves_nothing_behind(app, night_race):
    """Another import took car numbers meanwhile: the database refuses, the session rolls the
    whole file back."""
    from sqlalchemy.exc import IntegrityError

    event = make_event()
    plan = plan_bytes(alkamel_bytes(classification_csv(night_race)), event)
    taken = plan.cars[-1].car.number
    make_entry(event, ["Someone Else"], car_number=taken)
    before = row_counts()
    with pytest.raises(IntegrityError):
        write_import(plan, event, imported_by_id=None)
        db.session.commit()
    db.session.rollback()
    assert row_counts() == before


# --- statements ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cars", [3, 30])
def test_planning_an_import_takes_a_fixed_number_of_statements(app, count_queries, cars):
    for number in range(20):
        make_driver(legal_name=f"Academy Driver{number}")
    event = make_event()
    race = simulate_race(sample_grid(cars, seed=cars), laps=5, seed=cars)
    import_bytes(alkamel_bytes(classification_csv(race)), event, "first.csv")
    data = alkamel_bytes(lap_analysis_csv(race))
    from academy.results.timing.reader import parse_timing_file
    from academy.results.timing.writer import plan_import

    parsed = parse_timing_file(data, "second.csv")
    db.session.expire_all()
    assert event.id  # loaded before counting
    with count_queries() as statements:
        plan_import(parsed, event)
    # previous import, academy drivers, recorded cars with their seats (2), lap-analysis check,
    # the teams
    assert len(statements) == 6


def test_results_keep_their_seat_order(app, night_race):
    event = make_event()
    import_bytes(alkamel_bytes(classification_csv(night_race)), event)
    for entry in entries_by_car(event).values():
        seats = [result.seat for result in entry.results]
        assert seats == sorted(seats) == list(range(1, len(seats) + 1))
        assert all(isinstance(result, Result) and result.external_name for result in entry.results)
