"""What the importer needs to know about an event before it reads a file: the classes the
academy knows (`race_classes`) and when it is dark at the circuit on race day."""

from __future__ import annotations

from academy import audit
from academy.enums import RaceClass
from academy.extensions import db
from academy.models import Circuit, CircuitLocation, ClassDefinition, Event
from academy.results.timing.classes import ClassBook, ClassSpec
from academy.results.timing.parsed import (
    DEFAULT_MAX_BYTES,
    NightRule,
    NightWindow,
    ParseOptions,
    SunNight,
)
from academy.results.timing.values import squeeze


def class_book() -> ClassBook:
    """The classes of the `race_classes` table, in one statement."""
    rows = db.session.execute(db.select(ClassDefinition).order_by(ClassDefinition.id)).scalars()
    return ClassBook.of(
        ClassSpec(
            name=row.name,
            counts_as=row.counts_as,
            aliases=tuple(row.aliases or ()),
            series=tuple(row.series or ()),
            seasons=row.seasons,
            group_splits=tuple((row.group_splits or {}).items()),
        )
        for row in rows
    )


def answer_class(label: str, target: str | None, counts_as: RaceClass | None) -> ClassDefinition:
    """An unknown class label of a timing file becomes another name (alias) of the known class
    `target`, or a class of its own counting as `counts_as` for the pathway. Flushes."""
    label = squeeze(label)
    if target is not None:
        known = db.session.execute(
            db.select(ClassDefinition).where(ClassDefinition.name == target)
        ).scalar_one()
        before = list(known.aliases or ())
        known.aliases = [*before, label.upper()]
        db.session.flush()
        audit.record(
            "race_class_alias_added",
            known,
            before={"aliases": before},
            after={"aliases": known.aliases},
        )
        return known
    assert counts_as is not None
    added = ClassDefinition(
        name=label[:40],
        counts_as=counts_as,
        aliases=[label.upper()],
        series=[],
        seasons="",
        group_splits={},
    )
    db.session.add(added)
    db.session.flush()
    audit.record(
        "race_class_added", added, after={"name": added.name, "counts_as": counts_as.value}
    )
    return added


def circuit_position(circuit: Circuit) -> tuple[float, float, str] | None:
    """Latitude, longitude and time zone of a circuit: its own, else those of the real circuit
    of that name or alias (`circuit_locations`); None when nobody knows. Reads only."""
    if circuit.latitude is not None and circuit.longitude is not None and circuit.timezone:
        return circuit.latitude, circuit.longitude, circuit.timezone
    location = real_circuit(circuit.name)
    if location is None:
        return None
    return location.latitude, location.longitude, location.timezone


def real_circuit(name: str) -> CircuitLocation | None:
    """The real circuit of that name or alias ('Le Mans', 'COTA'), case and spaces aside."""
    wanted = squeeze(name).casefold()
    for location in db.session.execute(db.select(CircuitLocation)).scalars():
        if any(squeeze(n).casefold() == wanted for n in (location.name, *(location.aliases or ()))):
            return location
    return None


def locate_circuit(circuit: Circuit) -> bool:
    """Write the position of a real circuit into a circuit that has none (when it is created);
    True when it has a position afterwards."""
    position = circuit_position(circuit)
    if position is None:
        return False
    circuit.latitude, circuit.longitude, circuit.timezone = position
    return True


def night_rule(event: Event) -> NightRule:
    """Sunset to sunrise at the event's circuit on race day; the fixed 22:00-05:00 window only
    for a circuit whose position nobody has given."""
    position = circuit_position(event.circuit)
    if position is None:
        return NightWindow()
    latitude, longitude, timezone = position
    return SunNight(latitude, longitude, timezone, event.starts_on)


def parse_options(event: Event, max_bytes: int = DEFAULT_MAX_BYTES) -> ParseOptions:
    return ParseOptions(max_bytes=max_bytes, night=night_rule(event), classes=class_book())
