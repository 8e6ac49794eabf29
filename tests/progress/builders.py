"""Race history and coaching for pathway tests: events, results, sessions, grades."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from academy.enums import RaceClass, ResultStatus, SessionType
from academy.extensions import db
from academy.models import (
    Circuit,
    CoachingSession,
    Competency,
    Driver,
    Event,
    Grade,
    RaceEntry,
    Result,
    Season,
    Series,
    User,
)

_numbers = itertools.count(1)


def _series(code: str) -> Series:
    series = db.session.execute(db.select(Series).filter_by(code=code)).scalar_one_or_none()
    if series is None:
        series = Series(code=code, name=f"{code} series")
        db.session.add(series)
    return series


def _circuit() -> Circuit:
    circuit = db.session.execute(db.select(Circuit).filter_by(name="Sepang")).scalar_one_or_none()
    if circuit is None:
        circuit = Circuit(name="Sepang", country="MYS")
        db.session.add(circuit)
    return circuit


def make_event(
    day: date,
    *,
    series: str = "ALMS",
    hours: float = 4,
    night: bool = False,
    name: str | None = None,
) -> Event:
    number = next(_numbers)
    circuit = _circuit()
    season = Season(series=_series(series), label=f"S{number}", starts_on=day)
    db.session.add(season)
    event = Event(
        season=season,
        circuit=circuit,
        name=name or f"{series} race {number}",
        round_number=1,
        race_number=1,
        starts_on=day,
        duration_hours=Decimal(str(hours)),
        night_running=night,
    )
    db.session.add(event)
    db.session.commit()
    return event


def add_result(
    driver: Driver,
    event: Event,
    *,
    race_class: RaceClass = RaceClass.LMP3,
    status: ResultStatus = ResultStatus.CLASSIFIED,
    drive_time_ms: int | None = 2 * 3600 * 1000,
    night_laps: int | None = 0,
    co_driver: str | None = "External Co-Driver",
) -> Result:
    entry = RaceEntry(
        event_id=event.id,
        car_number=str(next(_numbers)),
        team="Test Racing",
        race_class=race_class,
        status=status,
        laps=100,
    )
    result = Result(
        driver_id=driver.id, seat=1, drive_time_ms=drive_time_ms, laps=50, night_laps=night_laps
    )
    entry.results.append(result)
    if co_driver:
        entry.results.append(Result(external_name=co_driver, seat=2, drive_time_ms=3_600_000))
    db.session.add(entry)
    db.session.commit()
    return result


def add_session(
    driver: Driver,
    coach: User,
    day: date,
    *,
    session_type: SessionType = SessionType.TRACK,
    laps: int | None = 30,
    night: bool = False,
    title: str = "",
) -> CoachingSession:
    session = CoachingSession(
        driver_id=driver.id,
        coach_id=coach.id,
        held_on=day,
        session_type=session_type,
        laps=laps,
        night=night,
        simulator_title=title,
    )
    db.session.add(session)
    db.session.commit()
    return session


def competency(key: str) -> Competency:
    found = db.session.execute(db.select(Competency).filter_by(key=key)).scalar_one_or_none()
    if found is None:
        found = Competency(key=key, name=key.replace("_", " ").title())
        db.session.add(found)
        db.session.flush()
    return found


def add_grade(
    session: CoachingSession, key: str, score: int, *, supersedes: Grade | None = None
) -> Grade:
    grade = Grade(
        session_id=session.id,
        driver_id=session.driver_id,
        competency_id=competency(key).id,
        score=score,
        graded_by_id=session.coach_id,
        revision=1 if supersedes is None else supersedes.revision + 1,
        supersedes_id=None if supersedes is None else supersedes.id,
    )
    db.session.add(grade)
    db.session.commit()
    return grade


def race_history(driver: Driver, starts: int, *, first: date = date(2025, 1, 10)) -> list[Result]:
    """`starts` classified ALMS LMP3 results, a week apart from `first`."""
    from datetime import timedelta

    return [
        add_result(driver, make_event(first + timedelta(days=7 * index))) for index in range(starts)
    ]
