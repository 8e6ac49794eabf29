"""The scouting ZIP through the job queue: RQ on Redis, real `rq worker` processes, one worker
against two, side by side in one run.

Run: python tests/benchmarks/bench_scouting_zip.py [--drivers 300]
Not collected by pytest; `make bench` runs it (needs Redis at 127.0.0.1:6379, db 13). Seeds
the demo academy in a temporary SQLite file, grows it to --drivers drivers, signs a principal
in and asks for ZIPs of consenting drivers through the page, then waits until the job's status
says finished and downloads the result:
- one ZIP of 200 dossiers, with one worker, then with two (one ZIP is one job: a second
  worker does not make it faster);
- two ZIPs of 100 at once, with one worker, then with two (the second worker takes the second
  job: this is what a second worker buys).
The request itself only queues: its time is reported too. The last line is `BENCH_JSON {...}`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask_migrate import upgrade  # noqa: E402

from academy import create_app  # noqa: E402
from academy.enums import Role  # noqa: E402
from academy.extensions import db  # noqa: E402
from academy.models import Driver, User  # noqa: E402
from academy.scouting.archive import MAX_DRIVERS_PER_ZIP  # noqa: E402
from tests.benchmarks.demo_growth import grow_demo  # noqa: E402
from tests.demo.seed import DEMO_PASSWORD, seed_demo  # noqa: E402
from tests.jobs.conftest import REDIS_URL, Workers  # noqa: E402


def start_zip(client, ids: list[int]) -> tuple[str, float]:
    started = time.perf_counter()
    response = client.post("/scouting/batch.zip", data={"driver_id": [str(i) for i in ids]})
    assert response.status_code == 302, response.status_code
    return response.location, (time.perf_counter() - started) * 1000


def wait_finished(client, locations: list[str], timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    waiting = set(locations)
    while waiting:
        if time.monotonic() > deadline:
            raise RuntimeError(f"ZIP jobs not finished within {timeout} s")
        for location in list(waiting):
            state = client.get(location + "/status").get_json()
            if state["status"] == "failed":
                raise RuntimeError(f"ZIP job failed: {state['error']}")
            if state["status"] == "finished":
                assert client.get(state["download"]).data[:2] == b"PK"
                waiting.discard(location)
        time.sleep(0.1)


def run(client, workers: Workers, count: int, batches: list[list[int]]) -> dict[str, float]:
    """Start `count` workers, queue the batches at once, time until all are downloaded."""
    started = time.perf_counter()
    queued = [start_zip(client, ids) for ids in batches]
    for _ in range(count):
        workers.start()
    wait_finished(client, [location for location, _ in queued])
    elapsed = time.perf_counter() - started
    workers.stop_all()
    workers.processes.clear()
    workers.logs.clear()
    return {"total_s": elapsed, "request_ms": max(ms for _, ms in queued)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drivers", type=int, default=300, help="drivers in the academy")
    args = parser.parse_args()
    queue_name = f"inbox-bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "REDIS_URL": REDIS_URL,
                "JOBS_QUEUE": queue_name,
            }
        )
        with app.app_context():
            upgrade()
            seed_demo(app.config["DEMO_SEED"])
            db.session.commit()
            grow_demo(args.drivers)
            db.session.commit()
            principal = db.session.execute(
                db.select(User).where(User.role == Role.PRINCIPAL).limit(1)
            ).scalar_one()
            consenting = list(
                db.session.execute(
                    db.select(Driver.id)
                    .where(Driver.consent_scouting.is_(True))
                    .order_by(Driver.id)
                ).scalars()
            )[:MAX_DRIVERS_PER_ZIP]
            email = principal.email
        client = app.test_client()
        client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        workers = Workers(url, queue_name)
        half = len(consenting) // 2
        figures = {}
        try:
            run(client, workers, 1, [consenting[:5]])  # fonts, caches, a first fork: once
            for count in (1, 2):
                one = run(client, workers, count, [consenting])
                two = run(client, workers, count, [consenting[:half], consenting[half:]])
                figures[count] = (one, two)
                print(
                    f"{count} worker{'s' if count > 1 else ''}: one ZIP of {len(consenting)} "
                    f"in {one['total_s']:.1f} s; two ZIPs of {half} at once in "
                    f"{two['total_s']:.1f} s (the request that queues: {one['request_ms']:.0f} ms)"
                )
        finally:
            workers.stop_all()
    one_ratio = figures[1][0]["total_s"] / figures[2][0]["total_s"]
    two_ratio = figures[1][1]["total_s"] / figures[2][1]["total_s"]
    print(f"speed-up of two workers over one: one ZIP {one_ratio:.2f}x, two ZIPs {two_ratio:.2f}x")
    print(
        "BENCH_JSON "
        + json.dumps(
            {
                "scouting_zip_drivers": len(consenting),
                "scouting_zip_1_worker_s": round(figures[1][0]["total_s"], 2),
                "scouting_zip_2_workers_s": round(figures[2][0]["total_s"], 2),
                "scouting_zip_speedup_one_zip": round(one_ratio, 2),
                "scouting_two_zips_1_worker_s": round(figures[1][1]["total_s"], 2),
                "scouting_two_zips_2_workers_s": round(figures[2][1]["total_s"], 2),
                "scouting_zip_speedup_two_zips": round(two_ratio, 2),
                "scouting_zip_request_ms": round(figures[1][0]["request_ms"], 1),
                "scouting_zip_ms_per_dossier_1_worker": round(
                    figures[1][0]["total_s"] * 1000 / len(consenting), 1
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
