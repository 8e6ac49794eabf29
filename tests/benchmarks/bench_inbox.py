"""The inbox on the dashboards, and the director's dashboard, for the demo academy grown to
2,000 drivers, on SQLite and PostgreSQL: the dashboard's server-side time and statements, and
what the inbox adds to them (the same page with the inbox's queries and nothing else).

    python tests/benchmarks/bench_inbox.py [--drivers 2000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))

from tests.benchmarks.bench_pages import (  # noqa: E402
    DEMO_PASSWORD,
    drop_postgres_database,
    fresh_postgres_database,
)

DIRECTOR = "director@asia-endurance.academy"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drivers", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as workdir:
        backends = {"sqlite": f"sqlite:///{workdir}/inbox.sqlite"}
        pg_url = None if args.sqlite_only else fresh_postgres_database()
        if pg_url:
            backends["postgresql"] = pg_url
        for backend, url in backends.items():
            print(f"== {backend}, {args.drivers} drivers")
            for name, value in measure(url, args.drivers, args.repeat).items():
                figures[f"{backend}_{name}"] = value
                print(f"  {name:<34} {value:8.1f}")
        if pg_url:
            drop_postgres_database()
    print("BENCH_JSON " + json.dumps(figures))
    return 0


def measure(url: str, drivers: int, repeat: int) -> dict[str, float]:
    from datetime import date

    from flask_migrate import upgrade
    from sqlalchemy import event

    from academy import create_app
    from academy.clock import utcnow
    from academy.extensions import db
    from academy.inbox import queries as inbox_queries
    from academy.main import queries
    from academy.models import User
    from tests.benchmarks.demo_growth import grow_demo
    from tests.demo.seed import seed_demo

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        seed_demo(2026)
        db.session.commit()
        grow_demo(drivers, seed=2026)
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": DIRECTOR, "password": DEMO_PASSWORD})
    assert client.get("/dashboard").status_code == 200

    statements: list[str] = []

    def count(*_args) -> None:
        statements.append("x")

    timings = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    for _ in range(repeat):
        statements.clear()
        started = time.perf_counter()
        client.get("/dashboard")
        timings.append((time.perf_counter() - started) * 1000)
    dashboard_statements = len(statements)

    inbox_timings = []
    with app.test_request_context():
        director = db.session.execute(db.select(User).where(User.email == DIRECTOR)).scalar_one()
        today = date.today()
        flags, total = queries.documents_due(today, limit=10)
        for _ in range(repeat):
            statements.clear()
            started = time.perf_counter()
            inbox = inbox_queries.director_inbox(
                director, flags, lambda endpoint, **values: endpoint, utcnow(), total
            )
            inbox_timings.append((time.perf_counter() - started) * 1000)
        inbox_statements = len(statements)
        event.remove(db.engine, "before_cursor_execute", count)
        db.engine.dispose()
    return {
        "dashboard_admin_ms": round(statistics.median(timings), 1),
        "dashboard_admin_statements": dashboard_statements,
        "inbox_admin_ms": round(statistics.median(inbox_timings), 2),
        "inbox_admin_statements": inbox_statements,
        "inbox_admin_items": inbox.count,
    }


if __name__ == "__main__":
    sys.exit(main())
