"""The coaching tab of one driver on the demo academy grown to 2,000 drivers, measured side by
side: this checkout and another (e.g. main's) answer the same page from the same database,
alternating in rounds in one run, so both see the same load on a shared machine.

    python tests/benchmarks/bench_coaching_tab.py --before /work/main [--rounds 8] [--repeat 5]

The database is built once with this checkout's migrations (so the other checkout reads it with
this checkout's indexes too). "cold" is a request right after the cohort's figures were
forgotten (the first view after any member's record changed); "warm" the requests after it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "Sepang-Sunset-2026"
PAGE_OF = "Ren Sato"


def build(url: str, drivers: int) -> None:
    from academy import create_app
    from academy.extensions import db
    from tests.benchmarks.demo_growth import build_grown_academy

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        build_grown_academy(drivers)
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()


def serve(url: str) -> None:
    """Answer 'warm N' and 'cold N' on stdin with the milliseconds of N requests."""
    from academy import create_app
    from academy.extensions import db
    from academy.models import Driver

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        driver_id = db.session.execute(
            db.select(Driver.id).where(Driver.legal_name == PAGE_OF)
        ).scalar_one()
    client = app.test_client()
    client.post(
        "/login", data={"email": "director@asia-endurance.academy", "password": DEMO_PASSWORD}
    )
    path = f"/drivers/{driver_id}/coaching"
    assert client.get(path).status_code == 200
    import academy

    print("ready", academy.__file__, flush=True)
    for line in sys.stdin:
        kind, count = line.split()
        timings = []
        for _ in range(int(count)):
            if kind == "cold":
                app.extensions.pop("academy_cohort_figures", None)
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        print(json.dumps(timings), flush=True)


def _worker(root: Path, url: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--serve", url],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("ready"):
            print(f"  {root}: code from {line.split()[1]}")
            return process
    raise RuntimeError(f"the worker of {root} did not start")


def _ask(process: subprocess.Popen, kind: str, count: int) -> list[float]:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{kind} {count}\n")
    process.stdin.flush()
    return json.loads(process.stdout.readline())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="the other checkout (required)")
    parser.add_argument("--drivers", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    if args.before is None:
        parser.error("--before: the checkout to compare with")
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{workdir}/coaching.sqlite"
        started = time.perf_counter()
        build(url, args.drivers)
        print(f"built the {args.drivers}-driver academy in {time.perf_counter() - started:.0f} s")
        workers = {
            "before": _worker(args.before.resolve(), url),
            "after": _worker(PROJECT_ROOT, url),
        }
        timings: dict[str, list[float]] = {
            f"{name}_{kind}": [] for name in workers for kind in ("cold", "warm")
        }
        loads = [os.getloadavg()[0]]
        for _ in range(args.rounds):
            for name, process in workers.items():
                timings[f"{name}_cold"] += _ask(process, "cold", 1)
                timings[f"{name}_warm"] += _ask(process, "warm", args.repeat)
            loads.append(os.getloadavg()[0])
        for process in workers.values():
            assert process.stdin is not None
            process.stdin.close()
            process.wait()
    figures = {name: round(statistics.median(values), 1) for name, values in timings.items()}
    print(f"coaching tab of {PAGE_OF}, {args.drivers} drivers, SQLite, median ms:")
    print(f"  {'':8} {'cold':>8} {'warm':>8}")
    for name in workers:
        print(f"  {name:8} {figures[f'{name}_cold']:8.1f} {figures[f'{name}_warm']:8.1f}")
    print(f"  load average (1 min) during the run: {min(loads):.2f} to {max(loads):.2f}")
    print("BENCH_JSON " + json.dumps(figures))
    return 0


if __name__ == "__main__":
    if "--serve" not in sys.argv:  # a worker imports the checkout it was started in
        sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(main())
