"""Timing-file parser throughput: the real Le Mans hour-by-hour file and a generated Al Kamel
lap analysis of 100,000 laps. Prints rows per second; asserts only that both parse ok.

Run with `make bench`, or: .venv/bin/python tests/benchmarks/bench_import_parse.py
The last line is `BENCH_JSON {...}` for tests/benchmarks/run_all.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from academy.results.timing import ParsedRace, parse_timing_file
from tests.demo.timing_files import sample_lap_analysis_bytes

REAL_FILE = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "real"
    / "lemans-2023-hour-by-hour.csv"
)
CARS, LAPS_PER_CAR = 50, 2_000  # 100,000 lap rows


def best_of(runs: int, work: Callable[[], ParsedRace]) -> tuple[float, ParsedRace]:
    best = float("inf")
    race = work()
    for _ in range(runs):
        started = time.perf_counter()
        race = work()
        best = min(best, time.perf_counter() - started)
    return best, race


def report(label: str, data: bytes, seconds: float, race: ParsedRace) -> float:
    if not race.ok:
        raise SystemExit(f"{label}: not ok: {race.refusal or race.errors[:3]}")
    print(
        f"{label:<34} {race.data_rows:>8,} rows {len(data) / 1e6:>7.1f} MB "
        f"{seconds:>7.3f} s {race.data_rows / seconds:>10,.0f} rows/s "
        f"{len(data) / 1e6 / seconds:>6.1f} MB/s"
    )
    return race.data_rows / seconds


def main() -> None:
    real = REAL_FILE.read_bytes()
    real_seconds, race = best_of(20, lambda: parse_timing_file(real, REAL_FILE.name))
    real_rate = report("real hour-by-hour (Le Mans 2023)", real, real_seconds, race)

    started = time.perf_counter()
    generated = sample_lap_analysis_bytes(cars=CARS, laps=LAPS_PER_CAR, seed=2026)
    print(f"{'(generating the lap analysis took':<34} {time.perf_counter() - started:.2f} s)")
    seconds, race = best_of(3, lambda: parse_timing_file(generated, "analysis-100k.CSV"))
    rate = report("generated lap analysis, 100k laps", generated, seconds, race)
    figures = {
        "hour_by_hour_seconds": round(real_seconds, 4),
        "hour_by_hour_rows_per_s": round(real_rate),
        "lap_analysis_100k_seconds": round(seconds, 3),
        "lap_analysis_100k_rows_per_s": round(rate),
    }
    print("BENCH_JSON " + json.dumps(figures))


if __name__ == "__main__":
    main()
