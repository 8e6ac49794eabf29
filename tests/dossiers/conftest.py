"""Helpers for the dossier web tests: a small race history, coaching with grades, and reading a
downloaded PDF the way a person would (its text, through pypdf)."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from academy.enums import RaceClass, ResultStatus, SessionType
from academy.extensions import db
from academy.models import (
    Circuit,
    CoachingSession,
    Competency,
    Event,
    Grade,
    RaceEntry,
    Result,
    Season,
    Series,
)
from academy.rubric import ensure_default_rubric

_numbers = itertools.count(1)
CO_DRIVER = "Jonas Ødegård"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Text with every run of whitespace as one space (tables wrap names over lines)."""
    return " ".join(text.split())


@pytest.fixture
def rubric(app) -> dict[str, Competency]:
    ensure_default_rubric()
    db.session.commit()
    return {c.key: c for c in db.session.execute(db.select(Competency)).scalars()}


def circuit(name: str = "Sepang International Circuit") -> Circuit:
    found = db.session.execute(db.select(Circuit).where(Circuit.name == name)).scalar_one_or_none()
    if found is None:
        found = Circuit(name=name, country="MYS", length_km=Decimal("5.543"))
        db.session.add(found)
        db.session.flush()
    return found


def season(code: str = "ALMS", label: str = "2025-26") -> Season:
    series = db.session.execute(db.select(Series).where(Series.code == code)).scalar_one_or_none()
    if series is None:
        series = Series(code=code, name={"ALMS": "Asian Le Mans Series"}.get(code, code))
        db.session.add(series)
        db.session.flush()
    found = db.session.execute(
        db.select(Season).where(Season.series_id == series.id, Season.label == label)
    ).scalar_one_or_none()
    if found is None:
        found = Season(series_id=series.id, label=label, starts_on=date(2025, 12, 1))
        db.session.add(found)
        db.session.flush()
    return found


def make_race(
    driver,
    *,
    on: date = date(2025, 12, 13),
    name: str | None = None,
    race_class: RaceClass = RaceClass.LMP3,
    position: int | None = 2,
    status: ResultStatus = ResultStatus.CLASSIFIED,
    team: str = "Phoenix Endurance",
    co_driver: str = CO_DRIVER,
    rival_lap_ms: int = 118_000,
    night: bool = False,
) -> Event:
    """A 4-hour race in which the driver shares a car with an external co-driver, against one
    other car of the same class."""
    number = next(_numbers)
    event = Event(
        season_id=season().id,
        circuit_id=circuit().id,
        name=name or f"4 Hours of Sepang, race {number}",
        round_number=number,
        race_number=1,
        starts_on=on,
        duration_hours=Decimal("4"),
        night_running=night,
    )
    db.session.add(event)
    db.session.flush()
    ours = RaceEntry(
        event_id=event.id,
        car_number=str(number),
        team=team,
        car="Ligier JS P325",
        race_class=race_class,
        status=status,
        position_overall=position,
        position_in_class=position,
        laps=110,
        best_lap_ms=119_000,
        points=Decimal("18"),
    )
    rival = RaceEntry(
        event_id=event.id,
        car_number=f"R{number}",
        team="Rival Racing",
        race_class=race_class,
        status=ResultStatus.CLASSIFIED,
        position_overall=1,
        position_in_class=1,
        laps=111,
        best_lap_ms=rival_lap_ms,
        points=Decimal("25"),
    )
    ours.results = [
        Result(driver_id=driver.id, seat=1, drive_time_ms=7_200_000, laps=55, best_lap_ms=119_000),
        Result(
            external_name=co_driver, seat=2, drive_time_ms=7_200_000, laps=55, best_lap_ms=119_400
        ),
    ]
    rival.results = [Result(external_name="Rival Driver", seat=1, drive_time_ms=14_400_000)]
    db.session.add_all([ours, rival])
    db.session.commit()
    return event


def make_graded_session(
    driver,
    coach,
    scores: dict[Competency, int],
    *,
    on: date = date(2026, 1, 10),
    notes: str = "",
    session_type: SessionType = SessionType.TRACK,
    comment: str = "",
) -> CoachingSession:
    session = CoachingSession(
        driver_id=driver.id,
        coach_id=coach.id,
        held_on=on,
        session_type=session_type,
        circuit_id=circuit().id if session_type is SessionType.TRACK else None,
        laps=30 if session_type is SessionType.TRACK else None,
        best_lap_ms=120_500 if session_type is SessionType.TRACK else None,
        notes=notes,
    )
    for competency, score in scores.items():
        session.grades.append(
            Grade(
                driver_id=driver.id,
                competency_id=competency.id,
                score=score,
                revision=1,
                graded_by_id=coach.id,
                comment=comment,
            )
        )
    db.session.add(session)
    db.session.commit()
    return session


def history(driver, coach, rubric, *, races: int, sessions: int, start=date(2024, 1, 6)):
    """`races` races and `sessions` graded sessions, one a week."""
    for index in range(races):
        make_race(driver, on=start + timedelta(days=7 * index), position=index % 5 + 1)
    scores = {rubric["racecraft"]: 7, rubric["consistency"]: 6, rubric["night_driving"]: 8}
    for index in range(sessions):
        make_graded_session(
            driver,
            coach,
            scores,
            on=start + timedelta(days=7 * index + 1),
            notes=f"Session {index}",
        )
