"""Server-side time of the pages people use most, in process (no network), on SQLite and
PostgreSQL, for the demo academy grown to 2,000 drivers.

    python tests/benchmarks/bench_pages.py [--drivers 2000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_DATABASE = "academy_bench_pages"
DEMO_PASSWORD = "Sepang-Sunset-2026"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drivers", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--page", action="append", default=[], help="measure only this page (repeatable)"
    )
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args()
    figures: dict[str, float] = {}
    import tempfile

    with tempfile.TemporaryDirectory() as workdir:
        backends = {"sqlite": f"sqlite:///{workdir}/pages.sqlite"}
        pg_url = None if args.sqlite_only else fresh_postgres_database()
        if pg_url:
            backends["postgresql"] = pg_url
        else:
            print("PostgreSQL unreachable: measuring SQLite only")
        for backend, url in backends.items():
            print(f"== {backend}, {args.drivers} drivers")
            for page, milliseconds in measure(url, args.drivers, args.repeat, args.page).items():
                figures[f"{backend}_{page}_ms"] = milliseconds
                print(f"  {page:<22} {milliseconds:8.1f} ms (median of {args.repeat})")
        if pg_url:
            drop_postgres_database()
    print("BENCH_JSON " + json.dumps(figures))
    return 0


def measure(url: str, drivers: int, repeat: int, only: list[str] | None = None) -> dict[str, float]:
    from academy import create_app
    from academy.extensions import db
    from academy.models import Driver
    from tests.benchmarks.demo_growth import build_grown_academy

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        build_grown_academy(drivers)
        demo_driver = db.session.execute(
            db.select(Driver).where(Driver.legal_name == "Ren Sato")
        ).scalar_one()
        driver_id = demo_driver.id
    client = app.test_client()
    client.post(
        "/login", data={"email": "director@asia-endurance.academy", "password": DEMO_PASSWORD}
    )
    pages = {
        "dashboard_admin": "/dashboard",
        "driver_profile": f"/drivers/{driver_id}",
        "race_history": f"/drivers/{driver_id}/history",
        "coaching_tab": f"/drivers/{driver_id}/coaching",
        "progress_page": f"/drivers/{driver_id}/progress",
        "cohort_board_all": "/pathway/board?scope=all",
        "drivers_search": "/drivers/?q=sato",
        "scouting_portal": "/scouting",
    }
    results = {}
    for name, path in pages.items():
        if only and name not in only:
            continue
        response = client.get(path)
        if response.status_code != 200:
            print(f"  {name}: {path} answered {response.status_code}; skipped")
            continue
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        results[name] = round(statistics.median(timings), 1)
    with app.app_context():
        db.engine.dispose()
    return results


def fresh_postgres_database() -> str | None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    try:
        engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{PG_DATABASE}"'))
        engine.dispose()
    except OperationalError:
        return None
    return f"{PG_SERVER}/{PG_DATABASE}"


def drop_postgres_database() -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
    engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
