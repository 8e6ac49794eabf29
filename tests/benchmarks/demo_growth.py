"""Benchmark data: grow the seeded demo academy (tests/demo) to thousands of drivers with bulk
inserts, for the load test and the page, inbox and scouting benchmarks.

Fields stay the size of real ones: a race takes at most FIELD_LIMIT cars, so the added drivers
fill the demo's races up to it and race the rest of their programme in club races on the same
days and circuits (series CLUB, which has no sporting rules), as most drivers of a real academy
of thousands would."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from academy.enums import (
    Categorisation,
    LicenceGrade,
    RaceClass,
    ResultStatus,
    Role,
    SessionType,
)
from academy.extensions import db
from academy.models import (
    Circuit,
    CoachingSession,
    Cohort,
    Competency,
    Driver,
    Event,
    Grade,
    Licence,
    MedicalCertificate,
    RaceEntry,
    Result,
    Season,
    Series,
    User,
)
from tests.demo.seed import CARS, EXTERNAL_DRIVERS, TEAMS

GROWTH_GIVEN_NAMES = [
    "Kaito",
    "Mei",
    "Jun",
    "Hana",
    "Wei",
    "Ling",
    "Min-ho",
    "Ji-woo",
    "Somchai",
    "Ananya",
    "Lucas",
    "Emma",
    "Noah",
    "Mia",
    "Arjun",
    "Priya",
    "Oliver",
    "Chloé",
    "Mateo",
    "Sofia",
]
GROWTH_FAMILY_NAMES = [
    "Takahashi",
    "Ito",
    "Wu",
    "Zhou",
    "Choi",
    "Jung",
    "Suzuki",
    "Huang",
    "Rattana",
    "Sharma",
    "Martin",
    "Müller",
    "Rossi",
    "García",
    "Nowak",
    "Jensen",
    "Smith",
    "Nguyen",
    "Tan",
    "Lim",
]
GROWTH_NATIONALITIES = [
    "JPN",
    "CHN",
    "KOR",
    "THA",
    "IND",
    "AUS",
    "FRA",
    "DEU",
    "ITA",
    "ESP",
    "GBR",
    "MYS",
]
# The most cars in one race: the ALMS and ELMS grids run to about 40-50 cars, Le Mans to 62.
FIELD_LIMIT = 60
CLUB_SERIES = ("CLUB", "Club and national races")


def build_grown_academy(total_drivers: int, seed: int = 2026) -> None:
    """Migrate the app's empty database, seed the demo academy and grow it, committed (inside
    an app context)."""
    from flask_migrate import upgrade

    from tests.demo.seed import seed_demo

    upgrade()
    seed_demo(seed)
    db.session.commit()
    grow_demo(total_drivers, seed=seed)
    db.session.commit()


def grow_demo(total_drivers: int, seed: int = 2026, sessions_per_driver: int = 10) -> int:
    """Add drivers to the seeded demo academy until it has `total_drivers`, each with a
    licence, a medical, races in the demo events and graded sessions. Bulk inserts: used by
    the load test and benchmarks. Returns how many drivers were added."""
    from sqlalchemy import func, insert, select

    rng = random.Random(seed)
    existing = db.session.execute(select(func.count(Driver.id))).scalar_one()
    to_add = total_drivers - existing
    if to_add <= 0:
        return 0
    coach_ids = list(db.session.execute(select(User.id).where(User.role == Role.COACH)).scalars())
    cohort_ids = list(db.session.execute(select(Cohort.id)).scalars())
    competency_ids = list(db.session.execute(select(Competency.id)).scalars())
    circuit_ids = list(db.session.execute(select(Circuit.id)).scalars())
    events = db.session.execute(
        select(Event.id, Event.starts_on, Event.circuit_id, Event.duration_hours)
        .join(Event.season)
        .join(Season.series)
        .where(Series.code.in_(["ALMS", "ELMS"]))
    ).all()
    cars_in = dict(
        db.session.execute(
            select(RaceEntry.event_id, func.count(RaceEntry.id)).group_by(RaceEntry.event_id)
        ).all()
    )
    fields = _Fields(events, cars_in)

    driver_rows = []
    for index in range(to_add):
        name = f"{rng.choice(GROWTH_GIVEN_NAMES)} {rng.choice(GROWTH_FAMILY_NAMES)} {existing + index + 1}"
        driver_rows.append(
            {
                "legal_name": name,
                "native_name": None,
                "romanised_name": None,
                "search_text": name.lower(),
                "nationality": rng.choice(GROWTH_NATIONALITIES),
                "date_of_birth": date(1975, 1, 1) + timedelta(days=rng.randint(0, 12000)),
                "categorisation": rng.choice(list(Categorisation)),
                "categorisation_review_on": date(2026, 12, 5),
                "cohort_id": rng.choice(cohort_ids),
                "coach_id": rng.choice(coach_ids),
                "user_id": None,
                "consent_scouting": rng.random() < 0.7,
                "consent_sponsor": rng.random() < 0.5,
                "biography": "",
            }
        )
    driver_ids = list(db.session.scalars(insert(Driver).returning(Driver.id), driver_rows))

    licences, medicals, entries, sessions = [], [], [], []
    for driver_id in driver_ids:
        grade = rng.choice(list(LicenceGrade))
        licences.append(
            {
                "driver_id": driver_id,
                "grade": grade,
                "asn": "ASN",
                "number": f"G-{driver_id}",
                "issued_on": date(2026, 1, 1),
                "expires_on": date(2026, 12, 31),
            }
        )
        medical_expiry = date(2027, 1, 1) + timedelta(days=rng.randint(0, 300))
        medicals.append(
            {
                "driver_id": driver_id,
                "issued_on": medical_expiry - timedelta(days=365),
                "expires_on": medical_expiry,
                "examiner": "",
            }
        )
        for event in rng.sample(events, k=min(len(events), rng.randint(0, 20))):
            event_id, car = fields.place(event)
            race_class = RaceClass.LMP3 if rng.random() < 0.5 else RaceClass.LMP2
            status = ResultStatus.CLASSIFIED if rng.random() < 0.9 else ResultStatus.DNF
            laps = rng.randint(100, 140)
            entries.append(
                (
                    {
                        "event_id": event_id,
                        "car_number": str(car),
                        "team": rng.choice(TEAMS[race_class]),
                        "car": CARS[race_class],
                        "race_class": race_class,
                        "status": status,
                        "position_overall": None,
                        "position_in_class": rng.randint(1, 15)
                        if status is ResultStatus.CLASSIFIED
                        else None,
                        "laps": laps,
                        "total_time_ms": 4 * 3600 * 1000,
                        "best_lap_ms": rng.randint(100_000, 120_000),
                        "points": Decimal(0),
                    },
                    driver_id,
                    laps,
                )
            )
        for _ in range(sessions_per_driver):
            sessions.append(
                {
                    "driver_id": driver_id,
                    "coach_id": rng.choice(coach_ids),
                    "held_on": date(2025, 11, 1) + timedelta(days=rng.randint(0, 380)),
                    "session_type": rng.choice(
                        [SessionType.TRACK, SessionType.SIMULATOR, SessionType.FITNESS]
                    ),
                    "circuit_id": rng.choice(circuit_ids),
                    "simulator_title": "",
                    "laps": rng.randint(10, 50),
                    "best_lap_ms": rng.randint(95_000, 125_000),
                    "conditions": "dry",
                    "notes": "",
                    "night": False,
                    "version": 1,
                }
            )
    fields.add_club_events(events)
    for row, _, _ in entries:
        if row["event_id"] < 0:
            row["event_id"] = fields.club_event_ids[-row["event_id"]]
    db.session.execute(insert(Licence), licences)
    db.session.execute(insert(MedicalCertificate), medicals)
    entry_ids = list(
        db.session.scalars(
            insert(RaceEntry).returning(RaceEntry.id), [row for row, _, _ in entries]
        )
    )
    results = []
    for entry_id, (_, driver_id, laps) in zip(entry_ids, entries, strict=True):
        results.append(
            {
                "entry_id": entry_id,
                "driver_id": driver_id,
                "external_name": "",
                "seat": 1,
                "drive_time_ms": 2 * 3600 * 1000,
                "laps": laps // 2,
                "night_laps": 0,
                "best_lap_ms": 110_000,
            }
        )
        results.append(
            {
                "entry_id": entry_id,
                "driver_id": None,
                "external_name": rng.choice(EXTERNAL_DRIVERS),
                "seat": 2,
                "drive_time_ms": 2 * 3600 * 1000,
                "laps": laps - laps // 2,
                "night_laps": 0,
                "best_lap_ms": 111_000,
            }
        )
    db.session.execute(insert(Result), results)
    session_ids = list(
        db.session.scalars(insert(CoachingSession).returning(CoachingSession.id), sessions)
    )
    grades = []
    for session_id, session in zip(session_ids, sessions, strict=True):
        for competency_id in rng.sample(competency_ids, k=4):
            grades.append(
                {
                    "session_id": session_id,
                    "driver_id": session["driver_id"],
                    "competency_id": competency_id,
                    "score": rng.randint(3, 9),
                    "comment": "",
                    "revision": 1,
                    "graded_by_id": session["coach_id"],
                }
            )
    db.session.execute(insert(Grade), grades)
    db.session.flush()
    return to_add


class _Fields:
    """Where each added car races: the demo's race while it has fewer than FIELD_LIMIT cars,
    else a club race of the same day and circuit (a new one once the last is full)."""

    def __init__(self, events: list, cars_in: dict[int, int]) -> None:
        self.cars_in = {event.id: cars_in.get(event.id, 0) for event in events}
        self.next_car = dict.fromkeys(self.cars_in, 100)
        self.club_cars: dict[int, list[int]] = {event.id: [] for event in events}
        self.club_event_ids: dict[int, int] = {}

    def place(self, event) -> tuple[int, int]:
        """(event id, car number) of the next car on `event`'s day: a club race is named by a
        negative placeholder until add_club_events gives it an id."""
        if self.cars_in[event.id] < FIELD_LIMIT:
            self.cars_in[event.id] += 1
            car = self.next_car[event.id]
            self.next_car[event.id] += 1
            return event.id, car
        clubs = self.club_cars[event.id]
        if not clubs or clubs[-1] >= FIELD_LIMIT:
            clubs.append(0)
        clubs[-1] += 1
        return -self._placeholder(event.id, len(clubs) - 1), clubs[-1]

    def _placeholder(self, event_id: int, index: int) -> int:
        return event_id * 1000 + index + 1

    def add_club_events(self, events: list) -> None:
        """The club races the placed cars need, in a CLUB season of each year."""
        from sqlalchemy import insert, select

        needed = [
            (event, index) for event in events for index in range(len(self.club_cars[event.id]))
        ]
        if not needed:
            return
        series_id = db.session.execute(
            select(Series.id).where(Series.code == CLUB_SERIES[0])
        ).scalar_one_or_none()
        if series_id is None:
            series_id = db.session.scalars(
                insert(Series).returning(Series.id),
                [{"code": CLUB_SERIES[0], "name": CLUB_SERIES[1]}],
            ).one()
        season_ids: dict[int, int] = {}
        for year in sorted({event.starts_on.year for event, _ in needed}):
            season_ids[year] = db.session.scalars(
                insert(Season).returning(Season.id),
                [{"series_id": series_id, "label": str(year), "starts_on": date(year, 1, 1)}],
            ).one()
        rows = [
            {
                "season_id": season_ids[event.starts_on.year],
                "circuit_id": event.circuit_id,
                "name": f"Club race {event.id}-{index + 1} ({event.starts_on.isoformat()})",
                "round_number": None,
                "race_number": index + 1,
                "starts_on": event.starts_on,
                "duration_hours": event.duration_hours,
                "night_running": False,
            }
            for event, index in needed
        ]
        ids = list(db.session.scalars(insert(Event).returning(Event.id), rows))
        for (event, index), event_id in zip(needed, ids, strict=True):
            self.club_event_ids[self._placeholder(event.id, index)] = event_id
