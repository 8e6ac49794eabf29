"""Creating an event (one race), for the New event form and `flask events create`: the
season is created when missing, a one-off race (the 24 Hours of Le Mans) has no round, and a
new circuit gets the position of the real circuit of that name. Flushes; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from academy import audit
from academy.extensions import db
from academy.models import Circuit, Event, Season, Series
from academy.results.options import locate_circuit

EVENT_FIELDS = [
    "season_id",
    "circuit_id",
    "name",
    "round_number",
    "race_number",
    "starts_on",
    "start_time",
    "duration_hours",
    "night_running",
]


@dataclass(frozen=True)
class NewEvent:
    series_code: str
    series_name: str
    season_label: str
    circuit: Circuit
    starts_on: date
    duration_hours: Decimal
    round_number: int | None = None
    race_number: int = 1
    night_running: bool = False
    name: str = ""
    start_time: time | None = None  # local time at the circuit


class EventExists(Exception):
    """The season already has this round and race (the message says which)."""


def default_event_name(new: NewEvent) -> str:
    """'Asian Le Mans Series 2025-26, round 2 race 1 (Sepang…)'; without a round for a one-off
    race: '24 Hours of Le Mans 2023 (Circuit de la Sarthe)'."""
    race = f" race {new.race_number}" if new.race_number > 1 else ""
    where = f" ({new.circuit.name})"
    if new.round_number is None:
        return f"{new.series_name} {new.season_label}{race}{where}"[:200]
    return f"{new.series_name} {new.season_label}, round {new.round_number}{race}{where}"[:200]


def find_circuit(name: str) -> Circuit | None:
    return db.session.execute(
        db.select(Circuit).where(Circuit.name == " ".join(name.split()))
    ).scalar_one_or_none()


def create_event(new: NewEvent, *, actor_id: int | None) -> Event:
    """Raises EventExists when the season already has this round and race."""
    series = db.session.execute(
        db.select(Series).where(Series.code == new.series_code)
    ).scalar_one_or_none() or Series(code=new.series_code, name=new.series_name)
    db.session.add(series)
    season = None
    if series.id is not None:
        season = db.session.execute(
            db.select(Season).where(Season.series_id == series.id, Season.label == new.season_label)
        ).scalar_one_or_none()
    if season is None:
        season = Season(series=series, label=new.season_label, starts_on=new.starts_on)
        db.session.add(season)
    elif (
        new.round_number is not None
        and db.session.execute(
            db.select(Event.id).where(
                Event.season_id == season.id,
                Event.round_number == new.round_number,
                Event.race_number == new.race_number,
            )
        ).first()
    ):
        raise EventExists(f"{new.series_code} {new.season_label} already has this round and race.")
    db.session.add(new.circuit)
    locate_circuit(new.circuit)
    event = Event(
        season=season,
        circuit=new.circuit,
        name=new.name.strip()[:200] or default_event_name(new),
        round_number=new.round_number,
        race_number=new.race_number,
        starts_on=new.starts_on,
        start_time=new.start_time,
        duration_hours=new.duration_hours.quantize(Decimal("0.01")),
        night_running=new.night_running,
    )
    db.session.add(event)
    db.session.flush()
    audit.record(
        "event_created", event, after=audit.snapshot(event, EVENT_FIELDS), actor_id=actor_id
    )
    return event
