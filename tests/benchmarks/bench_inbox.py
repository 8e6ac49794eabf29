"""The inbox on the dashboards, and the director's dashboard, for the demo academy grown to
2,000 drivers, on SQLite and PostgreSQL: the dashboard's server-side time and statements, and
what the inbox adds to them (the inbox's queries alone, given what the dashboard loaded), for
each role: the director, a coach, a driver (and the next stage their dashboard shows at its top,
which the inbox shares), a principal. Target: the inbox adds at most 5 statements and 10 ms.

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

# Each role's dashboard, as the demo account that sees the most (the coach with the most
# drivers once the academy is grown, a driver with races, sessions and an application).
ROLES = {
    "admin": "director@asia-endurance.academy",
    "coach": "coach.tanaka@asia-endurance.academy",
    "driver": "thanakorn.srisuk@asia-endurance.academy",
    "principal": "principal.okafor@asia-endurance.academy",
}


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
    from sqlalchemy import event

    from academy import create_app
    from academy.clock import academy_today, utcnow
    from academy.extensions import db
    from academy.models import User
    from tests.benchmarks.demo_growth import build_grown_academy

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        build_grown_academy(drivers)
    statements: list[str] = []

    def count(*_args) -> None:
        statements.append("x")

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    figures: dict[str, float] = {}
    for role, email in ROLES.items():
        client = app.test_client()
        client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        assert client.get("/dashboard").status_code == 200
        timings = []
        for _ in range(repeat):
            statements.clear()
            started = time.perf_counter()
            client.get("/dashboard")
            timings.append((time.perf_counter() - started) * 1000)
        figures[f"dashboard_{role}_ms"] = round(statistics.median(timings), 1)
        figures[f"dashboard_{role}_statements"] = len(statements)

        with app.test_request_context():
            user = db.session.execute(db.select(User).where(User.email == email)).scalar_one()
            parts = inbox_parts(role, user, academy_today(), utcnow())
            for part, build in parts.items():
                part_timings = []
                for _ in range(repeat):
                    statements.clear()
                    started = time.perf_counter()
                    result = build()
                    part_timings.append((time.perf_counter() - started) * 1000)
                figures[f"{part}_{role}_ms"] = round(statistics.median(part_timings), 2)
                figures[f"{part}_{role}_statements"] = len(statements)
                if part == "inbox":
                    figures[f"inbox_{role}_items"] = result.count
            db.session.rollback()
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", count)
        db.engine.dispose()
    return figures


def inbox_parts(role: str, user, today, now) -> dict:
    """What the dashboard of `role` calls for its inbox, given what the dashboard loaded (as
    academy.main.routes does): the inbox itself, and for a driver the next stage the
    dashboard shows at its top and the inbox shares."""
    from academy.drivers.queries import driver_of_user
    from academy.inbox import queries as inbox_queries
    from academy.main import queries
    from academy.main.routes import DASHBOARD_FLAGS

    def link(endpoint, **values):
        return endpoint

    if role == "coach":
        flags, total = queries.documents_due(today, limit=DASHBOARD_FLAGS, coach_id=user.id)
        return {"inbox": lambda: inbox_queries.coach_inbox(user, flags, total, link, today, now)}
    if role == "driver":
        driver = driver_of_user(user, with_documents=True)
        flags = queries.expiry_flags([driver], today)
        next_stage = inbox_queries.next_stage_of(driver, today)
        return {
            "next_stage": lambda: inbox_queries.next_stage_of(driver, today),
            "inbox": lambda: inbox_queries.driver_inbox(driver, flags, next_stage, link),
        }
    if role == "principal":
        return {"inbox": lambda: inbox_queries.principal_inbox(user, link)}
    flags, total = queries.documents_due(today, limit=DASHBOARD_FLAGS)
    return {"inbox": lambda: inbox_queries.director_inbox(user, flags, link, now, total)}


if __name__ == "__main__":
    sys.exit(main())
