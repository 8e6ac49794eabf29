"""A classification and a lap analysis of the same race complete each other: the Le Mans 2023
hour-by-hour classification and lap analysis, imported in either order."""

from __future__ import annotations

from academy.extensions import db
from academy.models import Event, RaceEntry
from tests.results.independent import REAL_DATA, REAL_HOUR_BY_HOUR

LAP_ANALYSIS = REAL_DATA / "wec-2023-lemans-24h-lap-analysis.csv"


def le_mans(runner) -> Event:
    result = runner.invoke(
        args=[
            "events",
            "create",
            "--series",
            "LM24",
            "--season",
            "2023",
            "--circuit",
            "Le Mans",
            "--date",
            "2023-06-10",
            "--hours",
            "24",
        ]
    )
    assert result.exit_code == 0, result.output
    return db.session.get(Event, int(result.output.split()[-1]))


def run_import(runner, file, event) -> str:
    result = runner.invoke(args=["import-results", str(file), "--event", str(event.id)])
    assert result.exit_code == 0, result.output
    return result.output


def snapshot(event: Event) -> dict:
    db.session.expire_all()
    entries = db.session.execute(
        db.select(RaceEntry).where(RaceEntry.event_id == event.id)
    ).scalars()
    return {
        entry.car_number: (
            entry.status,
            entry.position_overall,
            entry.position_in_class,
            entry.laps,
            entry.total_time_ms,
            entry.best_lap_ms,
            entry.car,
            entry.class_name,
            sorted((r.seat, r.external_name, r.laps, r.drive_time_ms) for r in entry.results),
            len(entry.laps_detail),
        )
        for entry in entries
    }


def test_classification_then_lap_analysis_is_kept_with_warnings_not_refused(runner, app):
    event = le_mans(runner)
    run_import(runner, REAL_HOUR_BY_HOUR, event)
    output = run_import(runner, LAP_ANALYSIS, event)
    # Car #... the lap analysis counts laps the hour-24 classification does not: both values,
    # and which one is kept, are said.
    assert (
        "laps 325 recorded, 329 in this file; 329 is kept (the lap analysis is the "
        "authority for laps)" in output
    )
    stored = snapshot(event)
    assert all(item[9] == item[3] for item in stored.values())  # every lap kept


def test_either_order_gives_the_same_race(runner, app):
    first = le_mans(runner)
    run_import(runner, REAL_HOUR_BY_HOUR, first)
    run_import(runner, LAP_ANALYSIS, first)
    second = le_mans_again(runner)
    output = run_import(runner, LAP_ANALYSIS, second)
    assert "Oreca" in {entry[6] for entry in snapshot(second).values()}  # maker, for now
    output = run_import(runner, REAL_HOUR_BY_HOUR, second)
    assert "laps 329 recorded, 325 in this file; 329 is kept" in output
    one, other = snapshot(first), snapshot(second)
    assert one == other
    # The classification's car name replaces the lap analysis's manufacturer.
    assert "Oreca" not in {entry[6] for entry in other.values()}
    assert "Oreca 07 - Gibson" in {entry[6] for entry in other.values()}


def le_mans_again(runner) -> Event:
    result = runner.invoke(
        args=[
            "events",
            "create",
            "--series",
            "WEC",
            "--season",
            "2023",
            "--circuit",
            "Le Mans",
            "--date",
            "2023-06-10",
            "--hours",
            "24",
            "--round",
            "4",
        ]
    )
    assert result.exit_code == 0, result.output
    return db.session.get(Event, int(result.output.split()[-1]))


def test_a_car_the_classification_does_not_have_is_kept_and_said(runner, app, tmp_path):
    event = le_mans(runner)
    run_import(runner, REAL_HOUR_BY_HOUR, event)
    lines = LAP_ANALYSIS.read_bytes().split(b"\n")
    renumbered = [b"999;" + line[3:] if line.startswith(b"10;") else line for line in lines]
    first = next(number for number, line in enumerate(renumbered, 1) if line.startswith(b"999;"))
    variant = tmp_path / "variant.csv"
    variant.write_bytes(b"\n".join(renumbered))
    output = run_import(runner, variant, event)
    assert (
        f"line {first}: car #999 is in this lap analysis but not in the event's classification"
        in output
    )
    stored = snapshot(event)
    assert stored["999"][1] is None and stored["999"][9] == stored["999"][3]
