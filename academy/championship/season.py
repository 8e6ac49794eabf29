"""A season's championship as the pages show it: the loaded facts (`loader`) handed to the
sporting engine (`academy.sporting`) with the season's rules. No standings, crew or
driving-time logic lives here: only the translation from rows to the engine's plain inputs
and back to names people read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from academy.championship.loader import (
    Car,
    EventInfo,
    SeasonFacts,
    SeasonInfo,
    categorisation_facts,
    category_on_race_day,
)
from academy.enums import ResultStatus
from academy.sporting import (
    CrewMember,
    CrewVerdict,
    DriverLap,
    DrivingTime,
    DrivingTimeInputError,
    InvitationRace,
    Race,
    RaceResult,
    SeasonStandings,
    SportingRules,
    SportingRulesNotFound,
    StandingRow,
    check_crew,
    driving_times,
    invitation_races,
    most_in_window,
    season_standings,
    sporting_rules_for,
)
from academy.sporting.rules import Key

if TYPE_CHECKING:
    from academy.results.timing.writer import ImportPlan

# The window "the most in any rolling 6 hours" is measured over when the season's rules set
# none of their own (Le Mans: at most 4 h in any 6 h; ALMS and ELMS: no such limit read).
SIX_HOURS_MS = 6 * 3600 * 1000


def rules_for(season: SeasonInfo) -> SportingRules | None:
    try:
        return sporting_rules_for(season.series_code, season.label)
    except SportingRulesNotFound:
        return None


def races_of(facts: SeasonFacts) -> list[Race]:
    """The races held (with at least one car), in calendar order, as the engine takes them.
    No pole is recorded by the academy, so no pole point is given."""
    races = []
    for event in facts.events:
        cars = facts.cars_of(event.id)
        if not cars:
            continue
        # A name in two cars of one race (two external drivers of one name, or a driver moved to
        # a second car) scores for each car apart: the engine refuses one driver in two crews.
        seen: set[Key] = set()
        results = []
        for car in cars:
            drivers = []
            for seat in car.seats:
                key = seat.key if seat.key not in seen else f"{seat.key}@{car.entry_key}"
                seen.add(key)
                drivers.append(key)
            results.append(
                RaceResult(
                    entry=car.entry_key,
                    class_name=car.class_name,
                    class_position=car.position_in_class,
                    status=car.status,
                    drivers=tuple(drivers),
                )
            )
        races.append(Race(key=event.id, name=event.short, results=tuple(results)))
    return races


@dataclass(frozen=True)
class EntryLabel:
    key: Key
    team: str
    car_number: str
    team_id: int | None
    academy: bool  # an academy driver drove it in the season

    @property
    def words(self) -> str:
        return f"#{self.car_number} {self.team}"


@dataclass(frozen=True)
class DriverLabel:
    key: Key
    name: str
    driver_id: int | None  # an academy driver


@dataclass(frozen=True)
class Championship:
    facts: SeasonFacts
    rules: SportingRules | None
    standings: SeasonStandings | None = None
    invitations: tuple[InvitationRace, ...] = ()
    entries: dict[Key, EntryLabel] = field(default_factory=dict)
    drivers: dict[Key, DriverLabel] = field(default_factory=dict)
    # The standings as they stood after this many races held; None: after every race held.
    after: int | None = None

    @property
    def held(self) -> list[EventInfo]:
        """The races held, in the order the standings count them (`races_of`)."""
        return held_events(self.facts)

    @property
    def counted(self) -> list[EventInfo]:
        """The races these standings count: the first `after` held, or all of them."""
        held = self.held
        return held if self.after is None else held[: self.after]

    def entry(self, key: Key) -> EntryLabel:
        return self.entries.get(key) or EntryLabel(key, str(key), "?", None, False)

    def driver(self, key: Key) -> DriverLabel:
        return self.drivers.get(key) or DriverLabel(key, str(key), None)

    def academy_invitations(self) -> list[tuple[InvitationRace, list[StandingRow]]]:
        """Each invitation race with the academy's cars in it (all rows of academy cars)."""
        found = []
        for race in self.invitations:
            rows = [row for row in race.standings.rows if self.entry(row.key).academy]
            found.append((race, rows))
        return found

    def invitation_for(self, entry: Key) -> tuple[InvitationRace, StandingRow] | None:
        for race in self.invitations:
            row = race.standings.row(entry)
            if row is not None:
                return race, row
        return None


def held_events(facts: SeasonFacts) -> list[EventInfo]:
    """The season's races with at least one car, in calendar order: the races `races_of` gives
    the engine, so race k of this list is round k of the standings."""
    with_cars = {car.event_id for car in facts.cars}
    return [event for event in facts.events if event.id in with_cars]


def championship(
    facts: SeasonFacts, after: int | None = None, unmarked: frozenset[int] = frozenset()
) -> Championship:
    """The season's standings and invitation races from its races held, or, with `after`, from
    the first `after` of them only: the championship as it stood then (the engine counts the
    races and points still to be won from the races it is given).

    `unmarked`: academy drivers the viewer may not learn are the academy's
    (`permissions.may_know_academy_driver`): they and their cars are labelled as any other
    driver's; the standings themselves are the same."""
    rules = rules_for(facts.season)
    entries: dict[Key, EntryLabel] = {}
    drivers: dict[Key, DriverLabel] = {}
    for car in facts.cars:
        key = car.entry_key
        marked = any(s.driver_id is not None and s.driver_id not in unmarked for s in car.seats)
        academy = marked or (key in entries and entries[key].academy)
        entries[key] = EntryLabel(key, car.team_name, car.car_number, car.team_id, academy)
        for seat in car.seats:
            if seat.driver_id in unmarked:
                label = DriverLabel(seat.key, seat.name_in_file or seat.name, None)
            else:
                label = DriverLabel(seat.key, seat.name, seat.driver_id)
            drivers.setdefault(seat.key, label)
    if rules is None or not rules.championship:
        return Championship(facts, rules, entries=entries, drivers=drivers, after=after)
    races = races_of(facts)
    if after is not None:
        races = races[:after]
    by_text = {str(key): label for key, label in drivers.items()}
    for race in races:
        for result in race.results:
            for key in result.drivers:
                if key not in drivers:  # the second car of one name (races_of)
                    base = by_text[str(key).rsplit("@", 1)[0]]
                    drivers[key] = DriverLabel(key, base.name, base.driver_id)
    return Championship(
        facts,
        rules,
        standings=season_standings(rules, races),
        invitations=invitation_races(rules, races),
        entries=entries,
        drivers=drivers,
        after=after,
    )


# --- one race: crews and driving time ----------------------------------------------------------


def crew_of(facts: SeasonFacts, car: Car, day: date) -> list[CrewMember]:
    """The car's drivers with each one's FIA category on the race day (None: not known)."""
    return [CrewMember(seat.key, seat.name, facts.category_on(seat, day)) for seat in car.seats]


def crew_verdict(
    facts: SeasonFacts, rules: SportingRules | None, car: Car, day: date
) -> CrewVerdict:
    from academy.sporting import CrewStatus

    if rules is None:
        return CrewVerdict(CrewStatus.NO_RULE, car.class_name, len(car.seats), ())
    return check_crew(rules, car.class_name, crew_of(facts, car, day))


@dataclass(frozen=True)
class DriverTime:
    """A driver's time in one race: the engine's verdict, and the most driven in any 6 hours
    (the rules' own window when they set one)."""

    time: DrivingTime
    most_in_six_hours_ms: int | None
    note: str = ""
    # The car was classified: a minimum missed by a car that retired is shown, not flagged
    # (the regulations sanction it by not classifying the car).
    classified: bool = True

    @property
    def flagged(self) -> bool:
        """A limit broken: a maximum exceeded, or the minimum not met by a driver of a car
        that was classified (a retired car's short times are shown, not flagged)."""
        from academy.sporting import MaximumStatus, MinimumStatus

        exceeded = MaximumStatus.EXCEEDED in (self.time.maximum, self.time.window)
        return exceeded or (self.classified and self.time.minimum is MinimumStatus.NOT_MET)

    @property
    def minimum_met(self) -> bool | None:
        """The pathway's fact: True met (or no minimum applies), False not met, None unknown."""
        from academy.sporting import MinimumStatus

        status = self.time.minimum
        if status in (MinimumStatus.MET, MinimumStatus.NO_MINIMUM):
            return True
        return False if status is MinimumStatus.NOT_MET else None


def car_driving_times(
    rules: SportingRules,
    facts: SeasonFacts,
    car: Car,
    day: date,
    laps: Sequence[tuple[int, int, int]] = (),
    race_hours: float | None = None,
) -> list[DriverTime]:
    """Each driver's time in the car: from its laps (seat -> driver) when it has laps, else
    from the classification's drive time."""
    crew = crew_of(facts, car, day)
    by_seat = {seat.seat: seat.key for seat in car.seats}
    drive_times = {seat.key: seat.drive_time_ms for seat in car.seats}
    note = ""
    lap_rows = None
    if laps:
        if all(seat in by_seat for seat, _, _ in laps):
            lap_rows = [DriverLap(by_seat[seat], lap_ms, elapsed) for seat, lap_ms, elapsed in laps]
        else:
            note = "laps of a seat with no driver: times from the classification"
    try:
        times = driving_times(rules, car.class_name, crew, laps=lap_rows, drive_times=drive_times)
    except DrivingTimeInputError as error:
        note = f"{error}: times from the classification"
        times = driving_times(rules, car.class_name, crew, drive_times=drive_times)
    result = []
    for time in times:
        most = time.most_in_window_ms
        if most is None and time.stints:
            most = most_in_window(time.stints, SIX_HOURS_MS)
        elif most is None and time.total_ms is not None and race_hours and race_hours <= 6:
            most = time.total_ms  # a race of six hours or less: all of it is in one window
        result.append(DriverTime(time, most, note, car.status is ResultStatus.CLASSIFIED))
    return result


@dataclass(frozen=True)
class CarChecks:
    crew: CrewVerdict
    times: dict[int, DriverTime]  # by result id

    @property
    def flagged_times(self) -> list[DriverTime]:
        return [time for time in self.times.values() if time.flagged]


def race_checks(
    facts: SeasonFacts, laps: dict[int, list[tuple[int, int, int]]], only: int | None = None
) -> dict[int, CarChecks]:
    """Every car of the race (`facts` of one event): its crew checked with each driver's
    category on the race day, and each driver's driving time. By race entry id."""
    rules = rules_for(facts.season)
    event = facts.events[0]
    checks = {}
    for car in facts.cars:
        if only is not None and car.id != only:
            continue
        verdict = crew_verdict(facts, rules, car, event.starts_on)
        times: dict[int, DriverTime] = {}
        if rules is not None and car.seats:
            found = car_driving_times(
                rules, facts, car, event.starts_on, laps.get(car.id, ()), event.duration_hours
            )
            times = {seat.result_id: time for seat, time in zip(car.seats, found, strict=True)}
        checks[car.id] = CarChecks(verdict, times)
    return checks


def planned_crews(plan: ImportPlan, season: SeasonInfo, day: date) -> dict[str, CrewVerdict]:
    """The crew of every car of an import preview checked like the race page will check it:
    by car number, each seat's category from the one lookup the race page uses (an external
    co-driver already in the event keeps the category recorded for them). Nothing when the
    season has no sporting rules."""
    rules = rules_for(season)
    if rules is None:
        return {}
    drivers = categorisation_facts({seat.driver_id for seat in plan.seats if seat.driver_id})
    recorded = {
        result.id: result.external_category
        for entry in plan.recorded_entries.values()
        for result in entry.results
    }
    verdicts = {}
    for car_plan in plan.cars:
        crew = [
            CrewMember(
                seat.driver_id if seat.driver_id else f"x:{seat.name}",
                seat.driver_name or seat.name,
                category_on_race_day(
                    seat.driver_id,
                    recorded.get(seat.recorded_result_id) if seat.recorded_result_id else None,
                    drivers,
                    day,
                ),
            )
            for seat in car_plan.seats
        ]
        verdicts[car_plan.car.number] = check_crew(rules, car_plan.car.class_name, crew)
    return verdicts
