"""Timing import into the database, end to end: parse, match drivers, plan, write, commit.

Three files: the real Le Mans 2023 hour-by-hour file, a generated Al Kamel lap analysis of a
6-hour race (40 cars, ~190 laps each; target: under 5 seconds) and a generated lap analysis of
100,000 laps. Each goes into a fresh event of an academy of 500 drivers, on SQLite (a temporary
file) and on PostgreSQL when BENCH_POSTGRES_URL names a database this benchmark may wipe
(e.g. postgresql://postgres@127.0.0.1/academy_bench). Prints rows per second.

Run with `make bench`, or: .venv/bin/python tests/benchmarks/bench_import_db.py
The last line is `BENCH_JSON {...}` for tests/benchmarks/run_all.py.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from academy import create_app  # noqa: E402
from academy.enums import Categorisation  # noqa: E402
from academy.extensions import db  # noqa: E402
from academy.models import Circuit, Driver, Event, Season, Series  # noqa: E402
from academy.results.timing.reader import parse_timing_file  # noqa: E402
from academy.results.timing.writer import plan_import, write_import  # noqa: E402
from tests.demo.timing_files import sample_lap_analysis_bytes  # noqa: E402

REAL_FILE = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "real"
    / "lemans-2023-hour-by-hour.csv"
)
TARGET_SECONDS = 5.0
ACADEMY_DRIVERS = 500


def fresh_schema() -> None:
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            db.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()


def academy_of(size: int) -> None:
    drivers = [
        Driver(
            legal_name=f"Bench Driver{number}",
            nationality="JPN",
            categorisation=Categorisation.SILVER,
        )
        for number in range(size)
    ]
    # A few who raced at Le Mans 2023, so matching has work to do.
    for name in ("Ryo Hirakawa", "Kamui Kobayashi", "Sébastien Buemi", "Nicklas Nielsen"):
        drivers.append(Driver(legal_name=name, nationality="JPN"))
    for driver in drivers:
        driver.refresh_search_text()
    db.session.add_all(drivers)
    db.session.commit()


def new_event(number: int) -> Event:
    series = db.session.execute(db.select(Series)).scalars().first() or Series(
        code="BENCH", name="Benchmark series"
    )
    season = db.session.execute(db.select(Season)).scalars().first() or Season(
        series=series, label="2026", starts_on=date(2026, 1, 1)
    )
    circuit = db.session.execute(db.select(Circuit)).scalars().first() or Circuit(
        name="Benchmark circuit", country="MYS"
    )
    event = Event(
        season=season,
        circuit=circuit,
        name=f"Bench race {number}",
        round_number=number,
        race_number=1,
        starts_on=date(2026, 1, 1),
        duration_hours=Decimal(6),
    )
    db.session.add(event)
    db.session.commit()
    return event


def import_once(data: bytes, name: str, number: int) -> dict[str, float]:
    event = new_event(number)
    started = time.perf_counter()
    race = parse_timing_file(data, name)
    parsed = time.perf_counter()
    if not race.ok:
        raise SystemExit(f"{name}: not ok: {race.refusal or race.errors[:3]}")
    plan = plan_import(race, event)
    summary = write_import(plan, event, imported_by_id=None)
    db.session.commit()
    done = time.perf_counter()
    return {
        "rows": race.data_rows,
        "cars": summary.cars_added,
        "results": summary.results_added,
        "parse_s": parsed - started,
        "db_s": done - parsed,
        "total_s": done - started,
    }


def run_on(label: str, url: str, files: list[tuple[str, str, bytes]]) -> dict[str, float]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": False})
    figures: dict[str, float] = {}
    with app.app_context():
        fresh_schema()
        academy_of(ACADEMY_DRIVERS)
        for number, (key, name, data) in enumerate(files, start=1):
            measured = import_once(data, name, number)
            rate = measured["rows"] / measured["total_s"]
            print(
                f"{label:<10} {key:<22} {measured['rows']:>8,} rows {measured['cars']:>3} cars "
                f"{measured['results']:>4} results  parse {measured['parse_s']:6.2f} s  "
                f"db {measured['db_s']:6.3f} s  total {measured['total_s']:6.2f} s  "
                f"{rate:>9,.0f} rows/s"
            )
            figures[f"{label}_{key}_seconds"] = round(measured["total_s"], 3)
            figures[f"{label}_{key}_rows_per_s"] = round(rate)
            if key == "six_hour_analysis":
                verdict = "met" if measured["total_s"] < TARGET_SECONDS else "NOT MET"
                print(
                    f"{'':<10} target: a 6-hour analysis in under {TARGET_SECONDS:.0f} s: {verdict}"
                )
        db.session.remove()
        db.engine.dispose()
    return figures


def own_postgres_database() -> str | None:
    """A fresh database of this benchmark's own on the local server, or None if unreachable."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    server = "postgresql+psycopg://postgres@127.0.0.1:5432"
    try:
        engine = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS academy_bench_import WITH (FORCE)"))
            connection.execute(text("CREATE DATABASE academy_bench_import"))
        engine.dispose()
    except OperationalError:
        return None
    return f"{server}/academy_bench_import"


def main() -> None:
    started = time.perf_counter()
    six_hours = sample_lap_analysis_bytes(cars=40, laps=190, seed=6)
    hundred_k = sample_lap_analysis_bytes(cars=50, laps=2_000, seed=2026)
    print(f"(generating the lap analyses took {time.perf_counter() - started:.1f} s)")
    files = [
        ("real_hour_by_hour", REAL_FILE.name, REAL_FILE.read_bytes()),
        ("six_hour_analysis", "6h_Analysis_Race.CSV", six_hours),
        ("analysis_100k_laps", "100k_Analysis_Race.CSV", hundred_k),
    ]
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        figures |= run_on("sqlite", f"sqlite:///{folder}/bench.sqlite", files)
    postgres = os.environ.get("BENCH_POSTGRES_URL") or own_postgres_database()
    if postgres:
        figures |= run_on("postgresql", postgres, files)
    else:
        print("postgresql: skipped (no server at 127.0.0.1:5432; or set BENCH_POSTGRES_URL)")
    print("BENCH_JSON " + json.dumps(figures))


if __name__ == "__main__":
    main()
