"""Write a parsed timing file into an event.

Three steps, each usable alone (the web preview stops after the second):

1. `DriverMatcher` finds the academy driver behind a name as timing files write it
   ("R. HIRAKAWA", "Ryo HIRAKAWA", "HIRAKAWA Ryo", "J-E. VERGNE"), by any name form of the
   driver (legal, native script, romanisation), ignoring case and accents. A name that
   matches nobody, or more than one driver, stays an external co-driver.
2. `plan_import(race, event)` compares the file with what the event already holds, in a fixed
   number of statements: the same file again (by SHA-256) changes nothing; a car whose
   result, laps, status or drivers differ from an earlier import or entry is a contradiction,
   reported and never merged; values the event does not have yet are filled in (a
   classification after a lap analysis adds the status and positions, a lap analysis after a
   classification adds each driver's drive time and laps).
3. `write_import(plan, ...)` writes it all into the session and flushes; the caller commits
   once, so the file is imported whole or not at all.

Unlike the parser modules, this one talks to the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import selectinload

from academy import audit
from academy.enums import ResultStatus
from academy.extensions import db
from academy.imports.parsed import ParsedCar, ParsedDriver, ParsedRace, TimingFormat
from academy.models import Driver, Event, ImportBatch, RaceEntry, Result
from academy.text import search_key

# Timing files agree to the second on a car's race time: an hour-by-hour compilation rounds
# to whole seconds where Al Kamel gives milliseconds.
TOTAL_TIME_TOLERANCE_MS = 1000
MAX_SEATS = 5


# --- names ---------------------------------------------------------------------------------


def name_tokens(name: str) -> list[str]:
    return search_key(name).split()


def _is_initial(token: str) -> bool:
    return len(token) == 1 and token.isascii() and token.isalpha()


def lookup_key(name: str) -> str:
    """The key a name from a timing file is looked up by: 'r hirakawa' for 'R. HIRAKAWA',
    'HIRAKAWA R.' or 'J-E. VERGNE' ('j vergne'); the sorted words for a full name, so
    'Ryo HIRAKAWA' and 'HIRAKAWA Ryo' agree."""
    tokens = name_tokens(name)
    if len(tokens) >= 2:
        lead = 0
        while lead < len(tokens) and _is_initial(tokens[lead]):
            lead += 1
        if 0 < lead < len(tokens):
            return f"i:{tokens[0]} {' '.join(tokens[lead:])}"
        trail = 0
        while trail < len(tokens) and _is_initial(tokens[-1 - trail]):
            trail += 1
        if 0 < trail < len(tokens):
            return f"i:{tokens[len(tokens) - trail]} {' '.join(tokens[: len(tokens) - trail])}"
    return "f:" + " ".join(sorted(tokens))


def name_keys(names: Iterable[str]) -> set[str]:
    """Every key under which a person with these name forms may appear in a timing file: the
    full name in any word order, and initial + surname with the surname first or last (legal
    names come in both orders: 'Ren Sato', 'Li Haoran')."""
    keys: set[str] = set()
    for name in names:
        tokens = name_tokens(name)
        if not tokens:
            continue
        keys.add(lookup_key(name))
        keys.add("f:" + " ".join(sorted(tokens)))
        for split in range(1, len(tokens)):
            given_first, surname_last = tokens[:split], tokens[split:]
            keys.add(f"i:{given_first[0][0]} {' '.join(surname_last)}")
            keys.add(f"i:{surname_last[0][0]} {' '.join(given_first)}")
    return keys


def names_agree(first: str, second: str) -> bool:
    """'S. BUEMI' and 'Sébastien Buemi' are one person as far as two timing files tell."""
    return lookup_key(first) in name_keys([second]) or lookup_key(second) in name_keys([first])


@dataclass(frozen=True)
class AcademyName:
    driver_id: int
    name: str  # legal name, for people
    forms: tuple[str, ...]  # every name form on record


@dataclass(frozen=True)
class NameMatch:
    driver_id: int | None
    driver_name: str | None
    candidates: tuple[str, ...] = ()  # more than one driver answers to the name


class DriverMatcher:
    def __init__(self, drivers: Iterable[AcademyName]) -> None:
        self._by_key: dict[str, list[AcademyName]] = defaultdict(list)
        self.keys_of: dict[int, set[str]] = {}
        for driver in drivers:
            keys = name_keys(driver.forms)
            self.keys_of[driver.driver_id] = keys
            for key in keys:
                self._by_key[key].append(driver)

    def match(self, name: str) -> NameMatch:
        found = self._by_key.get(lookup_key(name), [])
        if len(found) == 1:
            return NameMatch(found[0].driver_id, found[0].name)
        return NameMatch(None, None, tuple(sorted(driver.name for driver in found)))

    def is_driver(self, name: str, driver_id: int) -> bool:
        return lookup_key(name) in self.keys_of.get(driver_id, set())


def load_matcher() -> DriverMatcher:
    rows = db.session.execute(
        db.select(Driver.id, Driver.legal_name, Driver.native_name, Driver.romanised_name)
    ).all()
    return DriverMatcher(
        AcademyName(row.id, row.legal_name, tuple(filter(None, row[1:]))) for row in rows
    )


# --- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatPlan:
    parsed: ParsedDriver
    driver_id: int | None
    driver_name: str | None
    note: str = ""  # why a name that looks like an academy driver stays external
    recorded_result_id: int | None = None  # the person already has this seat: fill gaps only
    pending_driver_id: int | None = None  # see academy.imports.permitted

    @property
    def name(self) -> str:
        return self.parsed.name


@dataclass(frozen=True)
class CarPlan:
    car: ParsedCar
    seats: tuple[SeatPlan, ...]
    recorded_entry_id: int | None = None  # the car is already in the event


@dataclass(frozen=True)
class Contradiction:
    car_number: str
    line: int
    differences: tuple[str, ...]

    def __str__(self) -> str:
        return f"line {self.line}, car #{self.car_number}: {'; '.join(self.differences)}"


@dataclass(frozen=True)
class PreviousImport:
    file_name: str
    imported_at: datetime


@dataclass(frozen=True)
class ImportPlan:
    race: ParsedRace
    event_id: int
    cars: tuple[CarPlan, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    previous_import: PreviousImport | None = None
    # Cars the event holds that this file does not mention; they are left as they are.
    cars_not_in_file: tuple[str, ...] = ()
    recorded_entries: dict[int, RaceEntry] = field(default_factory=dict, repr=False, compare=False)

    @property
    def blocking_reason(self) -> str | None:
        """Why nothing can be written, in one sentence; None when the file can be imported."""
        race = self.race
        if race.refusal is not None:
            return f"The file is refused: {race.refusal}"
        if race.errors:
            rows = len(race.errors)
            return (
                f"{rows} row{'s' if rows > 1 else ''} of the file cannot be read (listed with "
                "their line); nothing is imported until the file is corrected."
            )
        if not race.cars:
            return "The file holds no car."
        if self.previous_import is not None:
            return (
                f"This file was already imported into this event "
                f"({self.previous_import.file_name}, {self.previous_import.imported_at:%d %b %Y %H:%M} UTC); "
                "importing it again changes nothing."
            )
        if self.contradictions:
            count = len(self.contradictions)
            return (
                f"The file contradicts what this event already records for {count} "
                f"car{'s' if count > 1 else ''}; nothing is written. Correct the recorded result or "
                "check that the file belongs to this event."
            )
        return None

    @property
    def can_write(self) -> bool:
        return self.blocking_reason is None

    @property
    def seats(self) -> list[SeatPlan]:
        return [seat for car in self.cars for seat in car.seats]

    @property
    def matched(self) -> list[tuple[CarPlan, SeatPlan]]:
        return [(car, seat) for car in self.cars for seat in car.seats if seat.driver_id]

    @property
    def unmatched(self) -> list[tuple[CarPlan, SeatPlan]]:
        return [(car, seat) for car in self.cars for seat in car.seats if not seat.driver_id]

    @property
    def notes(self) -> list[str]:
        notes = []
        if self.race.file_format is TimingFormat.ALKAMEL_LAP_ANALYSIS and any(
            car.recorded_entry_id is None for car in self.cars
        ):
            notes.append(
                "A lap analysis has no result status and no positions: cars not yet recorded in "
                "this event are written as not classified, with their status shown as not "
                "known, until the event's classification is imported."
            )
        if self.cars_not_in_file:
            notes.append(
                f"{len(self.cars_not_in_file)} car(s) recorded in this event are not in the file "
                f"(#{', #'.join(self.cars_not_in_file)}); they are left as they are."
            )
        return notes


def plan_import(race: ParsedRace, event: Event, matcher: DriverMatcher | None = None) -> ImportPlan:
    """What importing `race` into `event` would do. Four statements, whatever the file."""
    previous = db.session.execute(
        db.select(ImportBatch).where(
            ImportBatch.event_id == event.id, ImportBatch.sha256 == race.sha256
        )
    ).scalar_one_or_none()
    if previous is not None:
        return ImportPlan(
            race, event.id, previous_import=PreviousImport(previous.file_name, previous.imported_at)
        )
    if not race.ok:
        return ImportPlan(race, event.id)
    matcher = matcher or load_matcher()
    entries = {
        entry.car_number: entry
        for entry in db.session.execute(
            db.select(RaceEntry)
            .where(RaceEntry.event_id == event.id)
            .options(selectinload(RaceEntry.results).joinedload(Result.driver))
        ).scalars()
    }
    provisional = _entries_from_lap_analysis_only(event.id)
    cars: list[CarPlan] = []
    contradictions: list[Contradiction] = []
    seen_drivers: dict[int, str] = {}
    for car in race.cars:
        seats = [_match_seat(matcher, seat, car.number, seen_drivers) for seat in car.drivers]
        entry = entries.get(car.number)
        if entry is None:
            cars.append(CarPlan(car, tuple(seats)))
            continue
        differences = _car_differences(entry, car, entry.id in provisional)
        seats, seat_differences = _align_seats(entry, seats, matcher)
        differences += seat_differences
        if differences:
            contradictions.append(Contradiction(car.number, car.line, tuple(differences)))
        cars.append(CarPlan(car, tuple(seats), recorded_entry_id=entry.id))
    in_file = {car.number for car in race.cars}
    return ImportPlan(
        race,
        event.id,
        cars=tuple(cars),
        contradictions=tuple(contradictions),
        cars_not_in_file=tuple(sorted((n for n in entries if n not in in_file), key=_car_order)),
        recorded_entries={entry.id: entry for entry in entries.values()},
    )


def _car_order(number: str) -> tuple[int, str]:
    digits = "".join(char for char in number if char.isdigit())
    return (int(digits) if digits else 0, number)


def _entries_from_lap_analysis_only(event_id: int) -> set[int]:
    """Cars whose status was a placeholder: written from a lap analysis, never classified."""
    return set(
        db.session.execute(
            db.select(RaceEntry.id)
            .join(ImportBatch, ImportBatch.id == RaceEntry.import_batch_id)
            .where(
                RaceEntry.event_id == event_id,
                ImportBatch.file_format == TimingFormat.ALKAMEL_LAP_ANALYSIS.value,
                RaceEntry.position_overall.is_(None),
            )
        ).scalars()
    )


def _match_seat(
    matcher: DriverMatcher, parsed: ParsedDriver, car_number: str, seen: dict[int, str]
) -> SeatPlan:
    found = matcher.match(parsed.name)
    if found.driver_id is None:
        note = f"answers to {' and '.join(found.candidates)}" if found.candidates else ""
        return SeatPlan(parsed, None, None, note)
    if found.driver_id in seen:
        return SeatPlan(
            parsed,
            None,
            None,
            f"{found.driver_name} is already matched in car #{seen[found.driver_id]}",
        )
    seen[found.driver_id] = car_number
    return SeatPlan(parsed, found.driver_id, found.driver_name)


def _show_ms(ms: int | None) -> str:
    if ms is None:
        return "none"
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest / 1000:06.3f}"


def _car_differences(entry: RaceEntry, car: ParsedCar, provisional: bool) -> list[str]:
    """What the file says differently about the car. `provisional`: the recorded status and
    positions are the placeholder of a lap analysis, so a classification may set them."""
    differences = []
    if entry.race_class is not car.race_class:
        differences.append(
            f"class {entry.race_class.value} recorded, {car.race_class.value} in this file"
        )
    if entry.laps != car.laps:
        differences.append(f"{entry.laps} laps recorded, {car.laps} in this file")
    if car.status is not None and not provisional:
        if entry.status is not car.status:
            differences.append(
                f"status {entry.status.value.replace('_', ' ')} recorded, "
                f"{car.status.value.replace('_', ' ')} in this file"
            )
        for what, recorded, in_file in (
            ("position overall", entry.position_overall, car.position_overall),
            ("position in class", entry.position_in_class, car.position_in_class),
        ):
            if recorded is not None and in_file is not None and recorded != in_file:
                differences.append(f"{what} {recorded} recorded, {in_file} in this file")
    if (
        entry.total_time_ms is not None
        and car.total_time_ms is not None
        and abs(entry.total_time_ms - car.total_time_ms) > TOTAL_TIME_TOLERANCE_MS
    ):
        differences.append(
            f"race time {_show_ms(entry.total_time_ms)} recorded, "
            f"{_show_ms(car.total_time_ms)} in this file"
        )
    return differences


def _is_person(result: Result, seat: SeatPlan, matcher: DriverMatcher) -> bool:
    if result.driver_id is not None:
        return seat.driver_id == result.driver_id or matcher.is_driver(seat.name, result.driver_id)
    return names_agree(result.external_name, seat.name)


def _align_seats(
    entry: RaceEntry, seats: list[SeatPlan], matcher: DriverMatcher
) -> tuple[list[SeatPlan], list[str]]:
    """Pair each driver of the file with the same person already recorded in the car (at any
    seat: files number seats differently), and say where the file disagrees."""
    differences: list[str] = []
    unclaimed = list(entry.results)
    pairs: dict[int, Result] = {}
    for index, seat in enumerate(seats):
        same = next((result for result in unclaimed if _is_person(result, seat, matcher)), None)
        if same is not None:
            unclaimed.remove(same)
            pairs[index] = same
    aligned: list[SeatPlan] = []
    newcomers = 0
    for index, seat in enumerate(seats):
        same = pairs.get(index)
        if same is None:
            holder = next((r for r in unclaimed if r.seat == seat.parsed.seat), None)
            if holder is not None:
                differences.append(
                    f"seat {seat.parsed.seat} is {holder.name} on record, {seat.name} in this file"
                )
            newcomers += 1
            aligned.append(seat)
            continue
        differences += _seat_differences(same, seat)
        # The recorded person keeps their academy link even if the file spells them otherwise.
        aligned.append(
            SeatPlan(
                seat.parsed,
                same.driver_id,
                same.driver.legal_name if same.driver is not None else None,
                seat.note if same.driver_id is None else "",
                recorded_result_id=same.id,
            )
        )
    if len(entry.results) + newcomers > MAX_SEATS:
        differences.append(
            f"{len(entry.results)} drivers on record and {newcomers} more in this file; a car "
            f"has at most {MAX_SEATS}"
        )
    return aligned, differences


def _seat_differences(recorded: Result, seat: SeatPlan) -> list[str]:
    differences = []
    parsed = seat.parsed
    for what, on_record, in_file in (
        ("drive time", recorded.drive_time_ms, parsed.drive_time_ms),
        ("laps", recorded.laps, parsed.laps),
        ("night laps", recorded.night_laps, parsed.night_laps),
    ):
        if on_record is not None and in_file is not None and on_record != in_file:
            if what == "drive time":
                on_record, in_file = _show_ms(on_record), _show_ms(in_file)
            differences.append(f"{seat.name}: {what} {on_record} recorded, {in_file} in this file")
    return differences


# --- writing -------------------------------------------------------------------------------


class ImportRefused(Exception):
    """The plan cannot be written; the message says why."""


@dataclass(frozen=True)
class ImportSummary:
    batch_id: int
    cars_added: int
    cars_updated: int
    results_added: int
    results_updated: int
    academy_results: int

    def __str__(self) -> str:
        return (
            f"{self.cars_added} cars added, {self.cars_updated} updated; "
            f"{self.results_added} driver results added, {self.results_updated} updated; "
            f"{self.academy_results} academy driver results"
        )


def write_import(plan: ImportPlan, event: Event, *, imported_by_id: int | None) -> ImportSummary:
    """Write the plan into the session and flush. Raises ImportRefused when it cannot be
    written; the caller commits (or rolls back) the whole import at once."""
    reason = plan.blocking_reason
    if reason is not None:
        raise ImportRefused(reason)
    race = plan.race
    assert race.file_format is not None
    batch = ImportBatch(
        event_id=event.id,
        file_name=race.file_name[:255],
        file_format=race.file_format.value,
        sha256=race.sha256,
        row_count=race.data_rows,
        imported_by_id=imported_by_id,
    )
    db.session.add(batch)
    db.session.flush()
    new_entries: list[RaceEntry] = []
    cars_updated = results_added = results_updated = 0
    for car_plan in plan.cars:
        if car_plan.recorded_entry_id is None:
            entry = _new_entry(car_plan, event, batch)
            new_entries.append(entry)
            results_added += len(entry.results)
            continue
        entry = plan.recorded_entries[car_plan.recorded_entry_id]
        changed, added, updated = _fill_entry(entry, car_plan)
        cars_updated += changed or bool(added or updated)
        results_added += added
        results_updated += updated
    db.session.add_all(new_entries)
    db.session.flush()
    summary = ImportSummary(
        batch_id=batch.id,
        cars_added=len(new_entries),
        cars_updated=cars_updated,
        results_added=results_added,
        results_updated=results_updated,
        academy_results=len(plan.matched),
    )
    audit.record(
        "results_imported",
        batch,
        after={
            "event_id": event.id,
            "file_name": batch.file_name,
            "file_format": batch.file_format,
            "sha256": batch.sha256,
            "rows": batch.row_count,
            "cars_added": summary.cars_added,
            "cars_updated": summary.cars_updated,
            "results_added": summary.results_added,
            "results_updated": summary.results_updated,
            "academy_drivers": sorted(
                {seat.driver_id for _, seat in plan.matched if seat.driver_id}
            ),
        },
        actor_id=imported_by_id,
    )
    return summary


def _new_entry(car_plan: CarPlan, event: Event, batch: ImportBatch) -> RaceEntry:
    car = car_plan.car
    entry = RaceEntry(
        event_id=event.id,
        car_number=car.number,
        team=car.team[:200],
        car=car.vehicle[:200],
        race_class=car.race_class,
        # A lap analysis has no status; not classified until a classification says otherwise.
        status=car.status or ResultStatus.NOT_CLASSIFIED,
        position_overall=car.position_overall,
        position_in_class=car.position_in_class,
        laps=car.laps,
        total_time_ms=car.total_time_ms,
        best_lap_ms=car.best_lap_ms,
        points=Decimal(0),
        import_batch_id=batch.id,
    )
    entry.results = [_new_result(seat, seat.parsed.seat) for seat in car_plan.seats]
    return entry


def _new_result(seat: SeatPlan, number: int) -> Result:
    parsed = seat.parsed
    return Result(
        driver_id=seat.driver_id,
        external_name="" if seat.driver_id else parsed.name[:300],
        pending_driver_id=seat.pending_driver_id,
        seat=number,
        drive_time_ms=parsed.drive_time_ms,
        laps=parsed.laps,
        night_laps=parsed.night_laps,
        best_lap_ms=parsed.best_lap_ms,
    )


def _fill_entry(entry: RaceEntry, car_plan: CarPlan) -> tuple[bool, int, int]:
    """Fill what the event does not know yet; the plan has made sure nothing disagrees."""
    car = car_plan.car
    changed = False
    if (
        car.status is not None
        and entry.position_overall is None
        and (entry.status is not car.status or car.position_overall is not None)
    ):
        entry.status = car.status
        entry.position_overall = car.position_overall
        entry.position_in_class = car.position_in_class
        changed = True
    for name, value in (("total_time_ms", car.total_time_ms), ("best_lap_ms", car.best_lap_ms)):
        if getattr(entry, name) is None and value is not None:
            setattr(entry, name, value)
            changed = True
    if not entry.car and car.vehicle:
        entry.car = car.vehicle[:200]
        changed = True
    results = {result.id: result for result in entry.results}
    taken = {result.seat for result in entry.results}
    added = updated = 0
    for seat in car_plan.seats:
        if seat.recorded_result_id is not None:
            updated += _fill_result(results[seat.recorded_result_id], seat.parsed)
            continue
        number = seat.parsed.seat
        if number in taken:
            # Its recorded holder is in the file under another seat number; the plan checked
            # that the car has a seat left.
            number = next(n for n in range(1, MAX_SEATS + 1) if n not in taken)
        taken.add(number)
        entry.results.append(_new_result(seat, number))
        added += 1
    return changed, added, updated


def _fill_result(result: Result, parsed: ParsedDriver) -> int:
    changed = 0
    for name in ("drive_time_ms", "laps", "night_laps", "best_lap_ms"):
        value = getattr(parsed, name)
        if getattr(result, name) is None and value is not None:
            setattr(result, name, value)
            changed = 1
    return changed
