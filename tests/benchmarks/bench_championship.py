"""A season's championship: standings, crew checks and the season page, for a season of 6 races,
50 cars and 150 drivers, in process, on SQLite (and on PostgreSQL when BENCH_POSTGRES_URL names
an empty database the benchmark may fill).

    python tests/benchmarks/bench_championship.py [--repeat 15]

Targets (issue 12): standings under 50 ms, crew checks of the whole season under 200 ms, the
season page under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))

RACES, CARS = 6, 50


def median_ms(action, repeat: int) -> float:  # noqa: ANN001
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def measure(url: str, repeat: int) -> dict[str, float]:
    from flask_migrate import upgrade

    from academy import create_app
    from academy.championship import loader
    from academy.championship.season import championship, race_checks, races_of, rules_for
    from academy.enums import Role
    from academy.extensions import db
    from academy.sporting import season_standings
    from tests.builders import PASSWORD, make_driver, make_user
    from tests.championship.builders import season_with_races

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        admin = make_user(Role.ADMIN)
        email = admin.email
        ours = [make_driver(legal_name=f"Academy Driver {n}") for n in range(2)]
        season = season_with_races(RACES, CARS, academy=ours)
        season_id = season.id
        drivers = len({s.key for car in loader.season_facts(season_id).cars for s in car.seats})
        event_ids = [e.id for e in loader.season_facts(season_id).events]
        facts = loader.season_facts(season_id)
        rules = rules_for(facts.season)
        races = races_of(facts)
        figures = {
            "drivers": drivers,
            "standings_ms": median_ms(lambda: season_standings(rules, races), repeat),
            "season_load_and_compute_ms": median_ms(
                lambda: championship(loader.season_facts(season_id)), repeat
            ),
            "crew_checks_season_ms": median_ms(
                lambda: [race_checks(loader.event_facts(i), {}) for i in event_ids], repeat
            ),
        }
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    assert client.get(f"/seasons/{season_id}").status_code == 200
    # The page after every race and as it stood after race 3 (the round selector), alternated
    # in one loop so both see the same load.
    full: list[float] = []
    after: list[float] = []
    for _ in range(repeat):
        for url_, timings in (
            (f"/seasons/{season_id}", full),
            (f"/seasons/{season_id}?after=3", after),
        ):
            started = time.perf_counter()
            client.get(url_)
            timings.append((time.perf_counter() - started) * 1000)
    figures["season_page_ms"] = round(statistics.median(full), 1)
    figures["season_page_after_3_ms"] = round(statistics.median(after), 1)
    with app.app_context():
        db.engine.dispose()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as workdir:
        backends = {"sqlite": f"sqlite:///{workdir}/championship.sqlite"}
        if os.environ.get("BENCH_POSTGRES_URL"):
            backends["postgresql"] = os.environ["BENCH_POSTGRES_URL"]
        for backend, url in backends.items():
            print(f"== {backend}: {RACES} races, {CARS} cars")
            for name, value in measure(url, args.repeat).items():
                out[f"{backend}_{name}"] = value
                print(f"  {name:<28} {value:8.1f}")
    print("BENCH_JSON " + json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
