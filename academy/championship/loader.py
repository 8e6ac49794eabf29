"""What the championship pages load: a season's races, cars, crews and the crews' dated
categories, in a fixed number of statements whatever the number of races, then plain data.

`season_facts(season_id)` is five statements (season, events, cars with their team, seats,
categorisation records); `event_facts(event_id)` is the same for one race plus its laps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import String, select, type_coerce

from academy.enums import Categorisation, RaceClass, ResultStatus
from academy.extensions import plain_rows
from academy.models import (
    CategorisationRecord,
    Circuit,
    Driver,
    Event,
    Lap,
    RaceEntry,
    Result,
    Season,
    SeasonEntry,
    Series,
    Team,
)
from academy.pathway.facts import CategorisationFact, DriverFacts
from academy.permissions import may_know_academy_driver
from academy.results.timing.classes import KNOWN_CLASSES
from academy.text import search_key

_CATEGORIES = {member.value: member for member in Categorisation}
_STATUSES = {member.value: member for member in ResultStatus}
_CLASSES = {member.value: member for member in RaceClass}
# The class an entry without a class name was classified in: the first known class that
# counts as its pathway class ('GT' for GT, 'LMP2 Pro/Am' for LMP2 PRO-AM).
_CLASS_NAME_OF: dict[RaceClass, str] = {}
for _spec in KNOWN_CLASSES:
    _CLASS_NAME_OF.setdefault(_spec.counts_as, _spec.name)


@dataclass(frozen=True, slots=True)
class SeasonInfo:
    id: int
    label: str
    starts_on: date
    series_code: str
    series_name: str

    @property
    def name(self) -> str:
        return f"{self.series_name} {self.label}"


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: int
    name: str
    starts_on: date
    round_number: int | None
    race_number: int
    duration_hours: float
    circuit: str = ""

    @property
    def short(self) -> str:
        """'R2 race 2 Dubai Autodrome'; a one-off race by its name."""
        if self.round_number is None:
            return self.name
        race = f" race {self.race_number}" if self.race_number > 1 else ""
        return f"R{self.round_number}{race} {self.circuit or self.name}"


@dataclass(frozen=True, slots=True)
class Seat:
    result_id: int
    seat: int
    driver_id: int | None  # an academy driver, or None for an external co-driver
    name: str
    drive_time_ms: int | None
    external_category: Categorisation | None = None
    # The driver's id for the sporting engine: the academy driver's id, or the external
    # co-driver's name as compared everywhere (`search_key`); see `driver_key`.
    key: int | str = 0
    # As the timing file spelt it (an academy driver's too, when imported; "" if entered by
    # hand): the name for a viewer who may not learn the driver is the academy's.
    name_in_file: str = ""


def driver_key(driver_id: int | None, name: str, keys: dict[str, str] | None = None) -> int | str:
    if driver_id is not None:
        return driver_id
    if keys is None:
        return f"x:{search_key(name)}"
    if name not in keys:
        keys[name] = f"x:{search_key(name)}"
    return keys[name]


@dataclass(frozen=True, slots=True)
class Car:
    id: int  # the race entry
    event_id: int
    season_entry_id: int | None
    car_number: str
    team_id: int | None
    team_name: str  # the team's record name, or the file's name when not linked yet
    file_team: str  # as the timing file wrote it
    class_name: str
    status: ResultStatus
    position_overall: int | None
    position_in_class: int | None
    laps: int
    seats: tuple[Seat, ...] = ()

    @property
    def entry_key(self) -> int | str:
        """The season entry (a team's car number in the season), the standings' unit."""
        return self.season_entry_id if self.season_entry_id is not None else f"car:{self.id}"

    @property
    def academy(self) -> bool:
        return any(seat.driver_id is not None for seat in self.seats)


@dataclass(frozen=True)
class SeasonFacts:
    season: SeasonInfo
    events: tuple[EventInfo, ...]
    cars: tuple[Car, ...]
    drivers: dict[int, DriverFacts] = field(default_factory=dict)  # academy drivers, by id

    def cars_of(self, event_id: int) -> list[Car]:
        return [car for car in self.cars if car.event_id == event_id]

    def category_on(self, seat: Seat, day: date) -> Categorisation | None:
        return category_on_race_day(seat.driver_id, seat.external_category, self.drivers, day)


def category_on_race_day(
    driver_id: int | None,
    external_category: Categorisation | None,
    drivers: Mapping[int, DriverFacts],
    day: date,
) -> Categorisation | None:
    """The FIA category a crew check counts for one seat of a race on `day`: an academy
    driver's from the dated history (`drivers`: their facts), an external co-driver's as
    recorded for the race (`Result.external_category`); None: not known. The race page and the
    import preview both ask this one question."""
    if driver_id is None:
        return external_category
    facts = drivers.get(driver_id)
    return facts.categorisation_on(day) if facts is not None else None


def season_info(event: Event) -> SeasonInfo:
    """The season of a loaded event (its season and series loaded with it)."""
    season = event.season
    return SeasonInfo(
        season.id, season.label, season.starts_on, season.series.code, season.series.name
    )


def class_name_of(class_name: str, race_class: RaceClass) -> str:
    return class_name or _CLASS_NAME_OF.get(race_class, race_class.value)


def season_facts(season_id: int) -> SeasonFacts | None:
    season_rows = plain_rows(
        select(Season.id, Season.label, Season.starts_on, Series.code, Series.name)
        .join(Series, Series.id == Season.series_id)
        .where(Season.id == season_id)
    )
    if not season_rows:
        return None
    season = SeasonInfo(*season_rows[0])
    events = _events(Event.season_id == season_id)
    return _facts(
        season, events, RaceEntry.event_id.in_(select(Event.id).where(Event.season_id == season_id))
    )


def event_facts(event_id: int) -> SeasonFacts | None:
    """One race as a season of one event (the race page): five statements."""
    rows = plain_rows(
        select(Season.id, Season.label, Season.starts_on, Series.code, Series.name)
        .join(Series, Series.id == Season.series_id)
        .join(Event, Event.season_id == Season.id)
        .where(Event.id == event_id)
    )
    if not rows:
        return None
    return _facts(
        SeasonInfo(*rows[0]), _events(Event.id == event_id), RaceEntry.event_id == event_id
    )


def _events(condition: Any) -> tuple[EventInfo, ...]:
    return tuple(
        EventInfo(id_, name, starts_on, round_number, race_number, float(hours), circuit)
        for id_, name, starts_on, round_number, race_number, hours, circuit in plain_rows(
            select(
                Event.id,
                Event.name,
                Event.starts_on,
                Event.round_number,
                Event.race_number,
                Event.duration_hours,
                Circuit.name,
            )
            .join(Circuit, Circuit.id == Event.circuit_id)
            .where(condition)
            .order_by(Event.starts_on, Event.round_number, Event.race_number, Event.id)
        )
    )


def _facts(season: SeasonInfo, events: tuple[EventInfo, ...], entries: Any) -> SeasonFacts:
    car_rows = plain_rows(
        select(
            RaceEntry.id,
            RaceEntry.event_id,
            RaceEntry.season_entry_id,
            RaceEntry.car_number,
            Team.id,
            Team.name,
            RaceEntry.team,
            RaceEntry.class_name,
            type_coerce(RaceEntry.race_class, String),
            type_coerce(RaceEntry.status, String),
            RaceEntry.position_overall,
            RaceEntry.position_in_class,
            RaceEntry.laps,
        )
        .outerjoin(SeasonEntry, SeasonEntry.id == RaceEntry.season_entry_id)
        .outerjoin(Team, Team.id == SeasonEntry.team_id)
        .where(entries)
    )
    seat_rows = plain_rows(
        select(
            Result.entry_id,
            Result.id,
            Result.seat,
            Result.driver_id,
            Driver.legal_name,
            Result.external_name,
            Result.drive_time_ms,
            type_coerce(Driver.categorisation, String),
            type_coerce(Result.external_category, String),
        )
        .outerjoin(Driver, Driver.id == Result.driver_id)
        .where(Result.entry_id.in_(select(RaceEntry.id).where(entries)))
        .order_by(Result.entry_id, Result.seat)
    )
    seats: dict[int, list[Seat]] = defaultdict(list)
    current: dict[int, Categorisation | None] = {}
    keys: dict[str, str] = {}
    for row in seat_rows:
        entry_id, result_id, seat, driver_id, legal, external, drive_ms, category, theirs = row
        seats[entry_id].append(
            Seat(
                result_id,
                seat,
                driver_id,
                legal if driver_id else external,
                drive_ms,
                _CATEGORIES.get(theirs) if theirs else None,
                driver_key(driver_id, external, keys),
                external,
            )
        )
        if driver_id is not None:
            current[driver_id] = _CATEGORIES.get(category) if category else None
    history: dict[int, list[CategorisationFact]] = defaultdict(list)
    if current:
        for driver_id, category, effective_on in plain_rows(
            select(
                CategorisationRecord.driver_id,
                type_coerce(CategorisationRecord.category, String),
                CategorisationRecord.effective_on,
            )
            .where(
                CategorisationRecord.driver_id.in_(
                    select(Result.driver_id).where(
                        Result.entry_id.in_(select(RaceEntry.id).where(entries))
                    )
                )
            )
            .order_by(CategorisationRecord.driver_id, CategorisationRecord.effective_on)
        ):
            history[driver_id].append(
                CategorisationFact(_CATEGORIES.get(category) if category else None, effective_on)
            )
    drivers = {
        driver_id: DriverFacts(
            driver_id=driver_id,
            categorisation=category,
            categorisations=tuple(history.get(driver_id, ())),
        )
        for driver_id, category in current.items()
    }
    cars = tuple(
        Car(
            id=id_,
            event_id=event_id,
            season_entry_id=season_entry_id,
            car_number=number,
            team_id=team_id,
            team_name=team_name or file_team,
            file_team=file_team,
            class_name=class_name_of(class_name, _CLASSES[race_class]),
            status=_STATUSES[status],
            position_overall=overall,
            position_in_class=in_class,
            laps=laps,
            seats=tuple(seats.get(id_, ())),
        )
        for (
            id_,
            event_id,
            season_entry_id,
            number,
            team_id,
            team_name,
            file_team,
            class_name,
            race_class,
            status,
            overall,
            in_class,
            laps,
        ) in car_rows
    )
    return SeasonFacts(season, events, cars, drivers)


def event_laps(event_id: int, entry_id: int | None = None) -> dict[int, list[tuple[int, int, int]]]:
    """Every lap of the race (or of one car), per car: (seat, lap_ms, elapsed_ms) in lap order.
    One statement."""
    laps: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    condition = RaceEntry.event_id == event_id if entry_id is None else Lap.entry_id == entry_id
    for entry_id_, seat, lap_ms, elapsed_ms in plain_rows(
        select(Lap.entry_id, Lap.seat, Lap.lap_ms, Lap.elapsed_ms)
        .join(RaceEntry, RaceEntry.id == Lap.entry_id)
        .where(condition)
        .order_by(Lap.entry_id, Lap.lap_number)
    ):
        entry_id = entry_id_
        laps[entry_id].append((seat, lap_ms, elapsed_ms))
    return laps


def categorisation_facts(driver_ids: set[int]) -> dict[int, DriverFacts]:
    """Each academy driver's categorisation and its dated history, as facts that answer
    `categorisation_on(day)`. Two statements."""
    if not driver_ids:
        return {}
    current = {
        driver_id: _CATEGORIES.get(category) if category else None
        for driver_id, category in plain_rows(
            select(Driver.id, type_coerce(Driver.categorisation, String)).where(
                Driver.id.in_(driver_ids)
            )
        )
    }
    history: dict[int, list[CategorisationFact]] = defaultdict(list)
    for driver_id, category, effective_on in plain_rows(
        select(
            CategorisationRecord.driver_id,
            type_coerce(CategorisationRecord.category, String),
            CategorisationRecord.effective_on,
        )
        .where(CategorisationRecord.driver_id.in_(driver_ids))
        .order_by(CategorisationRecord.driver_id, CategorisationRecord.effective_on)
    ):
        history[driver_id].append(
            CategorisationFact(_CATEGORIES.get(category) if category else None, effective_on)
        )
    return {
        driver_id: DriverFacts(
            driver_id=driver_id,
            categorisation=category,
            categorisations=tuple(history.get(driver_id, ())),
        )
        for driver_id, category in current.items()
    }


def unmarked_for(viewer: Any, driver_ids: set[int]) -> frozenset[int]:
    """The academy drivers among `driver_ids` that the viewer may not learn are the academy's
    (`permissions.may_know_academy_driver`: a principal, of drivers not open to scouting).
    One statement, none without drivers."""
    if not driver_ids:
        return frozenset()
    rows = plain_rows(select(Driver.id, Driver.consent_scouting).where(Driver.id.in_(driver_ids)))
    return frozenset(row.id for row in rows if not may_know_academy_driver(viewer, row))
