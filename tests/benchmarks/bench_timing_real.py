"""Every real lap analysis of ../shared/data/real imported with every lap stored, and the race
debrief of a 24-hour race, on SQLite (a temporary file) and PostgreSQL (its own database on the
local server, or BENCH_TIMING_POSTGRES_URL, which this benchmark wipes).

Targets (issue 11): a 24-hour lap analysis (about 20,000 laps) stored in under 2 s on
PostgreSQL; a debrief page of a 24-hour race under 100 ms; the debrief's SQL statements the
same whatever the number of laps.

Run with `make bench`, or: .venv/bin/python tests/benchmarks/bench_timing_real.py
The last line is `BENCH_JSON {...}` for tests/benchmarks/run_all.py.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import event as sa_event  # noqa: E402
from sqlalchemy import text  # noqa: E402

from academy import create_app  # noqa: E402
from academy.enums import Role  # noqa: E402
from academy.extensions import db  # noqa: E402
from academy.models import Driver, Lap, Result, User  # noqa: E402
from academy.results.events import NewEvent, create_event  # noqa: E402
from academy.results.options import parse_options, real_circuit  # noqa: E402
from academy.results.timing.reader import parse_timing_file  # noqa: E402
from academy.results.timing.writer import plan_import, write_import  # noqa: E402
from tests.benchmarks.bench_import_db import fresh_schema  # noqa: E402

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real"
RACES = {
    "wec-2021-lemans-24h-lap-analysis.csv": ("Le Mans", "2021-08-21", 24, "Tatiana Calderon"),
    "wec-2023-lemans-24h-lap-analysis.csv": ("Le Mans", "2023-06-10", 24, "Ryo Hirakawa"),
    "wec-2024-bahrain-8h-lap-analysis.csv": ("Bahrain", "2024-11-02", 8, "Will Stevens"),
    "wec-2025-cota-6h-lap-analysis.csv": ("COTA", "2025-09-07", 6, "Tom Gamble"),
}


def own_postgres_database() -> str | None:
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    server = "postgresql+psycopg://postgres@127.0.0.1:5432"
    try:
        engine = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS academy_timing_bench WITH (FORCE)"))
            connection.execute(text("CREATE DATABASE academy_timing_bench"))
        engine.dispose()
    except OperationalError:
        return None
    return f"{server}/academy_timing_bench"


def run_on(label: str, url: str) -> dict[str, float]:
    from datetime import date
    from decimal import Decimal

    from academy.models import Circuit

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": False})
    figures: dict[str, float] = {}
    with app.app_context():
        fresh_schema()
        coach = User(email="coach@example.com", display_name="Coach", role=Role.COACH)
        coach.set_password("bench-password-1")
        db.session.add(coach)
        db.session.commit()
        for number, (file_name, (place, day, hours, name)) in enumerate(RACES.items(), 1):
            path = REAL / file_name
            driver = Driver(legal_name=name, nationality="FRA", date_of_birth=date(1995, 1, 1))
            driver.coach = coach
            driver.refresh_search_text()
            db.session.add(driver)
            location = real_circuit(place)
            circuit = db.session.execute(
                db.select(Circuit).where(Circuit.name == location.name)
            ).scalar_one_or_none() or Circuit(name=location.name, country=location.country)
            event = create_event(
                NewEvent(
                    "WEC",
                    "FIA World Endurance Championship",
                    str(2000 + number),
                    circuit,
                    date.fromisoformat(day),
                    Decimal(hours),
                ),
                actor_id=None,
            )
            db.session.commit()
            data = path.read_bytes()
            started = time.perf_counter()
            race = parse_timing_file(data, file_name, parse_options(event))
            parsed = time.perf_counter()
            plan = plan_import(race, event)
            write_import(plan, event, imported_by_id=None)
            db.session.commit()
            written = time.perf_counter()
            laps = db.session.execute(db.select(db.func.count(Lap.id))).scalar_one()
            key = file_name.removesuffix("-lap-analysis.csv").replace("-", "_")
            figures[f"{label}_{key}_laps"] = laps - sum(
                v for k, v in figures.items() if k.startswith(label) and k.endswith("_laps")
            )
            figures[f"{label}_{key}_parse_s"] = round(parsed - started, 3)
            figures[f"{label}_{key}_store_s"] = round(written - parsed, 3)
            print(
                f"{label}: {file_name}: {figures[f'{label}_{key}_laps']} laps, parse "
                f"{parsed - started:.2f} s, plan+store {written - parsed:.2f} s"
            )
            result = db.session.execute(
                db.select(Result).where(Result.driver_id == driver.id)
            ).scalar_one()
            figures |= _debrief(app, label, key, coach, driver.id, result.id)
    return figures


def _debrief(app, label, key, coach, driver_id, result_id) -> dict[str, float]:
    client = app.test_client()
    client.post("/login", data={"email": coach.email, "password": "bench-password-1"})
    url = f"/drivers/{driver_id}/results/{result_id}/debrief"
    assert client.get(url).status_code == 200
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    sa_event.listen(db.engine, "before_cursor_execute", count)
    client.get(url)
    sa_event.remove(db.engine, "before_cursor_execute", count)
    times = []
    for _ in range(10):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    median_ms = statistics.median(times) * 1000
    print(f"{label}: debrief {key}: median {median_ms:.0f} ms, {len(statements)} statements")
    return {
        f"{label}_{key}_debrief_ms": round(median_ms, 1),
        f"{label}_{key}_debrief_statements": len(statements),
    }


def main() -> None:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        figures |= run_on("sqlite", f"sqlite:///{folder}/bench.sqlite")
    postgres = os.environ.get("BENCH_TIMING_POSTGRES_URL") or own_postgres_database()
    if postgres:
        figures |= run_on("postgresql", postgres)
    else:
        print("postgresql: skipped (no server at 127.0.0.1:5432)")
    print("BENCH_JSON " + json.dumps(figures))


if __name__ == "__main__":
    main()
