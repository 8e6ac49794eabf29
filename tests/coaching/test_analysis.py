"""From loaded grades and sessions to history, medians, lap progressions and the board order."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace as Row

from academy.coaching.analysis import (
    cohort_rows,
    grade_lines,
    lap_progressions,
    medians,
    sort_rows,
    trend_points,
)
from academy.enums import SessionType


def _grade(session_id, competency_id, revision, score):
    return Row(session_id=session_id, competency_id=competency_id, revision=revision, score=score)


def test_grade_line_keeps_every_revision_and_the_last_is_current():
    lines = grade_lines([_grade(1, 5, 2, 8), _grade(1, 5, 1, 6), _grade(1, 6, 1, 4)])
    line = lines[1][5]
    assert [g.score for g in line.history] == [6, 8]
    assert line.current.score == 8 and line.revised
    assert not lines[1][6].revised


def test_trend_points_use_the_current_revision_in_date_order():
    sessions = [
        Row(
            id=1,
            held_on=date(2026, 3, 1),
            circuit=None,
            simulator_title="",
            session_type=SessionType.MEDIA,
        ),
        Row(
            id=2,
            held_on=date(2026, 1, 1),
            circuit=None,
            simulator_title="",
            session_type=SessionType.MEDIA,
        ),
    ]
    lines = grade_lines([_grade(1, 5, 1, 6), _grade(1, 5, 2, 7), _grade(2, 5, 1, 4)])
    assert [(p.on, p.score) for p in trend_points(sessions, lines)[5]] == [
        (date(2026, 1, 1), 4),
        (date(2026, 3, 1), 7),
    ]


def test_median_of_an_even_number_of_drivers_is_the_middle_pair_average():
    latest = [
        Row(driver_id=d, competency_id=1, score=s) for d, s in ((1, 4), (2, 6), (3, 7), (4, 9))
    ]
    assert medians(latest) == {1: 6.5}


def test_lap_progression_gap_is_zero_when_the_driver_holds_the_cohort_best():
    circuit = Row(id=3, name="Sepang")
    sessions = [
        Row(
            session_type=SessionType.TRACK,
            circuit=circuit,
            best_lap_ms=116_000,
            held_on=date(2026, 2, 1),
        )
    ]
    [laps] = lap_progressions(sessions, [], {3: 116_000})
    assert (laps.personal_best_ms, laps.gap_ms) == (116_000, 0)


def test_lap_progression_merges_races_at_the_same_circuit():
    circuit = Row(id=3, name="Sepang")
    sessions = [
        Row(
            session_type=SessionType.TRACK,
            circuit=circuit,
            best_lap_ms=118_000,
            held_on=date(2026, 2, 1),
        )
    ]
    races = [
        Row(
            on=date(2026, 1, 1),
            circuit_id=3,
            circuit_name="Sepang",
            best_lap_ms=117_500,
            race="Race 1",
        )
    ]
    [laps] = lap_progressions(sessions, races, {3: 116_000})
    assert [(p.source, p.lap_ms) for p in laps.points] == [("race", 117_500), ("session", 118_000)]
    assert laps.gap_ms == 1_500


def test_board_sorts_averages_descending_with_ungraded_last():
    drivers = [
        Row(id=i, legal_name=name, cohort=None) for i, name in ((1, "A"), (2, "B"), (3, "C"))
    ]
    latest = [
        Row(driver_id=1, competency_id=1, score=5),
        Row(driver_id=2, competency_id=1, score=9),
    ]
    rows = cohort_rows(drivers, latest, {}, {1})
    ordered = sort_rows(rows, "average", True, [])
    assert [row.driver.legal_name for row in ordered] == ["B", "A", "C"]
