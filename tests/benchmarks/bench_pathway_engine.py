"""How fast the pathway engine evaluates a cohort board.

Run: python tests/benchmarks/bench_pathway_engine.py [--drivers 10000] [--results 50] [--ops 200]
        [--baseline ../wt-main]
Not collected by pytest (no test_ prefix); `make bench` runs it. Prints the figures; the
target is 10,000 drivers with 50 results each in well under 2 seconds. The last line is
`BENCH_JSON {...}` for tests/benchmarks/run_all.py.

`--baseline DIR` also times another checkout's engine (e.g. a worktree of main) on the same
cohort: one worker process per checkout (ENGINE_ROOT says whose academy it imports), the two
taking turns round after round, each evaluating the board with the previous and the shipped
rule set; each figure is the best of its rounds.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import time
from datetime import date, timedelta
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

AS_OF = date(2026, 6, 1)
SERIES = ("ALMS", "ELMS", "LMC", "WEC", "NATIONAL", "LM24")
CLASSES = (RaceClass.LMP3, RaceClass.LMP2, RaceClass.LMP2_PRO_AM, RaceClass.GT)
STATUSES = (ResultStatus.CLASSIFIED,) * 8 + (ResultStatus.DNF, ResultStatus.DNS)


def make_driver(
    driver_id: int, results: int, rng: random.Random, sessions: int = 20, grades: int = 40
) -> DriverFacts:
    start = AS_OF - timedelta(days=4 * 365)
    ids = driver_id * 1000

    def day() -> date:
        # A few facts lie after as_of, as they do for a board looked at in the past.
        return start + timedelta(days=rng.randrange(4 * 365 + 60))

    result_facts = tuple(
        ResultFact(
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
        SessionFact(
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


def worker(drivers: int, results: int, ops: int) -> None:
    """One checkout's side of --baseline: build the cohort, then for each line on stdin evaluate
    the board once with each rule set ("time") or count operations ("ops"), answering in JSON."""
    import academy

    new_rule_set = load_rule_set_by_key("alms-to-le-mans")
    old_rule_set = load_rule_set(RULESETS_DIR / "archive" / "alms-to-le-mans-2026.1.toml")
    rng = random.Random(2026)
    cohort = [make_driver(driver_id, results, rng) for driver_id in range(1, drivers + 1)]
    for rule_set in (old_rule_set, new_rule_set):
        evaluate_many(cohort, rule_set, AS_OF)  # prepared, and every filter's cache filled
    print(json.dumps({"engine": str(Path(academy.__file__).parents[1])}), flush=True)
    for line in sys.stdin:
        if line.strip() == "ops":
            answer = {
                "old_ops": operations_per_driver(cohort[:ops], old_rule_set),
                "new_ops": operations_per_driver(cohort[:ops], new_rule_set),
            }
        else:
            answer = {
                "old_cpu": timed(1, lambda: evaluate_many(cohort, old_rule_set, AS_OF))[1],
                "new_cpu": timed(1, lambda: evaluate_many(cohort, new_rule_set, AS_OF))[1],
            }
        print(json.dumps(answer), flush=True)


def side_by_side(baseline: Path, drivers: int, results: int, repeat: int, ops: int) -> dict:
    """The engines of `baseline` and of this checkout on the same cohort, taking turns (the
    order swapped each round); best CPU of the rounds for each engine and rule set."""
    import subprocess

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

    best: dict[str, float] = {}
    try:
        engines = {}
        for side, process in workers.items():
            assert process.stdout is not None
            engines[side] = json.loads(process.stdout.readline())["engine"]
        order = list(sides)
        for _ in range(repeat):
            for side in order:
                for name, seconds in ask(side, "time").items():
                    key = f"{side}_{name}"
                    best[key] = min(best.get(key, seconds), seconds)
            order.reverse()
        for side in sides:
            for name, count in ask(side, "ops").items():
                best[f"{side}_{name}"] = count
    finally:
        for process in workers.values():
            assert process.stdin is not None
            process.stdin.close()
            process.wait()
    per_driver = {key: value / drivers * 1e6 for key, value in best.items() if "cpu" in key}
    print(f"side by side with {engines['baseline']} (baseline), load average {load_average()}:")
    for side in sides:
        old, new = per_driver[f"{side}_old_cpu"], per_driver[f"{side}_new_cpu"]
        print(
            f"  {side:8s} ({engines[side]}): 2026.1 {old:.0f} us CPU/driver, 2026.2 {new:.0f} "
            f"us CPU/driver, 2026.2/2026.1 = {new / old:.2f}x; operations/driver 2026.1 "
            f"{best[f'{side}_old_ops']:,.0f}, 2026.2 {best[f'{side}_new_ops']:,.0f} "
            f"({best[f'{side}_new_ops'] / best[f'{side}_old_ops']:.3f}x)"
        )
    for rule in ("old", "new"):
        ratio = per_driver[f"this_{rule}_cpu"] / per_driver[f"baseline_{rule}_cpu"]
        ops_ratio = best[f"this_{rule}_ops"] / best[f"baseline_{rule}_ops"]
        name = "2026.1" if rule == "old" else "2026.2"
        print(f"  this checkout / baseline, {name}: {ratio:.2f}x CPU, {ops_ratio:.3f}x operations")
    return {f"{key}_per_driver_us": round(value, 1) for key, value in per_driver.items()} | {
        f"{key}": round(value) for key, value in best.items() if "ops" in key
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drivers", type=int, default=10_000)
    parser.add_argument("--results", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--ops", type=int, default=200, help="drivers whose bytecode operations are counted"
    )
    parser.add_argument("--baseline", type=Path, help="another checkout to time side by side")
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
    print("BENCH_JSON " + json.dumps(figures))


if __name__ == "__main__":
    main()
