"""A section heading never ends a page apart from what it heads (its chart or table), whatever
the length of what comes before it; lap-time charts put faster laps higher, as on the web."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from academy.dossiers.pdf import build_dossier
from academy.enums import DossierKind

SECTIONS = Path(__file__).resolve().parents[3] / "academy" / "dossiers" / "pdf" / "sections.py"
HEADINGS = set(re.findall(r'heading\("([^"]+)"', SECTIONS.read_text()))
FOOTER = re.compile(r"Page \d+ of \d+|Verification code|Verify at|Generated ")


def _last_line(page: str) -> str:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    body = [line for line in lines if not FOOTER.search(line)]
    return body[-1] if body else ""


@pytest.mark.parametrize("kind", list(DossierKind))
@pytest.mark.parametrize("results", [0, 2, 5, 9, 14])
def test_no_page_ends_with_a_section_heading(make_input, pages_of, kind, results):
    assert HEADINGS  # the section headings, read from the builder
    pages = pages_of(build_dossier(make_input(kind, results=results, sessions=30)))
    for number, page in enumerate(pages, start=1):
        last = _last_line(page)
        assert last not in HEADINGS, f"page {number} ends with the heading {last!r}"


def test_pdf_lap_charts_put_faster_laps_higher():
    from datetime import date

    from reportlab.graphics.charts.lineplots import LinePlot

    from academy.dossiers.pdf.charts import lap_progression_chart

    drawing = lap_progression_chart(
        "Sepang", [(date(2026, 1, 1), 120_000), (date(2026, 6, 1), 118_000)], 240
    )
    [plot] = [item for item in drawing.contents if isinstance(item, LinePlot)]
    (first, slower), (last, faster) = plot.data[0]
    assert first < last and faster > slower  # the later, faster lap is drawn higher
    axis = plot.yValueAxis
    assert axis.labelTextFormat(-118.0) == "1:58.0"  # labels are lap times, not negatives
