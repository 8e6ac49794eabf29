"""Dossier build speed: ms per dossier of each kind, and a batch of 200.

Run with ``.venv/bin/python tests/benchmarks/bench_dossiers.py`` (``make bench``);
``--baseline DIR`` also times another checkout's builder (e.g. a worktree of main) on the same
scouting input, the two alternating in fresh processes, with WeasyPrint in between.
The driver has 200 race results and 300 coaching sessions with 300 gradings;
the target is under 150 ms per dossier, and 45 ms for the scouting dossier (issue 18). For comparison the same scouting
content (every table, chart and heading of the reportlab story) is laid out
as HTML and printed by WeasyPrint, when it is installed (``pip install -e
'.[bench]'``); without it that comparison is skipped with a message.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

# DOSSIER_ROOT: time another checkout's builder (its academy and its test input).
ROOT = Path(os.environ.get("DOSSIER_ROOT") or Path(__file__).resolve().parents[2]).resolve()
sys.path.insert(0, str(ROOT))

from reportlab.graphics import renderSVG  # noqa: E402
from reportlab.graphics.shapes import Drawing  # noqa: E402
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table  # noqa: E402

from academy.dossiers.pdf import build_dossier  # noqa: E402
from academy.dossiers.pdf.builder import dossier_story  # noqa: E402
from academy.dossiers.pdf.flowables import TextCell  # noqa: E402

try:
    from academy.dossiers.pdf.recorded import RecordedChart  # noqa: E402
except ImportError:  # a checkout from before charts were recorded
    RecordedChart = None  # type: ignore[assignment,misc]
from academy.dossiers.pdf.model import DossierInput  # noqa: E402
from academy.enums import DossierKind  # noqa: E402
from tests.dossiers.pdf.conftest import make_dossier_input, photo_bytes  # noqa: E402

TARGET_MS = 150.0
# The scouting dossier, the one principals download by the dozen (issue 18).
SCOUTING_TARGET_MS = 45.0
RESULTS = 200
SESSIONS = 300
GRADES = 300
BATCH = 200
REPEAT = 7


def big_input(kind: DossierKind, index: int = 0) -> DossierInput:
    data = make_dossier_input(
        kind, results=RESULTS, grades=GRADES, sessions=SESSIONS, photo=photo_bytes()
    )
    code = f"{index:05d}-BENCH"
    return replace(
        data,
        driver=replace(data.driver, display_name=f"{data.driver.display_name} {index}"),
        verification=replace(
            data.verification, code=code, verify_url=f"https://academy.example/verify/{code}"
        ),
    )


def median_ms(build, repeat: int = REPEAT) -> float:
    return median_wall_and_cpu_ms(build, repeat)[0]


def median_wall_and_cpu_ms(build, repeat: int = REPEAT) -> tuple[float, float]:
    build()  # warm: fonts registered, caches filled
    wall, cpu = [], []
    for _ in range(repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        build()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
    return statistics.median(wall), statistics.median(cpu)


# ---------------------------------------------------------------- the same content as HTML


def _cell_text(value) -> str:
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, TextCell):
        return "<br>".join(html.escape(text) for text, _ in value._blocks)
    if isinstance(value, Paragraph):
        return html.escape(value.getPlainText())
    if isinstance(value, list | tuple):
        return "".join(_cell_text(v) for v in value)
    return ""


def _svg(drawing: Drawing) -> str:
    svg = renderSVG.drawToString(drawing)
    return f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}">'


def _chart_of(value) -> Drawing | None:
    if isinstance(value, Drawing):
        return value
    if RecordedChart is not None and isinstance(value, RecordedChart):
        return value.drawing()
    return None


def _html_of(flowables) -> list[str]:
    out: list[str] = []
    for flowable in flowables:
        if isinstance(flowable, Paragraph):
            out.append(
                f"<p class='{flowable.style.name}'>{html.escape(flowable.getPlainText())}</p>"
            )
        elif isinstance(flowable, Table):
            rows = flowable._cellvalues
            charts = [_chart_of(v) for row in rows for v in row]
            if any(chart is not None for chart in charts):
                out.extend(_svg(chart) for chart in charts if chart is not None)
                continue
            head, *body = rows
            out.append(
                "<table><thead><tr>"
                + "".join(f"<th>{_cell_text(v)}</th>" for v in head)
                + "</tr></thead><tbody>"
                + "".join(
                    "<tr>" + "".join(f"<td>{_cell_text(v)}</td>" for v in row) + "</tr>"
                    for row in body
                )
                + "</tbody></table>"
            )
        elif isinstance(flowable, Drawing):
            out.append(_svg(flowable))
        elif RecordedChart is not None and isinstance(flowable, RecordedChart):
            drawing = flowable.drawing()
            if drawing is not None:
                out.append(_svg(drawing))
        elif isinstance(flowable, KeepTogether):
            out.extend(_html_of(flowable._content))
        elif isinstance(flowable, Spacer):
            out.append(f"<div style='height:{flowable.height}pt'></div>")
    return out


CSS = """
@page { size: A4; margin: 18mm 18mm 26mm 18mm;
  @top-left { content: "%(academy)s"; font: bold 8pt 'Noto Sans'; color: #14284B }
  @bottom-left { content: "Verification code %(code)s · %(url)s"; font: 7pt 'Noto Sans' }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: bold 8pt 'Noto Sans' }
}
body { font: 9.5pt/1.4 'Noto Sans', 'Noto Sans CJK JP', 'Noto Sans Thai', sans-serif; color: #1B1F27 }
p.h2 { font-size: 11.5pt; font-weight: bold; color: #14284B; margin: 10pt 0 4pt }
p.h3 { font-size: 9.5pt; font-weight: bold; color: #4A5D7A }
p.muted, p.note { font-size: 8pt; color: #5E6673 }
table { width: 100%%; border-collapse: collapse; font-size: 7.5pt; line-height: 9.5pt }
thead { display: table-header-group }
th { background: #14284B; color: white; text-align: left; padding: 2.5pt 3pt }
td { padding: 2.5pt 3pt; border-bottom: 0.25pt solid #C9D1DE; vertical-align: top }
tr:nth-child(even) td { background: #EEF1F6 }
img { width: 100%% }
"""


def scouting_html(data: DossierInput) -> str:
    story = dossier_story(replace(data, kind=DossierKind.SCOUTING))
    css = CSS % {
        "academy": data.academy_name,
        "code": data.verification.code,
        "url": data.verification.verify_url,
    }
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head>"
        f"<body>{''.join(_html_of(story))}</body></html>"
    )


def scouting_only(repeat: int) -> None:
    """This checkout's scouting dossier alone: wall and CPU medians, as JSON (for --baseline)."""
    data = big_input(DossierKind.SCOUTING)
    wall, cpu = median_wall_and_cpu_ms(lambda: build_dossier(data), repeat)
    figures = {"wall_ms": wall, "cpu_ms": cpu}
    if RecordedChart is not None:
        from academy.dossiers.pdf.recorded import forget_recordings

        def first_of_its_data() -> None:
            forget_recordings()
            build_dossier(data)

        figures["cold_wall_ms"], figures["cold_cpu_ms"] = median_wall_and_cpu_ms(
            first_of_its_data, repeat
        )
    print("BENCH_JSON " + json.dumps(figures))


def side_by_side(baseline: Path, rounds: int, repeat: int) -> None:
    """The scouting dossier of ``baseline`` and of this checkout, alternating in fresh
    processes, and WeasyPrint on the same content between rounds: medians of the rounds."""
    import weasyprint

    sides = {"baseline": baseline.resolve(), "this": ROOT}
    figures: dict[str, list[float]] = {}
    document = scouting_html(big_input(DossierKind.SCOUTING))
    for round_number in range(rounds):
        for side, root in sides.items():
            answer = subprocess.run(
                [sys.executable, __file__, "--scouting-only", str(repeat)],
                env={**os.environ, "DOSSIER_ROOT": str(root)},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            measured = json.loads(answer.rsplit("BENCH_JSON ", 1)[1])
            for name, value in measured.items():
                figures.setdefault(f"{side}_{name}", []).append(value)
        wall, cpu = median_wall_and_cpu_ms(
            lambda: weasyprint.HTML(string=document).write_pdf(), repeat=2
        )
        figures.setdefault("weasyprint_wall_ms", []).append(wall)
        figures.setdefault("weasyprint_cpu_ms", []).append(cpu)
        print(
            f"  round {round_number + 1}: "
            + ", ".join(f"{name} {values[-1]:.1f}" for name, values in figures.items()),
            flush=True,
        )
    medians = {name: round(statistics.median(values), 1) for name, values in figures.items()}
    for side in sides:
        for clock in ("wall", "cpu"):
            medians[f"weasyprint_to_{side}_{clock}_ratio"] = round(
                medians[f"weasyprint_{clock}_ms"] / medians[f"{side}_{clock}_ms"], 1
            )
    with open("/proc/loadavg") as load:
        medians["load_average_1min"] = float(load.read().split()[0])
    print(
        f"Scouting dossier, {rounds} rounds of {repeat} builds (median of the round medians):\n"
        f"  baseline ({sides['baseline']}): {medians['baseline_wall_ms']} ms "
        f"(CPU {medians['baseline_cpu_ms']} ms), WeasyPrint takes "
        f"{medians['weasyprint_to_baseline_wall_ratio']}x as long "
        f"({medians['weasyprint_to_baseline_cpu_ratio']}x the CPU)\n"
        f"  this checkout: {medians['this_wall_ms']} ms (CPU {medians['this_cpu_ms']} ms), "
        f"WeasyPrint takes {medians['weasyprint_to_this_wall_ratio']}x as long "
        f"({medians['weasyprint_to_this_cpu_ratio']}x the CPU); the first dossier of a "
        f"driver's facts (charts drawn and recorded): {medians.get('this_cold_wall_ms')} ms "
        f"(CPU {medians.get('this_cold_cpu_ms')} ms)\n"
        f"  WeasyPrint: {medians['weasyprint_wall_ms']} ms (CPU {medians['weasyprint_cpu_ms']} ms); "
        f"load average "
        f"{medians['load_average_1min']}"
    )
    print("BENCH_JSON " + json.dumps(medians))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to time side by side")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scouting-only", type=int, metavar="REPEAT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scouting_only:
        scouting_only(args.scouting_only)
    elif args.baseline:
        side_by_side(args.baseline, args.rounds, REPEAT)
    else:
        all_kinds()


def all_kinds() -> None:
    print(
        f"Dossier builds: {RESULTS} results, {SESSIONS} sessions, {GRADES} gradings "
        f"(target < {TARGET_MS:.0f} ms per dossier, {SCOUTING_TARGET_MS:.0f} ms for scouting)"
    )
    per_kind: dict[DossierKind, float] = {}
    for kind in DossierKind:
        data = big_input(kind)
        ms = median_ms(lambda data=data: build_dossier(data))
        per_kind[kind] = ms
        pages = build_dossier(data).count(b"/Type /Page\n")
        target = SCOUTING_TARGET_MS if kind is DossierKind.SCOUTING else TARGET_MS
        verdict = "ok" if ms < target else "OVER TARGET"
        print(
            f"  {kind.value:<11} {ms:7.1f} ms  ({len(build_dossier(data)) // 1024} KiB, "
            f"{pages} pages)  {verdict}"
        )

    batch = [big_input(DossierKind.SCOUTING, index) for index in range(BATCH)]
    start = time.perf_counter()
    total_bytes = sum(len(build_dossier(data)) for data in batch)
    elapsed = time.perf_counter() - start
    print(
        f"  batch of {BATCH} scouting dossiers: {elapsed:.1f} s, "
        f"{BATCH / elapsed:.1f} dossiers/s, {total_bytes / 1024 / 1024:.1f} MiB"
    )

    figures = {f"{kind.value}_ms_per_dossier": round(ms, 1) for kind, ms in per_kind.items()}
    figures["batch_200_scouting_seconds"] = round(elapsed, 2)
    figures["batch_dossiers_per_second"] = round(BATCH / elapsed, 1)
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: the Pango libraries are missing
        print(
            f"  WeasyPrint comparison skipped: weasyprint not importable ({error}). "
            "Install it with: .venv/bin/pip install -e '.[bench]'"
        )
        print("BENCH_JSON " + json.dumps(figures))
        return
    data = big_input(DossierKind.SCOUTING)
    document = scouting_html(data)
    weasy_ms = median_ms(lambda: weasyprint.HTML(string=document).write_pdf(), repeat=3)
    html_ms = median_ms(lambda: scouting_html(data), repeat=3)
    ours = per_kind[DossierKind.SCOUTING]
    print(
        f"  WeasyPrint {weasyprint.__version__}, same scouting content: {weasy_ms:.1f} ms "
        f"(+{html_ms:.1f} ms to write the HTML); reportlab is {weasy_ms / ours:.1f}x faster"
    )
    figures["weasyprint_scouting_ms"] = round(weasy_ms, 1)
    figures["weasyprint_to_reportlab_ratio"] = round(weasy_ms / ours, 1)
    print("BENCH_JSON " + json.dumps(figures))


if __name__ == "__main__":
    main()
