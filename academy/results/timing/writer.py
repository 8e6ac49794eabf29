"""Write a parsed timing file into an event.

Three steps, each usable alone (the web preview stops after the second):

1. `DriverMatcher` finds the academy driver behind a name as timing files write it
   ("R. HIRAKAWA", "Ryo HIRAKAWA", "HIRAKAWA Ryo", "J-E. VERGNE"), by any name form of the
   driver (legal, native script, romanisation), ignoring case and accents. A name that
   matches nobody, or more than one driver, stays an external co-driver.
2. `plan_import(race, event)` compares the file with what the event already holds, in a fixed
   number of statements: the same file again (by SHA-256) changes nothing; values the event
   does not have yet are filled in. A classification and a lap analysis of the same race
   complete each other: the classification is the authority for status, positions, race time
   and the car's name, the lap analysis for laps, best lap, stints, pit stops and drive times
   (`AUTHORITY`). Where they disagree the plan keeps the authority's value and says so with
   both values (`Reconciliation`, a warning), so either order gives the same result. Two files
   of the same kind that disagree are a contradiction, reported and never merged.
3. `write_import(plan, ...)` writes it all into the session and flushes; the caller commits
   once, so the file is imported whole or not at all.

Unlike the parser modules, this one talks to the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.orm import selectinload

from academy import audit
from academy.enums import ResultStatus
from academy.extensions import db
from academy.formatting import format_moment
from academy.models import Driver, Event, ImportBatch, Lap, RaceEntry, Result
from academy.results.timing.parsed import (
    MAX_SEATS,
    ParsedCar,
    ParsedDriver,
    ParsedRace,
    TimingFormat,
)
from academy.results.timing.teams import (
    TeamMatch,
    TeamMatcher,
    attach_season_entries,
    load_team_matcher,
)
from academy.text import search_key

# Timing files agree to the second on a car's race time: an hour-by-hour compilation rounds
# to whole seconds where Al Kamel gives milliseconds.
TOTAL_TIME_TOLERANCE_MS = 1000
# The hour-by-hour compilation gives best laps in tenths (03:29.7).
BEST_LAP_TOLERANCE_MS = 100


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
    pending_driver_id: int | None = None  # see academy.results.timing.permitted

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


LAP_ANALYSIS = "lap analysis"
CLASSIFICATION = "classification"
# Which kind of file is believed for what, when a classification and a lap analysis of the
# same race disagree.
AUTHORITY = {
    "status": CLASSIFICATION,
    "positions": CLASSIFICATION,
    "race time": CLASSIFICATION,
    "car": CLASSIFICATION,
    "laps": LAP_ANALYSIS,
    "best lap": LAP_ANALYSIS,
    "drive time": LAP_ANALYSIS,
    "driver": CLASSIFICATION,
    "class": "file that splits the class by GROUP",
}


def file_kind(race: ParsedRace) -> str:
    return LAP_ANALYSIS if race.file_format is TimingFormat.ALKAMEL_LAP_ANALYSIS else CLASSIFICATION


@dataclass(frozen=True)
class Reconciliation:
    """A classification and a lap analysis disagree: both values, and the one kept."""

    car_number: str
    line: int
    what: str
    recorded: str
    in_file: str
    kept_from_file: bool

    def __str__(self) -> str:
        kept = self.in_file if self.kept_from_file else self.recorded
        if self.what == "class":
            return (
                f"line {self.line}, car #{self.car_number}: class {self.recorded} recorded, "
                f"{self.in_file} in this file; {kept} is kept (the class split by GROUP), and "
                "positions in class are worked out again"
            )
        if self.what == "driver":
            fuller = self.in_file if _fuller(self.in_file, self.recorded) else self.recorded
            return (
                f"line {self.line}, car #{self.car_number}: {self.recorded} recorded, "
                f"{self.in_file} in this file at the same seat; taken as one driver, "
                f"named {fuller} (the name spelt out more)"
            )
        return (
            f"line {self.line}, car #{self.car_number}: {self.what} {self.recorded} recorded, "
            f"{self.in_file} in this file; {kept} is kept (the {AUTHORITY[self.what]} is the "
            f"authority for {self.what})"
        )


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
    reconciliations: tuple[Reconciliation, ...] = ()
    previous_import: PreviousImport | None = None
    # Cars the event holds that this file does not mention; they are left as they are.
    cars_not_in_file: tuple[str, ...] = ()
    # Cars of a lap analysis that the event's classification does not have: kept, as not
    # classified with the status not known, and said.
    cars_not_classified: tuple[tuple[str, int], ...] = ()
    recorded_entries: dict[int, RaceEntry] = field(default_factory=dict, repr=False, compare=False)
    # The team behind each team name of the file (`academy.results.timing.teams`).
    team_matches: tuple[TeamMatch, ...] = ()
    teams: TeamMatcher | None = field(default=None, repr=False, compare=False)

    @property
    def unmatched_teams(self) -> list[TeamMatch]:
        """The file's team names no team has: new teams on import unless mapped first."""
        return [match for match in self.team_matches if match.team_id is None]

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
        if race.unknown_classes:
            return (
                f"The file names classes the academy does not know ("
                f"{', '.join(race.unknown_classes)}): map each to a known class or add it; "
                "nothing is imported until then."
            )
        if self.previous_import is not None:
            return (
                f"This file was already imported into this event "
                f"({self.previous_import.file_name}, "
                f"{format_moment(self.previous_import.imported_at)}); "
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
        for number, line in self.cars_not_classified:
            notes.append(
                f"line {line}: car #{number} is in this lap analysis but not in the event's "
                "classification; it is kept, with its status not known"
            )
        if self.cars_not_in_file:
            notes.append(
                f"{len(self.cars_not_in_file)} car(s) recorded in this event are not in the file "
                f"(#{', #'.join(self.cars_not_in_file)}); they are left as they are."
            )
        return notes


def plan_import(race: ParsedRace, event: Event, matcher: DriverMatcher | None = None) -> ImportPlan:
    """What importing `race` into `event` would do. Six statements, whatever the file."""
    previous = db.session.execute(
        db.select(ImportBatch).where(
            ImportBatch.event_id == event.id, ImportBatch.sha256 == race.sha256
        )
    ).scalar_one_or_none()
    # A file imported before is still planned in full, so its preview counts the same cars and
    # names as the first time (it only cannot be written again).
    previous_import = (
        PreviousImport(previous.file_name, previous.imported_at) if previous is not None else None
    )
    if not race.ok:
        return ImportPlan(race, event.id, previous_import=previous_import)
    matcher = matcher or load_matcher()
    entries = {
        entry.car_number: entry
        for entry in db.session.execute(
            db.select(RaceEntry)
            .where(RaceEntry.event_id == event.id)
            .options(selectinload(RaceEntry.results).joinedload(Result.driver))
        ).scalars()
    }
    provisional, recorded_kinds = _recorded_sources(event.id)
    kind = file_kind(race)
    cars: list[CarPlan] = []
    contradictions: list[Contradiction] = []
    reconciliations: list[Reconciliation] = []
    seen_drivers: dict[int, str] = {}
    for car in race.cars:
        seats = [_match_seat(matcher, seat, car.number, seen_drivers) for seat in car.drivers]
        entry = entries.get(car.number)
        if entry is None:
            cars.append(CarPlan(car, tuple(seats)))
            continue
        other_kind = recorded_kinds.get(entry.id, kind) != kind
        differences, reconciled = _car_differences(
            entry, car, entry.id in provisional, kind if other_kind else None
        )
        reconciliations += reconciled
        seats, seat_differences, renamed = _align_seats(entry, seats, matcher, other_kind)
        reconciliations += [
            Reconciliation(car.number, car.line, "driver", on_record, in_file, False)
            for on_record, in_file in renamed
        ]
        differences += seat_differences
        if differences:
            contradictions.append(Contradiction(car.number, car.line, tuple(differences)))
        cars.append(CarPlan(car, tuple(seats), recorded_entry_id=entry.id))
    in_file = {car.number for car in race.cars}
    teams = load_team_matcher()
    team_matches = tuple(teams.match(name) for name in dict.fromkeys(c.team for c in race.cars))
    classified_before = any(k == CLASSIFICATION for k in recorded_kinds.values())
    not_classified = tuple(
        (plan.car.number, plan.car.line)
        for plan in cars
        if kind == LAP_ANALYSIS and classified_before and plan.recorded_entry_id is None
    )
    return ImportPlan(
        race,
        event.id,
        cars=tuple(cars),
        contradictions=tuple(contradictions),
        reconciliations=tuple(reconciliations),
        cars_not_classified=not_classified,
        cars_not_in_file=tuple(sorted((n for n in entries if n not in in_file), key=_car_order)),
        recorded_entries={entry.id: entry for entry in entries.values()},
        previous_import=previous_import,
        team_matches=team_matches,
        teams=teams,
    )


def _car_order(number: str) -> tuple[int, str]:
    digits = "".join(char for char in number if char.isdigit())
    return (int(digits) if digits else 0, number)


def _recorded_sources(event_id: int) -> tuple[set[int], dict[int, str]]:
    """For the event's entries, in one statement: those whose status is a placeholder (written
    from a lap analysis, never classified), and the kind of file each was first written from
    (entries typed by hand count as a classification)."""
    rows = db.session.execute(
        db.select(RaceEntry.id, RaceEntry.position_overall, ImportBatch.file_format)
        .outerjoin(ImportBatch, ImportBatch.id == RaceEntry.import_batch_id)
        .where(RaceEntry.event_id == event_id)
    ).all()
    lap_analysis = TimingFormat.ALKAMEL_LAP_ANALYSIS.value
    provisional = {
        row.id for row in rows if row.file_format == lap_analysis and row.position_overall is None
    }
    kinds = {
        row.id: LAP_ANALYSIS if row.file_format == lap_analysis else CLASSIFICATION for row in rows
    }
    return provisional, kinds


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


def _car_differences(
    entry: RaceEntry, car: ParsedCar, provisional: bool, reconcile_as: str | None
) -> tuple[list[str], list[Reconciliation]]:
    """What the file says differently about the car: contradictions, and (`reconcile_as`: the
    kind of this file, when the car was recorded from the other kind) reconciliations.
    `provisional`: the recorded status and positions are the placeholder of a lap analysis, so
    a classification may set them."""
    differences: list[str] = []
    reconciled: list[Reconciliation] = []
    recorded_class = entry.class_name or entry.race_class.value
    if recorded_class.upper() != car.class_name.upper():
        if reconcile_as is not None and (
            refines(car.class_name, recorded_class) or refines(recorded_class, car.class_name)
        ):
            # One file splits the class by GROUP (LMP2 -> LMP2 Pro/Am), the other does not.
            reconciled.append(
                Reconciliation(
                    car.number,
                    car.line,
                    "class",
                    recorded_class,
                    car.class_name,
                    kept_from_file=refines(car.class_name, recorded_class),
                )
            )
        else:
            differences.append(f"class {recorded_class} recorded, {car.class_name} in this file")

    def differ(what: str, recorded: str, in_file: str) -> None:
        if reconcile_as is None:
            if what == "laps":
                differences.append(f"{recorded} laps recorded, {in_file} in this file")
            else:
                differences.append(f"{what} {recorded} recorded, {in_file} in this file")
        else:
            reconciled.append(
                Reconciliation(
                    car.number,
                    car.line,
                    what,
                    recorded,
                    in_file,
                    kept_from_file=AUTHORITY[what] == reconcile_as,
                )
            )

    if entry.laps != car.laps:
        differ("laps", str(entry.laps), str(car.laps))
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
        differ("race time", _show_ms(entry.total_time_ms), _show_ms(car.total_time_ms))
    if reconcile_as is not None:
        if (
            entry.best_lap_ms is not None
            and car.best_lap_ms is not None
            and abs(entry.best_lap_ms - car.best_lap_ms) > BEST_LAP_TOLERANCE_MS
        ):
            differ("best lap", _show_ms(entry.best_lap_ms), _show_ms(car.best_lap_ms))
        if entry.car and car.vehicle and not _same_car(entry.car, car.vehicle):
            differ("car", repr(entry.car), repr(car.vehicle))
    return differences, reconciled


def _same_car(one: str, other: str) -> bool:
    """'Oreca' (a lap analysis's MANUFACTURER) names the same car as 'Oreca 07 - Gibson'."""
    first, second = search_key(one), search_key(other)
    return first == second or first.startswith(second + " ") or second.startswith(first + " ")


def _fuller(name: str, than: str) -> bool:
    """Whether `name` spells a person out more than `than` does ('Ryo HIRAKAWA', 'R. HIRAKAWA')."""
    return len(search_key(name).replace(" ", "")) > len(search_key(than).replace(" ", ""))


def refines(specific: str, general: str) -> bool:
    """'LMP2 Pro/Am' is 'LMP2' split by its GROUP."""
    return specific.upper().startswith(general.upper() + " ")


def _is_person(result: Result, seat: SeatPlan, matcher: DriverMatcher) -> bool:
    if result.driver_id is not None:
        return seat.driver_id == result.driver_id or matcher.is_driver(seat.name, result.driver_id)
    return names_agree(result.external_name, seat.name)


def _align_seats(
    entry: RaceEntry, seats: list[SeatPlan], matcher: DriverMatcher, reconcile: bool = False
) -> tuple[list[SeatPlan], list[str], list[tuple[str, str]]]:
    """Pair each driver of the file with the same person already recorded in the car (at any
    seat: files number seats differently), and say where the file disagrees."""
    differences: list[str] = []
    renamed: list[tuple[str, str]] = []  # (name on record, name in the file): one driver
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
            if holder is not None and reconcile and seat.driver_id is None:
                # A classification and a lap analysis of one race name the same seat two ways
                # ('J. SMITH', 'John SMYTH'): the same driver, spelt differently.
                unclaimed.remove(holder)
                same = holder
                seat = replace(seat, note=f"named {holder.name!r} on record")
                renamed.append((holder.name, seat.name))
            elif holder is not None:
                differences.append(
                    f"seat {seat.parsed.seat} is {holder.name} on record, {seat.name} in this file"
                )
            if same is None:
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
    return aligned, differences, renamed


def _seat_differences(recorded: Result, seat: SeatPlan) -> list[str]:
    differences = []
    parsed = seat.parsed
    for what, on_record, in_file in (
        ("drive time", recorded.drive_time_ms, parsed.drive_time_ms),
        ("laps", recorded.laps, parsed.laps),
        ("night laps", recorded.night_laps, parsed.night_laps),
    ):
        if on_record is not None and in_file is not None and on_record != in_file:
            shown = _show_ms if what == "drive time" else str
            differences.append(
                f"{seat.name}: {what} {shown(on_record)} recorded, {shown(in_file)} in this file"
            )
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
    laps_added: int = 0

    def __str__(self) -> str:
        laps = f"; {self.laps_added} laps stored" if self.laps_added else ""
        return (
            f"{self.cars_added} cars added, {self.cars_updated} updated; "
            f"{self.results_added} driver results added, {self.results_updated} updated; "
            f"{self.academy_results} academy driver results{laps}"
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
    with_laps: list[tuple[RaceEntry, CarPlan]] = []
    cars_updated = results_added = results_updated = 0
    for car_plan in plan.cars:
        if car_plan.recorded_entry_id is None:
            entry = _new_entry(car_plan, event, batch)
            new_entries.append(entry)
            results_added += len(entry.results)
            if car_plan.car.laps_detail:
                with_laps.append((entry, car_plan))
            continue
        entry = plan.recorded_entries[car_plan.recorded_entry_id]
        if car_plan.car.laps_detail:
            with_laps.append((entry, car_plan))
        changed, added, updated = _fill_entry(entry, car_plan)
        cars_updated += changed or bool(added or updated)
        results_added += added
        results_updated += updated
    db.session.add_all(new_entries)
    db.session.flush()
    attach_season_entries(
        [*new_entries, *plan.recorded_entries.values()], event.season_id, matcher=plan.teams
    )
    laps_written = _write_laps(with_laps)
    if any(item.what == "class" for item in plan.reconciliations):
        _rank_in_class(event.id)
    if laps_written:
        # Night running follows from the laps: any lap that crossed the line in the dark.
        night = any(lap.night for _, plan_ in with_laps for lap in plan_.car.laps_detail)
        if event.night_running != night:
            event.night_running = night
        db.session.flush()
    summary = ImportSummary(
        batch_id=batch.id,
        cars_added=len(new_entries),
        cars_updated=cars_updated,
        results_added=results_added,
        results_updated=results_updated,
        academy_results=len(plan.matched),
        laps_added=laps_written,
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


def _rank_in_class(event_id: int) -> None:
    """Positions in class again from the overall positions, once a class was split by GROUP."""
    entries = db.session.execute(
        db.select(RaceEntry)
        .where(RaceEntry.event_id == event_id, RaceEntry.position_overall.is_not(None))
        .order_by(RaceEntry.position_overall)
    ).scalars()
    seen: dict[str, int] = defaultdict(int)
    for entry in entries:
        key = entry.class_name or entry.race_class.value
        seen[key] += 1
        if entry.position_in_class != seen[key]:
            entry.position_in_class = seen[key]
    db.session.flush()


LAP_COLUMNS = (
    "entry_id",
    "seat",
    "lap_number",
    "lap_ms",
    "s1_ms",
    "s2_ms",
    "s3_ms",
    "in_pit",
    "pit_time_ms",
    "flag",
    "elapsed_ms",
    "hour_ms",
    "night",
)


def _write_laps(with_laps: list[tuple[RaceEntry, CarPlan]]) -> int:
    """Every lap of the lap analysis in bulk: COPY on PostgreSQL (a 24-hour race is some 20,000
    laps), one multi-row INSERT batch elsewhere. A car's earlier laps are replaced (a later lap
    analysis of the same race covers more of it). Inside the import's transaction."""
    if not with_laps:
        return 0
    db.session.execute(delete(Lap).where(Lap.entry_id.in_([entry.id for entry, _ in with_laps])))
    rows = [
        (
            entry.id,
            lap.seat,
            lap.lap,
            lap.lap_ms,
            lap.s1_ms,
            lap.s2_ms,
            lap.s3_ms,
            lap.in_pit,
            lap.pit_time_ms,
            lap.flag,
            lap.elapsed_ms,
            lap.hour_ms,
            lap.night,
        )
        for entry, car_plan in with_laps
        for lap in car_plan.car.laps_detail
    ]
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        # psycopg 3's connection: COPY is many times faster than INSERT for laps
        raw: Any = connection.connection.dbapi_connection
        columns = ", ".join(LAP_COLUMNS)
        with raw.cursor() as cursor, cursor.copy(f"COPY laps ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        db.session.execute(insert(Lap), [dict(zip(LAP_COLUMNS, row, strict=True)) for row in rows])
    return len(rows)


def _new_entry(car_plan: CarPlan, event: Event, batch: ImportBatch) -> RaceEntry:
    car = car_plan.car
    entry = RaceEntry(
        event_id=event.id,
        car_number=car.number,
        team=car.team[:200],
        car=car.vehicle[:200],
        race_class=car.race_class,
        class_name=car.class_name[:40],
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
        external_name=parsed.name[:300],
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
    authority = LAP_ANALYSIS if car.status is None else CLASSIFICATION
    if entry.class_name and refines(car.class_name, entry.class_name) and car.race_class:
        entry.class_name = car.class_name[:40]
        entry.race_class = car.race_class
        changed = True
    for name, value, believed in (
        ("total_time_ms", car.total_time_ms, authority == CLASSIFICATION),
        ("best_lap_ms", car.best_lap_ms, authority == LAP_ANALYSIS),
        ("laps", car.laps, authority == LAP_ANALYSIS),
    ):
        current = getattr(entry, name)
        if value is not None and current != value and (current is None or believed):
            setattr(entry, name, value)
            changed = True
    # A classification names the car ('Oreca 07 - Gibson'); a lap analysis only its maker.
    if car.vehicle and entry.car != car.vehicle and (not entry.car or authority == CLASSIFICATION):
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
    if _fuller(parsed.name, result.external_name):
        # 'Sébastien BUEMI' (lap analysis) over 'S. BUEMI' (hour by hour), in either order.
        result.external_name = parsed.name[:300]
        changed = 1
    for name in ("drive_time_ms", "laps", "night_laps", "best_lap_ms"):
        value = getattr(parsed, name)
        if getattr(result, name) is None and value is not None:
            setattr(result, name, value)
            changed = 1
    return changed
