"""`make bench`: run every benchmark of the project, write one JSON report, print a table.

Each `tests/benchmarks/bench_*.py` is a script that prints what it measured for people and, as
its last line, `BENCH_JSON {...}`: a flat object of named figures. This runner runs each in its
own process, so one benchmark's memory or failure cannot skew another.

    python tests/benchmarks/run_all.py [--only NAME ...] [--output bench-results/report.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
MARKER = "BENCH_JSON "


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="benchmark names (without bench_)")
    parser.add_argument("--output", default=str(PROJECT_ROOT / "bench-results" / "report.json"))
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per benchmark")
    args = parser.parse_args()

    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [script for script in scripts if script.stem.removeprefix("bench_") in args.only]
    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "benchmarks": {},
    }
    for script in scripts:
        name = script.stem.removeprefix("bench_")
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            completed = subprocess.run(
                [sys.executable, str(script)],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                timeout=args.timeout,
                check=False,
            )
            output, status = completed.stdout, completed.returncode
            errors = completed.stderr
        except subprocess.TimeoutExpired as expired:
            output, status, errors = expired.stdout or "", "timeout", ""
        elapsed = time.perf_counter() - started
        figures = {}
        for line in output.splitlines():
            if line.startswith(MARKER):
                figures = json.loads(line[len(MARKER) :])
            else:
                print("   " + line)
        if status != 0:
            print(
                f"   FAILED ({status}); last error lines:\n   "
                + "\n   ".join(errors.splitlines()[-8:])
            )
        report["benchmarks"][name] = {
            "status": "ok" if status == 0 else f"failed: {status}",
            "seconds": round(elapsed, 1),
            "figures": figures,
        }

    output_path = Path(args.output)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    output_path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print("\n" + summary_table(report))
    print(f"\nFull report: {output_path}")
    return 0 if all(item["status"] == "ok" for item in report["benchmarks"].values()) else 1


def summary_table(report: dict) -> str:
    rows = [("benchmark", "figure", "value")]
    for name, item in report["benchmarks"].items():
        if not item["figures"]:
            rows.append((name, "status", item["status"]))
        for figure, value in item["figures"].items():
            rows.append((name, figure, f"{value:,.2f}" if isinstance(value, float) else str(value)))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
