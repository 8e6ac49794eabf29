"""How fast the pathway engine evaluates a cohort board.

Run: python tests/benchmarks/bench_pathway_engine.py [--drivers 10000] [--results 50] [--ops 200]
        [--baseline ../wt-main | --baseline-commit 8c20460 | --no-baseline]
Not collected by pytest (no test_ prefix); `make bench` runs it. Prints the figures; the
target is 10,000 drivers with 50 results each in well under 2 seconds. The last line is
`BENCH_JSON {...}` for tests/benchmarks/run_all.py.

Side by side, another engine on the same cohort: by default the engine as it was before issue
13 (the new vocabulary), main at BEFORE_NEW_VOCABULARY, taken out of git into a temporary
directory; `--baseline DIR` names another checkout instead (e.g. a worktree of main). One worker
process per engine (ENGINE_ROOT says whose academy it imports), the two taking turns round after
round, each evaluating the board with every version of the shipped rule set it has (an engine
before 2026.2 has only 2026.1); each figure is the best of its rounds. Issue 13's speed target:
2026.2 on this engine no slower than 2026.1 on the engine before it.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

# ENGINE_ROOT: time another checkout's engine (its academy) on this file's cohort.
ROOT = Path(os.environ.get("ENGINE_ROOT") or Path(__file__).resolve().parents[2]).resolve()
sys.path.insert(0, str(ROOT))

from academy.enums import (  # noqa: E402
    Categorisation,
    LicenceGrade,
    RaceClass,
    ResultStatus,
    SessionType,
)
from academy.pathway.engine import (  # noqa: E402
    PreparedRuleSet,
    evaluate,
    evaluate_licence_grade,
    evaluate_many,
    prepare,
)
from academy.pathway.facts import (  # noqa: E402
    DriverFacts,
    GradeFact,
    LicenceFact,
    MedicalFact,
    ResultFact,
    SessionFact,
)
from academy.pathway.loader import RULESETS_DIR, load_rule_set, load_rule_set_by_key  # noqa: E402
from academy.pathway.rules import KNOWN_COMPETENCIES  # noqa: E402
from academy.pathway.serialise import verdict_to_dict  # noqa: E402

# Main just before issue 13's work (milestones, groups, per-class variants...) was merged.
BEFORE_NEW_VOCABULARY = "8c20460"
AS_OF = date(2026, 6, 1)
SERIES = ("ALMS", "ELMS", "LMC", "WEC", "NATIONAL", "LM24")
CLASSES = (RaceClass.LMP3, RaceClass.LMP2, RaceClass.LMP2_PRO_AM, RaceClass.GT)
STATUSES = (ResultStatus.CLASSIFIED,) * 8 + (ResultStatus.DNF, ResultStatus.DNS)


def fact(kind, **values):
    """A fact with the fields this engine's fact class has: an engine before a field existed
    (an older checkout side by side) gets the same cohort without it."""
    known = {field.name for field in dataclasses.fields(kind)}
    return kind(**{name: value for name, value in values.items() if name in known})


def make_driver(
    driver_id: int, results: int, rng: random.Random, sessions: int = 20, grades: int = 40
) -> DriverFacts:
    start = AS_OF - timedelta(days=4 * 365)
    ids = driver_id * 1000

    def day() -> date:
        # A few facts lie after as_of, as they do for a board looked at in the past.
        return start + timedelta(days=rng.randrange(4 * 365 + 60))

    result_facts = tuple(
        fact(
            ResultFact,
            id=ids + index,
            event_date=day(),
            series_code=rng.choice(SERIES),
            race_class=rng.choice(CLASSES),
            status=rng.choice(STATUSES),
            drive_time_seconds=None if rng.random() < 0.1 else rng.randrange(1800, 9000),
            race_duration_hours=rng.choice((4.0, 4.0, 6.0, 12.0, 24.0)),
            night=rng.random() < 0.2,
            position_overall=rng.randrange(1, 40),
            position_in_class=rng.randrange(1, 15),
        )
        for index in range(results)
    )
    session_facts = tuple(
        fact(
            SessionFact,
            id=ids + 500 + index,
            held_on=day(),
            session_type=rng.choice(list(SessionType)),
            laps=rng.choice((None, 5, 12, 30)),
            night=rng.random() < 0.1,
            aco_approved=rng.random() < 0.05,
        )
        for index in range(sessions)
    )
    grade_facts = tuple(
        GradeFact(
            session_id=ids + 500 + index % max(sessions, 1),
            competency_key=rng.choice(KNOWN_COMPETENCIES),
            score=rng.randrange(4, 11),
            graded_on=day(),
        )
        for index in range(grades)
    )
    licences = (
        LicenceFact(ids + 900, LicenceGrade.INTERNATIONAL_C, date(2025, 1, 1), date(2025, 12, 31)),
        LicenceFact(
            ids + 901,
            rng.choice(list(LicenceGrade)),
            date(2026, 1, 1),
            date(2026, 12, 31) if rng.random() < 0.9 else date(2026, 7, 1),
        ),
    )
    medicals = (MedicalFact(ids + 950, date(2026, 12, 31), date(2026, 1, 1)),)
    return DriverFacts(
        driver_id=driver_id,
        date_of_birth=None if rng.random() < 0.02 else date(rng.randrange(1985, 2010), 5, 17),
        categorisation=rng.choice(list(Categorisation)),
        licences=licences,
        medicals=medicals,
        results=result_facts,
        sessions=session_facts,
        grades=grade_facts,
    )


def timed(repeat: int, action) -> tuple[float, float, object]:
    """Best wall and best CPU seconds of `repeat` runs (CPU time is steadier on a shared
    machine), and the last outcome."""
    walls, cpus = [], []
    outcome = None
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = action()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls), min(cpus), outcome


def operations_per_driver(cohort: list[DriverFacts], rule_set) -> float:
    """Python bytecode operations per driver for the board (a count, not a time: the same on
    a busy machine as on a quiet one, so two versions compare exactly)."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        frame.f_trace_opcodes = True
        if event == "opcode":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        evaluate_many(cohort, rule_set, AS_OF)
    finally:
        sys.settrace(None)
    return count / len(cohort)


def board_with_deferred_gc(cohort, rule_set) -> float:
    """CPU seconds for the board plus the young-generation collection that evaluate_many's
    paused collector leaves for later: the honest cost of the board."""
    gc.collect()
    cpu = time.process_time()
    pathways = evaluate_many(cohort, rule_set, AS_OF)
    gc.collect(1)
    seconds = time.process_time() - cpu
    del pathways
    return seconds


def load_average() -> str:
    with open("/proc/loadavg") as load:
        return " ".join(load.read().split()[:3])


def shipped_versions() -> dict[str, object]:
    """Every version of the shipped rule set this engine has, by version: the one in use and
    the archived one before it (an engine before 2026.2 has only 2026.1)."""
    found = {}
    archived = RULESETS_DIR / "archive" / "alms-to-le-mans-2026.1.toml"
    if archived.exists():
        found["2026.1"] = load_rule_set(archived)
    shipped = load_rule_set_by_key("alms-to-le-mans")
    found[shipped.version] = shipped
    return dict(sorted(found.items()))


def worker(drivers: int, results: int, ops: int) -> None:
    """One engine's side by side: build the cohort, then for each line on stdin evaluate the
    board once with each version of the rule set ("time") or count operations ("ops"),
    answering in JSON by version."""
    import academy

    versions = shipped_versions()
    rng = random.Random(2026)
    cohort = [make_driver(driver_id, results, rng) for driver_id in range(1, drivers + 1)]
    for rule_set in versions.values():
        evaluate_many(cohort, rule_set, AS_OF)  # prepared, and every filter's cache filled
    engine = str(Path(academy.__file__).parents[1])
    print(json.dumps({"engine": engine, "versions": list(versions)}), flush=True)
    for line in sys.stdin:
        if line.strip() == "ops":
            answer = {
                version: operations_per_driver(cohort[:ops], rule_set)
                for version, rule_set in versions.items()
            }
        else:
            answer = {
                version: timed(1, lambda rule_set=rule_set: evaluate_many(cohort, rule_set, AS_OF))[
                    1
                ]
                for version, rule_set in versions.items()
            }
        print(json.dumps(answer), flush=True)


def engine_before_new_vocabulary(commit: str, into: Path) -> Path:
    """The academy package as it was at `commit`, out of this checkout's git history."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "academy"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def side_by_side(baseline: Path, drivers: int, results: int, repeat: int, ops: int) -> dict:
    """The engines of `baseline` and of this checkout on the same cohort, taking turns (the
    order swapped each round); best CPU of the rounds for each engine and rule set version."""
    sides = {"baseline": baseline.resolve(), "this": ROOT}
    workers = {
        side: subprocess.Popen(
            [sys.executable, __file__, "--worker", "--drivers", str(drivers)]
            + ["--results", str(results), "--ops", str(ops)],
            env={**os.environ, "ENGINE_ROOT": str(root)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for side, root in sides.items()
    }

    def ask(side: str, what: str) -> dict:
        process = workers[side]
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(what + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    cpu: dict[tuple[str, str], float] = {}
    operations: dict[tuple[str, str], float] = {}
    try:
        engines = {}
        for side, process in workers.items():
            assert process.stdout is not None
            engines[side] = json.loads(process.stdout.readline())["engine"]
        order = list(sides)
        for _ in range(repeat):
            for side in order:
                for version, seconds in ask(side, "time").items():
                    cpu[side, version] = min(cpu.get((side, version), seconds), seconds)
            order.reverse()
        for side in sides:
            for version, count in ask(side, "ops").items():
                operations[side, version] = count
    finally:
        for process in workers.values():
            assert process.stdin is not None
            process.stdin.close()
            process.wait()
    per_driver = {key: seconds / drivers * 1e6 for key, seconds in cpu.items()}
    print(
        f"side by side, {drivers:,} drivers, best of {repeat} alternating rounds, load average "
        f"{load_average()}:"
    )
    for (side, version), micros in sorted(per_driver.items()):
        print(
            f"  {side:8s} engine ({engines[side]}), rule set {version}: {micros:.0f} us CPU per "
            f"driver, {operations[side, version]:,.0f} Python operations per driver"
        )
    figures: dict[str, float] = {}
    for (side, version), micros in per_driver.items():
        name = f"{side}_{version.replace('.', '_')}"
        figures[f"{name}_per_driver_us"] = round(micros, 1)
        figures[f"{name}_ops_per_driver"] = round(operations[side, version])
    now, before = per_driver.get(("this", "2026.2")), per_driver.get(("baseline", "2026.1"))
    if now is not None and before is not None:
        verdict = "no slower" if now <= before else "SLOWER"
        print(
            f"  2026.2 on this engine / 2026.1 on the baseline engine: {now / before:.2f}x "
            f"({verdict})"
        )
        figures["this_2026_2_over_baseline_2026_1"] = round(now / before, 3)
    for version in ("2026.1", "2026.2"):
        if ("baseline", version) in per_driver:
            ratio = per_driver["this", version] / per_driver["baseline", version]
            print(f"  rule set {version}, this engine / the baseline: {ratio:.2f}x CPU")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drivers", type=int, default=10_000)
    parser.add_argument("--results", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--ops", type=int, default=200, help="drivers whose bytecode operations are counted"
    )
    parser.add_argument("--baseline", type=Path, help="another checkout to time side by side")
    parser.add_argument(
        "--baseline-commit",
        default=BEFORE_NEW_VOCABULARY,
        help="without --baseline: the commit whose engine is timed side by side",
    )
    parser.add_argument("--no-baseline", action="store_true", help="no side-by-side run")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.drivers, args.results, args.ops)
        return

    rule_set = load_rule_set_by_key("alms-to-le-mans")
    rng = random.Random(2026)
    cohort = [make_driver(driver_id, args.results, rng) for driver_id in range(1, args.drivers + 1)]
    requirements = sum(len(stage.requirements) for stage in rule_set.stages)
    prepare(rule_set, AS_OF)

    board_wall, board_cpu, pathways = timed(
        args.repeat, lambda: evaluate_many(cohort, rule_set, AS_OF)
    )
    assert isinstance(pathways, list) and len(pathways) == args.drivers
    reached = sum(1 for pathway in pathways if pathway.current_stage is not None)
    del pathways
    honest_cpu = min(board_with_deferred_gc(cohort, rule_set) for _ in range(3))
    rng = random.Random(2026)
    results_only = [
        make_driver(driver_id, args.results, rng, sessions=0, grades=0)
        for driver_id in range(1, args.drivers + 1)
    ]
    plain_wall, plain_cpu, _ = timed(
        args.repeat, lambda: evaluate_many(results_only, rule_set, AS_OF)
    )
    plain_honest_cpu = min(board_with_deferred_gc(results_only, rule_set) for _ in range(3))
    single_wall, single_cpu, _ = timed(
        args.repeat, lambda: [evaluate(facts, rule_set, AS_OF) for facts in cohort[:1000]]
    )
    grade_wall, grade_cpu, _ = timed(
        args.repeat,
        lambda: [
            evaluate_licence_grade(facts, rule_set, LicenceGrade.INTERNATIONAL_B, AS_OF)
            for facts in cohort[:1000]
        ],
    )
    sample = evaluate_many(cohort[:1000], rule_set, AS_OF)
    json_wall, json_cpu, _ = timed(args.repeat, lambda: [verdict_to_dict(p) for p in sample])
    prepare_wall, prepare_cpu, _ = timed(args.repeat, lambda: PreparedRuleSet(rule_set, AS_OF))
    # The previous version of the shipped rule set on the same cohort in the same run (issue 13:
    # the new vocabulary must be no slower).
    # Rounds alternate between the two, each figure the best of its rounds, so a machine
    # that gets busier during the run slows both alike.
    old_rule_set = load_rule_set(RULESETS_DIR / "archive" / "alms-to-le-mans-2026.1.toml")
    prepare(old_rule_set, AS_OF)
    old_cpus, new_cpus = [], []
    for _ in range(args.repeat):
        old_cpus.append(timed(1, lambda: evaluate_many(cohort, old_rule_set, AS_OF))[1])
        new_cpus.append(timed(1, lambda: evaluate_many(cohort, rule_set, AS_OF))[1])
    old_cpu, board_cpu = min(old_cpus), min(new_cpus)
    counted = cohort[: args.ops]
    old_ops = operations_per_driver(counted, old_rule_set)
    new_ops = operations_per_driver(counted, rule_set)

    print(
        f"machine: {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}, one process; "
        f"load average {load_average()}"
    )
    print(
        f"cohort: {args.drivers:,} drivers x {args.results} results, 20 sessions, 40 grades "
        "(4 years of history, some facts after as_of); "
        f"rule set {rule_set.key} {rule_set.version} ({len(rule_set.stages)} stages, "
        f"{requirements} requirements); {reached:,} drivers past a stage"
    )
    print(
        f"evaluate_many, {args.drivers:,} drivers: {board_wall:.3f} s wall, {board_cpu:.3f} s CPU "
        f"(best of {args.repeat}; {board_cpu / args.drivers * 1e6:.0f} us CPU per driver)"
    )
    print(f"  with the deferred young-generation GC pass: {honest_cpu:.3f} s CPU")
    print(
        f"evaluate_many, {args.drivers:,} drivers with {args.results} results and no sessions "
        f"or grades: {plain_wall:.3f} s wall, {plain_cpu:.3f} s CPU; with the deferred GC pass "
        f"{plain_honest_cpu:.3f} s CPU"
    )
    print(
        f"evaluate, one driver at a time (prepared rule set reused): "
        f"{single_cpu / 1000 * 1e6:.0f} us CPU per driver"
    )
    print(f"evaluate_licence_grade: {grade_cpu / 1000 * 1e6:.0f} us CPU per driver")
    print(f"verdict_to_dict: {json_cpu / 1000 * 1e6:.0f} us CPU per pathway")
    print(f"preparing the rule set once: {prepare_cpu * 1e3:.2f} ms CPU")
    print(
        f"side by side, same cohort: {old_rule_set.version} {old_cpu / args.drivers * 1e6:.0f} "
        f"us CPU per driver, {rule_set.version} {board_cpu / args.drivers * 1e6:.0f} us CPU per "
        f"driver: {rule_set.version}/{old_rule_set.version} = {board_cpu / old_cpu:.2f}x "
        f"({'no slower' if board_cpu <= old_cpu else 'SLOWER'})"
    )
    print(
        f"Python operations per driver ({len(counted)} drivers): {old_rule_set.version} "
        f"{old_ops:,.0f}, {rule_set.version} {new_ops:,.0f}: "
        f"{rule_set.version}/{old_rule_set.version} = {new_ops / old_ops:.3f}x"
    )
    target = 2.0
    verdict = "within" if plain_honest_cpu < target and honest_cpu < target else "OVER"
    print(f"target {target:.1f} s for the board: {verdict}")
    figures = {
        "board_drivers": args.drivers,
        "board_wall_s": round(board_wall, 3),
        "board_cpu_s": round(board_cpu, 3),
        "board_cpu_with_gc_s": round(honest_cpu, 3),
        "results_only_board_cpu_s": round(plain_cpu, 3),
        "results_only_board_cpu_with_gc_s": round(plain_honest_cpu, 3),
        "per_driver_cpu_us": round(board_cpu / args.drivers * 1e6, 1),
        "single_evaluate_cpu_us": round(single_cpu / 1000 * 1e6, 1),
        "licence_grade_cpu_us": round(grade_cpu / 1000 * 1e6, 1),
        "verdict_to_dict_cpu_us": round(json_cpu / 1000 * 1e6, 1),
        "prepare_cpu_ms": round(prepare_cpu * 1e3, 2),
        "previous_version_per_driver_cpu_us": round(old_cpu / args.drivers * 1e6, 1),
        "new_over_previous_version": round(board_cpu / old_cpu, 3),
        "previous_version_ops_per_driver": round(old_ops),
        "ops_per_driver": round(new_ops),
        "new_over_previous_version_ops": round(new_ops / old_ops, 3),
    }
    if args.baseline:
        figures |= side_by_side(args.baseline, args.drivers, args.results, args.repeat, args.ops)
    elif not args.no_baseline:
        with tempfile.TemporaryDirectory(prefix="engine-before-") as directory:
            try:
                baseline = engine_before_new_vocabulary(args.baseline_commit, Path(directory))
            except (OSError, subprocess.CalledProcessError) as error:
                print(f"no side-by-side run: commit {args.baseline_commit} not found ({error})")
            else:
                figures |= side_by_side(baseline, args.drivers, args.results, args.repeat, args.ops)
    print("BENCH_JSON " + json.dumps(figures))


if __name__ == "__main__":
    main()
