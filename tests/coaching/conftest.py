"""Coaching test helpers: the default rubric, a circuit, sessions made directly or in bulk,
and the form data a coach posts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from sqlalchemy import insert

from academy.enums import SessionType
from academy.extensions import db
from academy.models import Circuit, CoachingSession, Competency, Grade
from academy.rubric import ensure_default_rubric


@pytest.fixture
def rubric(app) -> dict[str, Competency]:
    """The default rubric, by key."""
    ensure_default_rubric()
    db.session.commit()
    return {
        c.key: c
        for c in db.session.execute(db.select(Competency).order_by(Competency.position)).scalars()
    }


@pytest.fixture
def sepang(app) -> Circuit:
    circuit = Circuit(
        name="Sepang International Circuit", country="MYS", length_km=Decimal("5.543")
    )
    db.session.add(circuit)
    db.session.commit()
    return circuit


def session_form(driver_ids: list[int], **overrides) -> dict:
    """What the log form posts: a track session with no grades unless given."""
    data = {
        "drivers": [str(driver_id) for driver_id in driver_ids],
        "held_on": (date.today() - timedelta(days=1)).isoformat(),
        "session_type": "track",
        "circuit_id": "",
        "simulator_title": "",
        "laps": "",
        "best_lap": "",
        "conditions": "dry, 31°C",
        "notes": "Long run on used tyres.",
    }
    data.update({key: value for key, value in overrides.items()})
    return data


def make_session(
    driver,
    coach,
    *,
    held_on: date,
    scores: dict[Competency, int] | None = None,
    circuit: Circuit | None = None,
    best_lap_ms: int | None = None,
    session_type: SessionType = SessionType.TRACK,
) -> CoachingSession:
    session = CoachingSession(
        driver_id=driver.id,
        coach_id=coach.id,
        held_on=held_on,
        session_type=session_type,
        circuit_id=circuit.id if circuit else None,
        laps=20 if best_lap_ms else None,
        best_lap_ms=best_lap_ms,
    )
    for competency, score in (scores or {}).items():
        session.grades.append(
            Grade(
                driver_id=driver.id,
                competency_id=competency.id,
                score=score,
                revision=1,
                graded_by_id=coach.id,
            )
        )
    db.session.add(session)
    db.session.commit()
    return session


def bulk_sessions(
    driver, coach, competencies: list[Competency], count: int, circuit: Circuit
) -> None:
    """`count` more graded sessions, inserted in bulk, one grade per competency each, on the
    days before the driver's earliest session (or before today)."""
    earliest = (
        db.session.execute(
            db.select(db.func.min(CoachingSession.held_on)).where(
                CoachingSession.driver_id == driver.id
            )
        ).scalar()
        or date.today()
    )
    known = db.session.execute(db.select(db.func.max(CoachingSession.id))).scalar() or 0
    db.session.execute(
        insert(CoachingSession),
        [
            {
                "driver_id": driver.id,
                "coach_id": coach.id,
                "held_on": earliest - timedelta(days=index + 1),
                "session_type": SessionType.TRACK,
                "circuit_id": circuit.id,
                "laps": 25,
                "best_lap_ms": 120_000 + index * 10,
                "conditions": "dry",
                "notes": f"session {index}",
                "version": 1,
            }
            for index in range(count)
        ],
    )
    session_ids = (
        db.session.execute(db.select(CoachingSession.id).where(CoachingSession.id > known))
        .scalars()
        .all()
    )
    db.session.execute(
        insert(Grade),
        [
            {
                "session_id": session_id,
                "driver_id": driver.id,
                "competency_id": competency.id,
                "score": 1 + (session_id + competency.id) % 10,
                "comment": "",
                "revision": 1,
                "graded_by_id": coach.id,
            }
            for session_id in session_ids
            for competency in competencies
        ],
    )
    db.session.commit()


class _FormReader(HTMLParser):
    """Reads the fields of the page's forms as a browser would send them untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text")
            if kind == "submit" or (kind == "checkbox" and "checked" not in attributes):
                return
            self.fields.setdefault(name, []).append(attributes.get("value") or "")
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((attributes.get("value") or "", "selected" in attributes))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected] or [
                self._options[0][0]
            ]
            self.fields[self._select] = chosen[:1]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields[self._textarea] = [self._text.removeprefix("\n")]
            self._textarea = None


def form_fields(page: str) -> dict[str, str | list[str]]:
    reader = _FormReader()
    reader.feed(page)
    return {
        name: values[0] if len(values) == 1 else values for name, values in reader.fields.items()
    }
