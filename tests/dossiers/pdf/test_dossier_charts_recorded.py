"""Charts are recorded once per data version and replayed: the same bytes as drawing them,
and new facts draw a new chart."""

from __future__ import annotations

from dataclasses import replace

import pytest

from academy.dossiers.pdf import build_dossier, sections
from academy.dossiers.pdf.recorded import RecordedChart, forget_recordings, recorded_chart
from academy.enums import DossierKind


@pytest.fixture(autouse=True)
def _no_recordings_between_tests():
    forget_recordings()
    yield
    forget_recordings()


def _drawn_live(monkeypatch) -> None:
    monkeypatch.setattr(sections, "recorded_chart", lambda build, *args: build(*args))


@pytest.mark.parametrize("kind", list(DossierKind))
def test_a_replayed_chart_gives_the_bytes_of_the_chart_drawn_live(make_input, monkeypatch, kind):
    data = make_input(kind, results=9, sessions=30)
    build_dossier(data)  # records every chart
    replayed = build_dossier(data)
    _drawn_live(monkeypatch)
    assert replayed == build_dossier(data)


def test_a_changed_grade_draws_the_grading_chart_again(make_input, monkeypatch):
    data = make_input(DossierKind.SCOUTING, results=9, sessions=30)
    before = build_dossier(data)  # the charts of these grades are now recorded
    first = data.grades[0]
    changed = replace(data, grades=(replace(first, score=10 - first.score), *data.grades[1:]))
    with_recordings = build_dossier(changed)
    _drawn_live(monkeypatch)
    assert with_recordings == build_dossier(changed)
    assert with_recordings != before


def test_a_changed_lap_draws_the_lap_chart_again(make_input, monkeypatch):
    data = make_input(DossierKind.SCOUTING, results=9, sessions=30)
    before = build_dossier(data)
    timed = next(i for i, s in enumerate(data.sessions) if s.best_lap_ms)
    faster = replace(data.sessions[timed], best_lap_ms=data.sessions[timed].best_lap_ms - 900)
    sessions_now = (*data.sessions[:timed], faster, *data.sessions[timed + 1 :])
    changed = replace(data, sessions=sessions_now)
    with_recordings = build_dossier(changed)
    _drawn_live(monkeypatch)
    assert with_recordings == build_dossier(changed)
    assert with_recordings != before


def test_a_chart_is_built_once_for_the_same_facts():
    built = []

    def chart(values, width):
        from academy.dossiers.pdf.charts import cohort_chart

        built.append(values)
        return cohort_chart(("Racecraft",), values, (5.0,), width)

    first = recorded_chart(chart, (7.0,), 300.0)
    again = recorded_chart(chart, (7.0,), 300.0)
    other = recorded_chart(chart, (8.0,), 300.0)
    assert isinstance(first, RecordedChart) and isinstance(other, RecordedChart)
    assert built == [(7.0,), (8.0,)]
    assert first.recording is again.recording
    assert first.recording != other.recording
