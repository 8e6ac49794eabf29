"""The scouting ZIP through the whole app: load, build, record and stream, per dossier.

Run: python tests/benchmarks/bench_scouting_zip.py [--drivers 200]
Not collected by pytest; `make bench` runs it. Seeds the demo academy in a temporary SQLite
file, grows it to --drivers consenting-or-not drivers, signs a principal in through the test
client and downloads a ZIP of every consenting driver up to 200, reading the body chunk by
chunk: the time to the first chunk and per dossier. Then the peak of Python memory while
streaming 5 and 40 dossiers (tracemalloc): it should not grow with the number of drivers
(one dossier is held at a time). The last line is `BENCH_JSON {...}`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask_migrate import upgrade  # noqa: E402

from academy import create_app  # noqa: E402
from academy.enums import Role  # noqa: E402
from academy.extensions import db  # noqa: E402
from academy.models import Driver, User  # noqa: E402
from academy.scouting.archive import MAX_DRIVERS_PER_ZIP  # noqa: E402
from academy.seed import DEMO_PASSWORD, grow_demo, seed_demo  # noqa: E402

MEMORY_SMALL, MEMORY_LARGE = 5, 40


def stream_batch(client, ids: list[int], *, trace_memory: bool) -> dict[str, float]:
    """Download one ZIP, reading it chunk by chunk. Tracing memory slows Python several times
    over, so timings come from untraced runs and memory from traced ones."""
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.post(
        "/scouting/batch.zip", data={"driver_id": [str(i) for i in ids]}, buffered=False
    )
    first_chunk_at = None
    size = 0
    for chunk in response.response:
        if first_chunk_at is None:
            first_chunk_at = time.perf_counter() - started
        size += len(chunk)
    total = time.perf_counter() - started
    peak = 0
    if trace_memory:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    response.close()
    return {
        "drivers": len(ids),
        "first_chunk_ms": (first_chunk_at or total) * 1000,
        "total_s": total,
        "ms_per_dossier": total * 1000 / len(ids),
        "peak_mib": peak / (1024 * 1024),
        "zip_mib": size / (1024 * 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drivers", type=int, default=300, help="drivers in the academy")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "SERVER_NAME": "academy.example",
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
            )
            email = principal.email
        client = app.test_client()
        client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        stream_batch(client, consenting[:1], trace_memory=False)  # fonts, rule set: once
        large = stream_batch(client, consenting[:MAX_DRIVERS_PER_ZIP], trace_memory=False)
        small = stream_batch(client, consenting[:MEMORY_SMALL], trace_memory=True)
        bigger = stream_batch(client, consenting[:MEMORY_LARGE], trace_memory=True)
    print(
        f"{large['drivers']} dossiers: first chunk after {large['first_chunk_ms']:.0f} ms, "
        f"{large['ms_per_dossier']:.0f} ms per dossier, {large['total_s']:.1f} s in all, "
        f"ZIP {large['zip_mib']:.1f} MiB"
    )
    for figures in (small, bigger):
        print(
            f"peak Python memory while streaming {figures['drivers']} dossiers: "
            f"{figures['peak_mib']:.1f} MiB"
        )
    print(
        "BENCH_JSON "
        + json.dumps(
            {
                "scouting_zip_first_chunk_ms": round(large["first_chunk_ms"], 1),
                "scouting_zip_ms_per_dossier": round(large["ms_per_dossier"], 1),
                "scouting_zip_drivers": large["drivers"],
                f"scouting_zip_peak_mib_{MEMORY_SMALL}": round(small["peak_mib"], 2),
                f"scouting_zip_peak_mib_{MEMORY_LARGE}": round(bigger["peak_mib"], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
