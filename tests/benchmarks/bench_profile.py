"""Where each main page's time goes: pyinstrument over many requests, in process, on the load
database (PostgreSQL, the demo academy grown to 2,000 drivers, production settings), each
sample's time given to the innermost layer it was in: SQL (the driver and the wait for
PostgreSQL), SQL statement building, ORM object building, Jinja, Flask-Login, the session
cookie, CSRF, logging, rate limits, Flask/Werkzeug, the pathway engine, PDF layout, fonts,
charts, the rest of the academy's own code. Then the fixed cost of a signed-in request: the driver
page's route with its view answering a constant, then the layout alone, then the page.

    python tests/benchmarks/bench_profile.py [--database academy_load] [--repeat 30]
        [--drivers 2000] [--html DIR]

The database is built as `make load` builds it when it is missing (or holds another number of
drivers) and reused otherwise. `make profile` runs this alone. Figures are milliseconds of wall
time per request in process (no network, no gunicorn) and each layer's share of it; CPU
milliseconds and Python calls per request beside them (calls are the same on a busy machine).
Set PROFILE_ROOT to profile another checkout (e.g. main) on the same database, alternately.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import json
import os
import pstats
import re
import secrets
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
# PROFILE_ROOT: profile another checkout's code (run with its .venv's python) on the same
# database, e.g. a worktree of main, for a before/after pair from one sitting.
PROJECT_ROOT = Path(os.environ.get("PROFILE_ROOT") or HERE.parents[1]).resolve()
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT_ROOT))

import load  # noqa: E402  (the same database as `make load`)

sys.path.insert(0, str(PROJECT_ROOT))  # load.py puts its own checkout first

# (layer, substrings of a frame's file path or function); a frame belongs to the first layer
# that matches it, and a sample to the innermost frame that belongs to one.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "charts",
        (
            "academy/dossiers/pdf/charts.py",
            "academy/dossiers/pdf/recorded.py",
            "reportlab/graphics/",
        ),
    ),
    (
        "fonts",
        (
            "academy/dossiers/pdf/fonts.py",
            "academy/dossiers/pdf/shaping.py",
            "reportlab/pdfbase/ttfonts.py",
            "fontTools/",
            "uharfbuzz",
        ),
    ),
    ("QR code", ("qrcode/",)),
    ("PDF layout", ("reportlab/", "academy/dossiers/", "PIL/")),
    ("SQL", ("psycopg/", "psycopg_binary", "sqlalchemy/engine/", "sqlalchemy/pool/")),
    ("SQL statement building", ("sqlalchemy/sql/",)),
    ("ORM object building", ("sqlalchemy/orm/", "sqlalchemy/util/", "flask_sqlalchemy/")),
    ("Jinja", ("jinja2/", "markupsafe/", "templates/", ".html")),
    ("Flask-Login", ("flask_login/",)),
    ("session cookie", ("flask/sessions.py", "itsdangerous/", "hashlib", "hmac")),
    ("CSRF", ("flask_wtf/", "wtforms/")),
    ("logging", ("logging/", "academy/logs.py", "json/")),
    ("rate limits", ("flask_limiter/", "limits/", "redis/")),
    ("Flask/Werkzeug", ("flask/", "werkzeug/")),
    ("pathway engine", ("academy/pathway/",)),
    ("academy code", ("academy/",)),
]
OTHER = "other"
# Production cookies are Secure: the test client sends them over https only.
BASE_URL = "https://127.0.0.1"


@dataclass(frozen=True)
class _Where:
    file_path: str
    function: str


def layer_of(frame) -> str | None:
    where = (frame.file_path or "") + " " + (frame.function or "")
    for layer, markers in LAYERS:
        if any(marker in where for marker in markers):
            return layer
    return None


def attribute(frame, inherited: str, totals: dict[str, float]) -> None:
    layer = layer_of(frame) or inherited
    own = frame.time - sum(child.time for child in frame.children)
    totals[layer] = totals.get(layer, 0.0) + max(own, 0.0)
    for child in frame.children:
        attribute(child, layer, totals)


def production_app(url: str):
    """The app as gunicorn serves it in `make load`: production settings, Redis rate limits."""
    os.environ.update(
        {
            "ACADEMY_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "PUBLIC_BASE_URL": "https://academy.example",
            "TRUSTED_HOSTS": "127.0.0.1",
            "DATABASE_URL": url,
            "RATELIMIT_STORAGE_URI": load.REDIS_URL,
            "LOGIN_RATE_LIMIT": "100000 per minute",
            "LOG_LEVEL": "WARNING",
        }
    )
    if "config" in sys.modules:  # read at import: a database just built imported it unset
        importlib.reload(sys.modules["config"])
    from academy import create_app

    return create_app()


def signed_in_client(app, email: str):
    client = app.test_client()
    headers = {"User-Agent": load.USER_AGENT, "Referer": BASE_URL + "/"}
    page = client.get("/login", headers=headers, base_url=BASE_URL).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": load.DEMO_PASSWORD},
        headers=headers,
        base_url=BASE_URL,
    )
    assert answer.status_code == 302, (email, answer.status_code)
    return client


def csrf_token_of(client, path: str) -> str:
    page = client.get(path, headers={"User-Agent": load.USER_AGENT}, base_url=BASE_URL)
    page = page.get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("PROFILE_DATABASE", load.DATABASE))
    parser.add_argument("--drivers", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--html", type=Path, help="also write each page's pyinstrument HTML here")
    parser.add_argument("--only", help="comma-separated page names")
    parser.add_argument("--show", action="store_true", help="print each page's call tree")
    args = parser.parse_args()
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is not installed: pip install -e '.[bench]' (make bench does)")
        return 2

    url = load.prepare_database(args.database, args.drivers, reuse=True)
    app = production_app(url)
    import academy

    print(f"Profiling {Path(academy.__file__).parent}", flush=True)
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        driver_ids = [row[0] for row in connection.execute(text("SELECT id FROM drivers"))]
        driver_email, own_id = connection.execute(
            text(
                "SELECT u.email, d.id FROM users u JOIN drivers d ON d.user_id = u.id "
                "ORDER BY d.id LIMIT 1"
            )
        ).one()
        consenting = [
            row[0]
            for row in connection.execute(
                text("SELECT id FROM drivers WHERE consent_scouting ORDER BY id LIMIT 50")
            )
        ]
    engine.dispose()

    director = signed_in_client(app, "director@asia-endurance.academy")
    coach = signed_in_client(app, "coach.tanaka@asia-endurance.academy")
    principal = signed_in_client(app, "principal.okafor@asia-endurance.academy")
    driver = signed_in_client(app, driver_email)
    anonymous = app.test_client()
    principal_token = csrf_token_of(principal, "/scouting")
    step = max(1, len(driver_ids) // 97)
    sample_ids = driver_ids[::step]

    def pick(index: int, ids: list[int]) -> int:
        return ids[index % len(ids)]

    # name -> (client, method, path for the i-th request, form data)
    pages = {
        "healthz": (anonymous, "GET", lambda i: "/healthz", None),
        "dashboard_director": (director, "GET", lambda i: "/dashboard", None),
        "dashboard_coach": (coach, "GET", lambda i: "/dashboard", None),
        "dashboard_principal": (principal, "GET", lambda i: "/dashboard", None),
        "dashboard_driver": (driver, "GET", lambda i: "/dashboard", None),
        "driver_page": (director, "GET", lambda i: f"/drivers/{pick(i, sample_ids)}", None),
        "progress_page": (
            director,
            "GET",
            lambda i: f"/drivers/{pick(i, sample_ids)}/progress",
            None,
        ),
        "progress_own": (driver, "GET", lambda i: f"/drivers/{own_id}/progress", None),
        "api_pathway": (
            director,
            "GET",
            lambda i: f"/api/v1/drivers/{pick(i, sample_ids)}/pathway",
            None,
        ),
        "cohort_board": (director, "GET", lambda i: "/pathway/board", None),
        "scouting_list": (principal, "GET", lambda i: "/scouting", None),
        # A different driver each time: each dossier the first of its driver's facts.
        "scouting_dossier": (
            principal,
            "POST",
            lambda i: f"/scouting/drivers/{pick(i, consenting)}/dossier.pdf",
            {"csrf_token": principal_token},
        ),
        # One driver again and again: the charts, photo and font subsets of these facts kept.
        "scouting_dossier_again": (
            principal,
            "POST",
            lambda i: f"/scouting/drivers/{consenting[0]}/dossier.pdf",
            {"csrf_token": principal_token},
        ),
    }
    # The board evaluates every driver and a dossier is laid out page by page: fewer of them.
    repeats = {
        "cohort_board": max(3, args.repeat // 10),
        "scouting_dossier": args.repeat // 2,
        "scouting_dossier_again": args.repeat // 2,
    }
    headers = {"User-Agent": load.USER_AGENT, "Referer": BASE_URL + "/"}
    figures: dict[str, float] = {}
    table: dict[str, tuple[float, float, float, dict[str, float]]] = {}
    cpu_table: dict[str, tuple[float, float, float, dict[str, float]]] = {}
    calls: dict[str, float] = {}
    from sqlalchemy import event

    from academy.extensions import db

    statements = [0]
    with app.app_context():
        engine_of_app = db.engine

    @event.listens_for(engine_of_app, "before_cursor_execute")
    def count(*_args) -> None:
        statements[0] += 1

    wanted = set(args.only.split(",")) if args.only else None
    for name, (client, method, path_of, data) in pages.items():
        if wanted and name not in wanted:
            continue
        repeat = repeats.get(name, args.repeat)
        for warm in range(2):  # templates compiled, fonts loaded, caches filled
            client.open(path_of(warm), method=method, data=data, headers=headers, base_url=BASE_URL)
        profiler = Profiler(interval=0.0005)
        statements[0] = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        profiler.start()
        for index in range(repeat):
            answer = client.open(
                path_of(index), method=method, data=data, headers=headers, base_url=BASE_URL
            )
            assert answer.status_code == 200, (name, path_of(index), answer.status_code)
        profiler.stop()
        per_request = (time.perf_counter() - started) * 1000 / repeat
        cpu_per_request = (time.process_time() - cpu_started) * 1000 / repeat
        statements_per_request = statements[0] / repeat
        totals: dict[str, float] = {}
        root = profiler.last_session.root_frame()
        if root is not None:
            attribute(root, OTHER, totals)
        whole = sum(totals.values()) or 1.0
        shares = {layer: value / whole for layer, value in totals.items()}
        table[name] = (per_request, cpu_per_request, statements_per_request, shares)
        # The same requests again under cProfile with a CPU clock: what this process's CPU
        # (the thing that limits requests per second) is spent on, each function's own time
        # given to its own layer (the wall-time view above counts waiting for PostgreSQL).
        cpu_profile = cProfile.Profile(time.process_time)
        cpu_profile.enable()
        for index in range(repeat):
            client.open(
                path_of(index), method=method, data=data, headers=headers, base_url=BASE_URL
            )
        cpu_profile.disable()
        cpu_totals: dict[str, float] = {}
        stats = pstats.Stats(cpu_profile)
        # Python function calls per request: unlike milliseconds, the same on a busy machine
        # as on a quiet one, so before and after compare exactly.
        figures[f"{name}_python_calls"] = round(stats.total_calls / repeat)
        for (file_path, _line, function), row in stats.stats.items():
            layer = layer_of(_Where(file_path, function)) or OTHER
            cpu_totals[layer] = cpu_totals.get(layer, 0.0) + row[2]
        cpu_whole = sum(cpu_totals.values()) or 1.0
        calls[name] = stats.total_calls / repeat
        cpu_table[name] = (
            per_request,
            cpu_per_request,
            statements_per_request,
            {layer: value / cpu_whole for layer, value in cpu_totals.items()},
        )
        for layer, value in cpu_totals.items():
            if value / cpu_whole >= 0.005:
                key = re.sub(r"[^a-z]+", "_", layer.lower()).strip("_")
                figures[f"{name}_cpu_{key}_pct"] = round(value / cpu_whole * 100, 1)
        figures[f"{name}_ms"] = round(per_request, 2)
        figures[f"{name}_cpu_ms"] = round(cpu_per_request, 2)
        figures[f"{name}_statements"] = round(statements_per_request, 1)
        for layer, share in shares.items():
            if share >= 0.005:
                key = re.sub(r"[^a-z]+", "_", layer.lower()).strip("_")
                figures[f"{name}_{key}_pct"] = round(share * 100, 1)
        if args.html:
            args.html.mkdir(parents=True, exist_ok=True)
            (args.html / f"{name}.html").write_text(profiler.output_html())
        if args.show:
            print(f"== {name}")
            print(profiler.output_text(unicode=True, show_all=False))
    print("Wall time by layer (pyinstrument; a sample goes to the innermost layer it is in)")
    print_table(table)
    print("\nCPU by layer (cProfile on a CPU clock; each function's own time goes to its layer)")
    print_table(cpu_table)
    print("\nPython function calls per request (machine-independent)")
    for name, count in calls.items():
        print(f"  {name:<22}{count:>10,.0f}")
    if not wanted or "driver_page" in wanted:
        overhead = request_overhead(app, director, sample_ids, headers, args.repeat * 5)
        print(
            "\nFixed cost of a signed-in request (the driver page's route, its view swapped; "
            "CPU median):"
        )
        for name, (cpu_ms, python_calls) in overhead.items():
            print(f"  {name:<34}{cpu_ms:>7.2f} ms CPU{python_calls:>8,} calls")
            key = re.sub(r"[^a-z]+", "_", name.lower()).strip("_")
            figures[f"overhead_{key}_cpu_ms"] = round(cpu_ms, 3)
            figures[f"overhead_{key}_python_calls"] = python_calls
        print(
            "  (a constant: session, sign-in (one user load), CSRF, rate limit, hooks, headers; "
            "the layout: base.html with its navigation as well)"
        )
    with open("/proc/loadavg") as load_average:
        figures["load_average_1min"] = float(load_average.read().split()[0])
    print(f"Load average: {figures['load_average_1min']}")
    print("BENCH_JSON " + json.dumps(figures))
    return 0


def request_overhead(app, client, driver_ids: list[int], headers: dict[str, str], repeat: int):
    """CPU and Python calls per request of the driver page's route with its view answering a
    constant, then rendering only the layout, then the real view: what every signed-in page
    pays before it does its own work."""
    from flask import render_template

    real_view = app.view_functions["drivers.profile"]
    with app.app_context():
        layout = app.jinja_env.from_string(
            '{% extends "base.html" %}{% block content %}-{% endblock %}'
        )

    def constant(driver_id: int) -> str:
        return "-"

    def layout_only(driver_id: int) -> str:
        return render_template(layout)

    views = {
        "a constant": constant,
        "the layout only": layout_only,
        "the driver page": real_view,
    }
    measured: dict[str, tuple[float, int]] = {}
    try:
        for name, view in views.items():
            app.view_functions["drivers.profile"] = view
            paths = [f"/drivers/{driver_ids[i % len(driver_ids)]}" for i in range(repeat)]
            for path in paths[:5]:
                client.get(path, headers=headers, base_url=BASE_URL)
            cpu = []
            for path in paths:
                started = time.process_time()
                answer = client.get(path, headers=headers, base_url=BASE_URL)
                cpu.append((time.process_time() - started) * 1000)
                assert answer.status_code == 200, (name, answer.status_code)
            profile = cProfile.Profile()
            profile.enable()
            for path in paths[:50]:
                client.get(path, headers=headers, base_url=BASE_URL)
            profile.disable()
            python_calls = round(pstats.Stats(profile).total_calls / min(50, len(paths)))
            measured[name] = (statistics.median(cpu), python_calls)
    finally:
        app.view_functions["drivers.profile"] = real_view
    return measured


def print_table(table: dict[str, tuple[float, float, float, dict[str, float]]]) -> None:
    layers = [layer for layer, _ in LAYERS] + [OTHER]
    used = [
        layer for layer in layers if any(row[-1].get(layer, 0) >= 0.005 for row in table.values())
    ]
    short = {
        layer: layer.replace(" statement building", " build").replace(" object building", "")
        for layer in used
    }
    width = max(len(name) for name in table) + 2
    print(
        f"{'page':<{width}}{'ms':>7}{'cpu ms':>7}{'stmts':>6}"
        + "".join(f"{short[layer][:11]:>12}" for layer in used)
    )
    for name, (per_request, cpu, statements, shares) in table.items():
        cells = "".join(
            f"{shares.get(layer, 0) * 100:>11.1f}%"
            if shares.get(layer, 0) >= 0.005
            else f"{'':>12}"
            for layer in used
        )
        print(f"{name:<{width}}{per_request:>7.1f}{cpu:>7.1f}{statements:>6.0f}{cells}")
    print(
        "(ms: wall time per request in process; cpu ms: this process's CPU, PostgreSQL's not "
        "counted; stmts: SQL statements per request; %: share of sampled wall time per layer)"
    )


if __name__ == "__main__":
    sys.exit(main())
