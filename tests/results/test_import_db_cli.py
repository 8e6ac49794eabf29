"""`flask import-results FILE --event ID [--dry-run]`."""

from __future__ import annotations

from academy.extensions import db
from academy.models import ImportBatch
from tests.builders import make_driver
from tests.demo.timing_files import alkamel_bytes, classification_csv, sample_grid, simulate_race
from tests.drivers.racing import make_event
from tests.results.import_db_helpers import REAL_FILE, entries_by_car, row_counts, swap_field


def run(runner, *args: str):
    return runner.invoke(args=["import-results", *args])


def test_cli_imports_the_real_file_into_an_event(runner, app):
    make_driver(legal_name="Ryo Hirakawa")
    event = make_event(series="LM24", season="2023", hours=24)
    result = run(runner, str(REAL_FILE), "--event", str(event.id))
    assert result.exit_code == 0, result.output
    assert "62 cars (40 classified) in Hypercar" in result.output
    assert "academy driver Ryo Hirakawa: 'R. HIRAKAWA' in car #8" in result.output
    assert "Imported lemans-2023-hour-by-hour.csv" in result.output
    assert len(entries_by_car(event)) == 62
    batch = db.session.execute(db.select(ImportBatch)).scalar_one()
    assert batch.imported_by_id is None


def test_cli_dry_run_writes_nothing(runner, app):
    event = make_event()
    before = row_counts()
    result = run(runner, str(REAL_FILE), "--event", str(event.id), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was written." in result.output
    assert row_counts() == before


def test_cli_second_import_of_the_same_file_changes_nothing(runner, app):
    event = make_event()
    run(runner, str(REAL_FILE), "--event", str(event.id))
    before = row_counts()
    result = run(runner, str(REAL_FILE), "--event", str(event.id))
    assert result.exit_code == 0
    assert "already imported" in result.output
    assert row_counts() == before


def test_cli_reports_rows_it_cannot_read_with_file_and_line(runner, app, tmp_path):
    event = make_event()
    broken = tmp_path / "broken.csv"
    broken.write_bytes(swap_field(REAL_FILE.read_bytes(), b"3", b"2", 8, b"x"))
    result = run(runner, str(broken), "--event", str(event.id))
    assert result.exit_code == 1
    line = next(
        number
        for number, row in enumerate(broken.read_bytes().split(b"\n"), start=1)
        if row.split(b",")[1:3] == [b"3", b"2"]
    )
    assert f"{broken}:{line}: " in result.output
    assert "nothing is imported until the file is corrected" in result.output
    assert row_counts()["RaceEntry"] == 0


def test_cli_refuses_a_contradicting_file(runner, app, tmp_path):
    event = make_event()
    run(runner, str(REAL_FILE), "--event", str(event.id))
    before = row_counts()
    changed = tmp_path / "changed.csv"
    changed.write_bytes(swap_field(REAL_FILE.read_bytes(), b"24", b"51", 8, b"300"))
    result = run(runner, str(changed), "--event", str(event.id))
    assert result.exit_code == 1
    assert "car #51: 342 laps recorded, 300 in this file" in result.output
    assert row_counts() == before


def test_cli_refuses_an_unsupported_file_with_the_reason(runner, app, tmp_path):
    event = make_event()
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    result = run(runner, str(picture), "--event", str(event.id))
    assert result.exit_code == 1
    assert "This is a PNG image, not a CSV timing file." in result.output


def test_cli_refuses_a_file_over_the_limit_before_reading_it(runner, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 100)
    event = make_event()
    big = tmp_path / "big.csv"
    race = simulate_race(sample_grid(3, seed=1), laps=5, seed=1)
    big.write_bytes(alkamel_bytes(classification_csv(race)))
    result = run(runner, str(big), "--event", str(event.id))
    assert result.exit_code == 1
    assert "the largest timing file accepted is 100 bytes" in result.output


def test_cli_names_an_unknown_event(runner, app):
    result = run(runner, str(REAL_FILE), "--event", "424242")
    assert result.exit_code == 1
    assert "There is no event with id 424242." in result.output
