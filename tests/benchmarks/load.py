"""`make load`: the app under gunicorn on PostgreSQL, driven by wrk from a second process.

1. Builds a PostgreSQL database `academy_load` with the demo academy grown to 2,000 drivers.
2. Starts gunicorn (production settings, Redis rate-limit storage) on a loopback port.
3. Signs in 50 sessions, then runs wrk (50 connections) against `/healthz` alone (the ceiling),
   each page alone, and the whole mix; reports requests per second, p50/p95/p99 latency and
   errors, and each page's throughput as a share of the ceiling.
4. Writes bench-results/load.json and prints a table.

    python tests/benchmarks/load.py [--drivers 2000] [--seconds 15] [--connections 50]
        [--database academy_load] [--port 0] [--redis-url redis://127.0.0.1:6379/15]
        [--reuse-database] [--warm] [--baseline ../wt-main --baseline-database academy_loadbase
         --baseline-port 0]

Shared machines: `--database`, `--port` and `--redis-url` (or LOAD_DATABASE, LOAD_PORT,
LOAD_REDIS_URL) keep one engineer's run apart from another's. `--baseline DIR` serves a second
checkout (e.g. a worktree of main, with its own .venv) beside this one and runs every scenario
on both, alternating which goes first, so that a before/after pair comes from one run on one
machine under the same load; each side's share of the ceiling is against its own `/healthz`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))

SERVER = "postgresql://postgres@127.0.0.1:5432"
DATABASE = os.environ.get("LOAD_DATABASE", "academy_load")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/15")
DEMO_PASSWORD = "Sepang-Sunset-2026"
# Sessions are bound to the browser (Flask-Login's strong protection): wrk sends the same.
USER_AGENT = "Academy load test"
# The cohort board evaluates every driver (about a second for 2,000): a few coaches look at it
# at once, not fifty.
BOARD_CONNECTIONS = 8
LUA = r"""
-- Requests come from a file, one per line: METHOD, PATH, COOKIE, BODY (tab-separated).
-- A response counts as wrong when it is an error (4xx, 5xx) or a redirect to the sign-in
-- page (a session that was lost): wrk alone would count those as successes.
local threads = {}
local requests = {}
local index = 0
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  wrong = 0
  think = tonumber(args[2]) or 0
  local file = io.open(args[1], "r")
  for line in file:lines() do
    local method, path, cookie, body = line:match("^(%S+)\t(%S+)\t([^\t]*)\t?(.*)$")
    local headers = {["User-Agent"] = "Academy load test"}
    if cookie ~= "" then headers["Cookie"] = cookie end
    if method == "POST" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
    table.insert(requests, wrk.format(method, path, headers, body ~= "" and body or nil))
  end
  file:close()
  index = math.random(#requests)
end
function request()
  index = index % #requests + 1
  return requests[index]
end
function delay()
  -- A user reads the page before the next click: a random pause around `think` ms.
  if think == 0 then return 0 end
  local half = math.floor(think / 2)
  return math.random(half, think + half)
end
function response(status, headers, body)
  local location = headers["Location"] or ""
  if status >= 400 or string.find(location, "/login", 1, true) then
    wrong = wrong + 1
  end
end
function done(summary, latency, requests)
  local wrong_total = 0
  for _, thread in ipairs(threads) do wrong_total = wrong_total + thread:get("wrong") end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout + wrong_total
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "errors": %d, "wrong_answers": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, errors, wrong_total,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drivers", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--think-ms", type=int, default=1000, help="users' pause between clicks")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", default=DATABASE, help="PostgreSQL database to (re)build")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("LOAD_PORT", "0")), help="0: any free one"
    )
    parser.add_argument("--redis-url", default=REDIS_URL, help="rate-limit storage")
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the database when it already holds --drivers drivers",
    )
    parser.add_argument(
        "--baseline", type=Path, help="another checkout (with its .venv) to serve side by side"
    )
    parser.add_argument("--baseline-database", help="default: the database's name + 'base'")
    parser.add_argument("--baseline-port", type=int, default=0)
    parser.add_argument(
        "--only", help="comma-separated scenarios to run (healthz, the ceiling, always runs)"
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="view every page of the read-only scenarios once before measuring: the figures "
        "of a store that holds every page (hits only) instead of a cold one",
    )
    args = parser.parse_args()
    # Stopped from outside (a background job ignores SIGINT): stop the servers on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk (make load installs it)")
        return 2

    url = prepare_database(args.database, args.drivers, args.reuse_database)
    sides = {"this": (PROJECT_ROOT, url, args.port or free_port())}
    if args.baseline:
        baseline_database = args.baseline_database or f"{args.database}base"
        # The same rows for both sides: a copy of the database just built.
        sides["baseline"] = (
            args.baseline.resolve(),
            copy_database(args.database, baseline_database),
            args.baseline_port or free_port(),
        )
    servers = {
        side: start_gunicorn(url, port, args.workers, root, args.redis_url)
        for side, (root, url, port) in sides.items()
    }
    bases = {side: f"http://127.0.0.1:{port}" for side, (_, _, port) in sides.items()}
    phases = {
        # wrk, as fast as the server answers: throughput, and each page's share of the ceiling.
        "capacity": 0,
        # 50 people clicking about once a second: the latency they see. (wrk's own pause,
        # delay(), is counted into its latencies, so this phase uses simulated users instead.)
        "users": args.think_ms,
    }
    report = {
        "drivers": args.drivers,
        "connections": args.connections,
        "seconds_per_run": args.seconds,
        "think_ms": args.think_ms,
        "gunicorn_workers": args.workers,
        "warm": args.warm,
        "sides": {side: str(root) for side, (root, _, _) in sides.items()},
        "phases": {},
    }
    by_side: dict[str, dict] = {side: {} for side in sides}
    try:
        scenarios = {}
        for side, base in bases.items():
            wait_until_ready(base)
            scenarios[side] = build_scenarios(base, sides[side][1], args.connections)
            if args.warm:
                warm_pages(base, scenarios[side])
        wanted = set(args.only.split(",")) | {"healthz"} if args.only else None
        with tempfile.TemporaryDirectory() as workdir:
            script = Path(workdir) / "mix.lua"
            script.write_text(LUA)
            turn = 0
            for phase, think_ms in phases.items():
                print(
                    f"== {phase}: {args.connections} connections, think time {think_ms} ms",
                    flush=True,
                )
                results: dict[str, dict] = {side: {} for side in sides}
                for name in scenarios["this"]:
                    if wanted and name not in wanted:
                        continue
                    connections = (
                        min(args.connections, BOARD_CONNECTIONS)
                        if name == "cohort_board"
                        else args.connections
                    )
                    # Alternate which side goes first, so neither always meets the other's
                    # leftovers (or the other engineers' quiet minute).
                    order = list(sides) if turn % 2 == 0 else list(sides)[::-1]
                    turn += 1
                    for side in order:
                        base = bases[side]
                        lines = scenarios[side][name]
                        requests_file = Path(workdir) / f"{side}-{name}.tsv"
                        requests_file.write_text("\n".join(lines) + "\n")
                        if think_ms:
                            figures = run_users(base, lines, args.seconds, connections, think_ms)
                        else:
                            cpu_before = cpu_by_process(servers[side].pid)
                            figures = run_wrk(
                                base, script, requests_file, args.seconds, connections, think_ms
                            )
                            figures["cpu_ms_per_request"] = cpu_per_request(
                                cpu_before, cpu_by_process(servers[side].pid), figures["requests"]
                            )
                        figures["connections"] = connections
                        results[side][name] = figures
                        label = f"{name} [{side}]" if len(sides) > 1 else name
                        print(f"{label:<28} {describe(figures)}", flush=True)
                        for other in bases.values():
                            wait_until_idle(other)
                # The ceiling is what the server can answer, so only the capacity phase has one:
                # with people pausing between clicks, throughput is set by the people.
                for side_results in results.values():
                    ceiling = side_results["healthz"]["rps"] if not think_ms else None
                    for figures in side_results.values():
                        figures["share_of_ceiling"] = (
                            round(figures["rps"] / ceiling, 3) if ceiling else None
                        )
                for side in sides:
                    by_side[side][phase] = results[side]
    finally:
        for server in servers.values():
            server.send_signal(signal.SIGTERM)
        for server in servers.values():
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    report["phases"] = by_side["this"]
    if "baseline" in by_side:
        report["baseline_phases"] = by_side["baseline"]
    output = PROJECT_ROOT / "bench-results" / "load.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps(report, indent=2))
    flat = {}
    for phase, results in report["phases"].items():
        print(f"\n{phase}")
        print_table(results)
        if "baseline" in by_side:
            print(f"\n{phase}, baseline ({sides['baseline'][0]})")
            print_table(by_side["baseline"][phase])
            print_comparison(results, by_side["baseline"][phase])
        for name, figures in results.items():
            for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "errors", "share_of_ceiling"):
                flat[f"{phase}_{name}_{key}"] = figures[key]
                if "baseline" in by_side:
                    flat[f"baseline_{phase}_{name}_{key}"] = by_side["baseline"][phase][name][key]
    print(f"\nReport: {output}")
    print("BENCH_JSON " + json.dumps(flat))
    return 0


def _admin_engine():
    from sqlalchemy import create_engine

    return create_engine(
        f"{SERVER.replace('postgresql://', 'postgresql+psycopg://')}/postgres",
        isolation_level="AUTOCOMMIT",
    )


def _driver_count(database: str) -> int | None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(f"{SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{database}")
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM drivers")).scalar_one()
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def copy_database(source: str, target: str) -> str:
    """`target` as a copy of `source` (PostgreSQL's template copy: seconds, not a rebuild)."""
    from sqlalchemy import text

    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{target}" TEMPLATE "{source}"'))
    admin.dispose()
    return f"{SERVER}/{target}"


def prepare_database(database: str, total_drivers: int, reuse: bool = False) -> str:
    """A fresh database with the demo academy grown to `total_drivers`."""
    from sqlalchemy import text

    url = f"{SERVER}/{database}"
    if reuse and _driver_count(database) == total_drivers:
        print(f"Database {database}: reused ({total_drivers} drivers)", flush=True)
        store_nightly_standings(url)
        return url
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    started = time.perf_counter()
    from academy import create_app
    from academy.extensions import db
    from tests.benchmarks.demo_growth import grow_demo
    from tests.demo.seed import seed_demo

    # Production's password hashing (scrypt), so sign-ins cost what they cost in real life.
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "scrypt"}
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        seed_demo(2026)
        db.session.commit()
        grow_demo(total_drivers, seed=2026)
        db.session.commit()
        # Planner statistics, as autovacuum would gather them in production after a bulk load
        # (a test server may run with autovacuum off): without them PostgreSQL guesses the
        # tables small and hashes all 20,000 coaching sessions to find one driver's grades.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()
    print(
        f"Database {database}: demo academy grown to {total_drivers} drivers in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    store_nightly_standings(url)
    return url


def store_nightly_standings(url: str) -> None:
    """What `flask setup` and the nightly cron do in production: every driver's board
    standing and the current championships stored for today (the board and the dashboards read
    them; a view never stores). Without it every board view works out all the drivers."""
    from academy import create_app
    from academy.championship.current import store_current_championships
    from academy.clock import academy_today
    from academy.extensions import db
    from academy.progress.rule_sets import current_rule_set
    from academy.progress.standings import store_todays_standings

    started = time.perf_counter()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        standings = store_todays_standings(current_rule_set())
        championships = store_current_championships(academy_today())
        db.session.commit()
        db.engine.dispose()
    print(
        f"Nightly standings: {len(standings.pathways)} drivers worked out, {standings.stored} "
        f"still current; {championships} championships, in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    url: str, port: int, workers: int, root: Path = PROJECT_ROOT, redis_url: str = REDIS_URL
) -> subprocess.Popen:
    page_cache_prefix = f"load-{secrets.token_hex(4)}:"
    print(f"{root}: stored pages under {redis_url} {page_cache_prefix}*", flush=True)
    environment = {
        **os.environ,
        "ACADEMY_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "PUBLIC_BASE_URL": "https://academy.example",
        "TRUSTED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "RATELIMIT_STORAGE_URI": redis_url,
        # The stored page content on the same Redis, under a prefix of this run's own: a
        # rebuilt database numbers its versions again.
        "PAGE_CACHE_REDIS_URL": redis_url,
        "PAGE_CACHE_KEY_PREFIX": page_cache_prefix,
        "LOGIN_RATE_LIMIT": "100000 per minute",
        "LOG_LEVEL": "WARNING",
    }
    # Each checkout with its own virtual environment: the baseline runs its own code.
    gunicorn = root / ".venv" / "bin" / "gunicorn" if root != PROJECT_ROOT else None
    if gunicorn is None or not gunicorn.exists():
        gunicorn = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen(
        [
            str(gunicorn),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "app:app",
        ],
        cwd=root,
        env=environment,
    )


def wait_until_ready(base: str) -> None:
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # refused while the workers start, or slow on a busy machine
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not become ready in 120 s")


def wait_until_idle(base: str, limit_s: float = 120) -> None:
    """Wait until the server has answered what an earlier run left queued: three quick
    answers in a row from /healthz."""
    deadline = time.time() + limit_s
    quick = 0
    while quick < 3 and time.time() < deadline:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=60) as response:
                response.read()
        except OSError:  # still swamped (a timeout is an OSError): ask again
            quick = 0
            continue
        quick = quick + 1 if time.perf_counter() - started < 0.05 else 0
        time.sleep(0.2)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener():
    return urllib.request.build_opener(NoRedirect())


def session_cookie(response_headers) -> str:
    cookies = [
        value.split(";", 1)[0]
        for key, value in response_headers.items()
        if key.lower() == "set-cookie"
    ]
    return "; ".join(cookie for cookie in cookies if cookie.startswith("session="))


def login_form(base: str) -> tuple[str, str]:
    """(session cookie, CSRF token) of a fresh sign-in page."""
    request = urllib.request.Request(base + "/login", headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request) as response:
        page = response.read().decode()
        cookie = session_cookie(response.headers)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return cookie, token


def sign_in(base: str, email: str) -> str:
    cookie, token = login_form(base)
    body = urllib.parse.urlencode(
        {"csrf_token": token, "email": email, "password": DEMO_PASSWORD}
    ).encode()
    request = urllib.request.Request(
        base + "/login", data=body, headers={"Cookie": cookie, "User-Agent": USER_AGENT}
    )
    try:
        _opener().open(request)
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise
        return session_cookie(redirect.headers)
    raise RuntimeError(f"sign-in as {email} did not redirect")


def with_csrf_token(base: str, cookie: str, path: str) -> tuple[str, str]:
    """(session cookie, CSRF token) after opening a page with a form: the token lives in the
    session, so the cookie may change when it is first made."""
    request = urllib.request.Request(
        base + path, headers={"Cookie": cookie, "User-Agent": USER_AGENT}
    )
    with urllib.request.urlopen(request) as response:
        page = response.read().decode()
        cookie = session_cookie(response.headers) or cookie
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if token is None:
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return cookie, urllib.parse.quote(token.group(1))


def build_scenarios(base: str, url: str, connections: int) -> dict[str, list[str]]:
    """Request lines `METHOD\\tPATH\\tCOOKIE\\tBODY` per scenario."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        driver_ids = [
            row[0] for row in connection.execute(text("SELECT id FROM drivers ORDER BY id"))
        ]
        driver_accounts = connection.execute(
            text(
                "SELECT u.email, d.id FROM users u JOIN drivers d ON d.user_id = u.id ORDER BY d.id LIMIT 25"
            )
        ).all()
        consenting = [
            row[0]
            for row in connection.execute(
                text("SELECT id FROM drivers WHERE consent_scouting ORDER BY id LIMIT 200")
            )
        ]
    engine.dispose()
    rng = random.Random(7)
    admins = [sign_in(base, "director@asia-endurance.academy") for _ in range(connections // 2)]
    drivers = [(sign_in(base, email), driver_id) for email, driver_id in driver_accounts]
    principal, principal_token = with_csrf_token(
        base, sign_in(base, "principal.okafor@asia-endurance.academy"), "/scouting"
    )
    logins = [login_form(base) for _ in range(10)]

    def staff_page(template: str) -> list[str]:
        return [
            f"GET\t{template.format(id=rng.choice(driver_ids))}\t{rng.choice(admins)}\t"
            for _ in range(400)
        ]

    scenarios: dict[str, list[str]] = {
        "healthz": ["GET\t/healthz\t\t"],
        "login": [
            f"POST\t/login\t{cookie}\t"
            + urllib.parse.urlencode(
                {
                    "csrf_token": token,
                    "email": "director@asia-endurance.academy",
                    "password": DEMO_PASSWORD,
                }
            )
            for cookie, token in logins
        ],
        "dashboard": [f"GET\t/dashboard\t{cookie}\t" for cookie, _ in drivers],
        "driver_page": staff_page("/drivers/{id}"),
        "progress_page": staff_page("/drivers/{id}/progress")
        + [f"GET\t/drivers/{driver_id}/progress\t{cookie}\t" for cookie, driver_id in drivers],
        "cohort_board": [f"GET\t/pathway/board\t{cookie}\t" for cookie in admins],
        "dossier_download": [
            f"POST\t/scouting/drivers/{driver_id}/dossier.pdf\t{principal}\t"
            f"csrf_token={principal_token}"
            for driver_id in consenting
        ],
    }
    mix = (
        scenarios["login"] * 2
        + scenarios["dashboard"] * 4
        + scenarios["driver_page"]
        + scenarios["progress_page"]
        + scenarios["cohort_board"][:20]
        + scenarios["dossier_download"][:20]
    )
    rng.shuffle(mix)
    scenarios["mix"] = mix
    return scenarios


# The read-only pages whose content is stored (academy/page_cache.py): what --warm views.
WARMED_SCENARIOS = ("dashboard", "driver_page", "progress_page", "cohort_board")


def warm_pages(base: str, scenarios: dict[str, list[str]]) -> None:
    """Each distinct request of the stored pages' scenarios once, eight at a time."""
    from concurrent.futures import ThreadPoolExecutor

    lines = sorted({line for name in WARMED_SCENARIOS for line in scenarios.get(name, [])})

    def view(line: str) -> int:
        _, path, cookie, _ = line.split("\t")
        request = urllib.request.Request(
            base + path, headers={"Cookie": cookie, "User-Agent": USER_AGENT}
        )
        with urllib.request.urlopen(request) as response:
            response.read()
            return response.status

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(view, lines))
    wrong = sum(status != 200 for status in statuses)
    print(
        f"{base}: warmed {len(lines)} distinct pages in {time.perf_counter() - started:.1f} s"
        + (f", {wrong} not 200" if wrong else ""),
        flush=True,
    )


def run_wrk(
    base: str, script: Path, requests_file: Path, seconds: int, connections: int, think_ms: int
) -> dict:
    completed = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
            "--",
            str(requests_file),
            str(think_ms),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("WRK_JSON ")]
    if not lines:
        raise RuntimeError(f"wrk printed no figures:\n{completed.stdout}\n{completed.stderr}")
    line = lines[0]
    figures = json.loads(line.removeprefix("WRK_JSON "))
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    return figures


def run_users(base: str, lines: list[str], seconds: int, users: int, think_ms: int) -> dict:
    """`users` threads, each a person: arrive within the first `think_ms`, then open a page,
    read it for about `think_ms`, open the next. Latency is measured per request, from sending
    it to its last byte."""
    import http.client
    import statistics
    import threading

    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    requests = [line.split("\t", 3) for line in lines]
    latencies: list[float] = []
    wrong = [0]
    lock = threading.Lock()
    deadline = time.time() + seconds

    def person(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        # People arrive over one think time, not all in the same millisecond: fifty first
        # clicks at once queued up for half a second and made the p95 of every page.
        time.sleep(rng.uniform(0, think_ms / 1000))
        while time.time() < deadline:
            method, path, cookie, body = rng.choice(requests)
            headers = {"User-Agent": USER_AGENT}
            if cookie:
                headers["Cookie"] = cookie
            if method == "POST":
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body or None, headers=headers)
                response = connection.getresponse()
                response.read()
                failed = response.status >= 400 or "/login" in (
                    response.getheader("Location") or ""
                )
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
                failed = True
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                wrong[0] += failed
            time.sleep(rng.uniform(think_ms / 2000, think_ms * 1.5 / 1000))
        connection.close()

    threads = [threading.Thread(target=person, args=(seed,)) for seed in range(users)]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.time() - started
    ordered = sorted(latencies)

    def percentile(share: float) -> float:
        return (
            round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2) if ordered else 0.0
        )

    return {
        "requests": len(ordered),
        "seconds": round(duration, 3),
        "errors": wrong[0],
        "wrong_answers": wrong[0],
        "p50_ms": round(statistics.median(ordered), 2) if ordered else 0.0,
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "max_ms": round(ordered[-1], 2) if ordered else 0.0,
        "rps": round(len(ordered) / duration, 1),
    }


def describe(figures: dict) -> str:
    cpu = figures.get("cpu_ms_per_request")
    return (
        f"{figures['rps']:>8.1f} req/s  p50 {figures['p50_ms']:>7.1f} ms  p95 {figures['p95_ms']:>7.1f} ms"
        f"  p99 {figures['p99_ms']:>7.1f} ms  errors {figures['errors']}"
        + ("  CPU ms/request " + ", ".join(f"{k} {v:.2f}" for k, v in cpu.items()) if cpu else "")
    )


# --- whose CPU a request costs ------------------------------------------------------------------
# Read from /proc around each capacity run: the app (the gunicorn master and its workers),
# PostgreSQL (every postgres process: on a shared machine, other users' queries too), Redis,
# and wrk itself (this process's reaped children). Linux only; elsewhere nothing is reported.


def cpu_by_process(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the app server's processes, PostgreSQL, Redis and wrk."""
    if not Path("/proc/self/stat").exists():
        return {}
    from tests.processes import descendants, process_table

    processes = process_table()
    app = {server_pid, *descendants(server_pid, processes)}  # the workers and what they started
    totals = {"app": 0.0, "postgres": 0.0, "redis": 0.0}
    for pid, process in processes.items():
        if pid in app:
            totals["app"] += process.cpu_seconds
        elif process.command == "postgres":
            totals["postgres"] += process.cpu_seconds
        elif process.command.startswith("redis-server"):
            totals["redis"] += process.cpu_seconds
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    totals["wrk"] = children.ru_utime + children.ru_stime
    return totals


def cpu_per_request(before: dict, after: dict, requests: int) -> dict[str, float]:
    if not before or not requests:
        return {}
    return {name: round((after[name] - before[name]) * 1000 / requests, 3) for name in before}


def print_comparison(this: dict, baseline: dict) -> None:
    """Each scenario's throughput on this checkout over the baseline's, measured in one run."""
    print(
        f"\n{'scenario':<18}{'this/base rps':>14}{'this share':>12}{'base share':>12}"
        f"{'this p95':>10}{'base p95':>10}"
    )
    for name, figures in this.items():
        other = baseline.get(name)
        if not other:
            continue
        ratio = figures["rps"] / other["rps"] if other["rps"] else float("nan")
        shares = [
            f"{value:>11.1%}" if value is not None else f"{'–':>11}"
            for value in (figures["share_of_ceiling"], other["share_of_ceiling"])
        ]
        print(
            f"{name:<18}{ratio:>13.2f}x {shares[0]} {shares[1]}"
            f"{figures['p95_ms']:>10.1f}{other['p95_ms']:>10.1f}"
        )


def print_table(results: dict) -> None:
    print(
        f"\n{'scenario':<18}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'of ceiling':>12}"
    )
    for name, figures in results.items():
        share = figures["share_of_ceiling"]
        print(
            f"{name:<18}{figures['rps']:>9.1f}{figures['p50_ms']:>9.1f}{figures['p95_ms']:>9.1f}"
            f"{figures['p99_ms']:>9.1f}{figures['errors']:>8}"
            + (f"{share:>11.1%}" if share is not None else f"{'–':>12}")
        )


if __name__ == "__main__":
    sys.exit(main())
