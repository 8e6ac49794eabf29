"""The SVG charts: well-formed, carrying their data, escaping every text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from academy.coaching.charts import (
    LapPoint,
    RadarAxis,
    TrendPoint,
    lap_chart,
    radar_chart,
    trend_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def test_trend_chart_has_one_point_per_grade_in_date_order():
    points = [
        TrendPoint(date(2026, 3, 1), 7),
        TrendPoint(date(2026, 1, 1), 5),
        TrendPoint(date(2026, 5, 1), 8),
    ]
    svg = _parse(trend_chart("Racecraft", points))
    circles = list(svg.iter(f"{SVG}circle"))
    assert [(c.get("data-date"), c.get("data-score")) for c in circles] == [
        ("2026-01-01", "5"),
        ("2026-03-01", "7"),
        ("2026-05-01", "8"),
    ]


def test_trend_chart_places_higher_scores_higher():
    svg = _parse(
        trend_chart("Racecraft", [TrendPoint(date(2026, 1, 1), 3), TrendPoint(date(2026, 2, 1), 9)])
    )
    low, high = svg.iter(f"{SVG}circle")
    assert float(high.get("cy")) < float(low.get("cy"))
    assert float(high.get("cx")) > float(low.get("cx"))


def test_trend_line_rises_for_improving_grades():
    points = [
        TrendPoint(date(2026, month, 1), score) for month, score in ((1, 4), (3, 5), (5, 7), (7, 8))
    ]
    fit = _parse(trend_chart("Consistency", points)).find(f"{SVG}line[@class='trend-fit']")
    assert float(fit.get("data-from")) < float(fit.get("data-to"))


def test_trend_chart_without_grades_says_so():
    svg = _parse(trend_chart("Media", []))
    assert list(svg.iter(f"{SVG}circle")) == []
    assert "not graded yet" in "".join(svg.itertext())


def test_chart_text_is_escaped():
    markup = str(
        trend_chart('<script>alert("x")</script> & co', [TrendPoint(date(2026, 1, 1), 5, "<b>")])
    )
    assert "<script>" not in markup and "<b>" not in markup
    svg = _parse(markup)
    assert svg.findtext(f"{SVG}text").startswith('<script>alert("x")</script> & co')


def test_radar_carries_value_and_median_per_competency():
    axes = [
        RadarAxis("Racecraft", 8, 6.5),
        RadarAxis("Consistency", 7, 7.0),
        RadarAxis("Media", None, 5.0),
    ]
    svg = _parse(radar_chart(axes, median_label="2026 Intake median"))
    points = {
        c.get("data-competency"): (c.get("data-value"), c.get("data-median"))
        for c in svg.iter(f"{SVG}circle")
    }
    assert points == {"Racecraft": ("8", "6.5"), "Consistency": ("7", "7"), "Media": ("", "5")}
    assert svg.find(f"{SVG}polygon[@class='series-median']") is not None


def test_radar_needs_three_axes():
    svg = _parse(radar_chart([RadarAxis("Racecraft", 8, 6.0)]))
    assert "at least three competencies" in "".join(svg.itertext())


def test_radar_escapes_labels():
    axes = [RadarAxis("A & B", 5, 5), RadarAxis("<C>", 5, 5), RadarAxis('"D"', 5, 5)]
    svg = _parse(radar_chart(axes))
    assert {c.get("data-competency") for c in svg.iter(f"{SVG}circle")} == {"A & B", "<C>", '"D"'}


def test_lap_chart_draws_faster_laps_higher_and_the_cohort_best():
    points = [
        LapPoint(date(2026, 1, 1), 120_000, "session"),
        LapPoint(date(2026, 6, 1), 117_000, "race"),
    ]
    svg = _parse(lap_chart("Sepang", points, 116_000))
    session = svg.find(f"{SVG}circle[@data-source='session']")
    race = svg.find(f"{SVG}rect[@data-source='race']")
    assert (session.get("data-ms"), race.get("data-ms")) == ("120000", "117000")
    assert float(race.get("y")) < float(session.get("cy"))
    best = svg.find(f"{SVG}line[@class='cohort-best']")
    assert best.get("data-ms") == "116000"
    assert float(best.get("y1")) < float(race.get("y"))
