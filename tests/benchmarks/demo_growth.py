"""Benchmark data: grow the seeded demo academy (tests/demo) to thousands of drivers with bulk
inserts, for the load test and the page, inbox and scouting benchmarks."""

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
        select(Event.id, Event.starts_on, Series.code)
        .join(Event.season)
        .join(Season.series)
        .where(Series.code.in_(["ALMS", "ELMS"]))
    ).all()
    next_car = dict.fromkeys((event.id for event in events), 100)

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
            car = next_car[event.id]
            next_car[event.id] += 1
            race_class = RaceClass.LMP3 if rng.random() < 0.5 else RaceClass.LMP2
            status = ResultStatus.CLASSIFIED if rng.random() < 0.9 else ResultStatus.DNF
            laps = rng.randint(100, 140)
            entries.append(
                (
                    {
                        "event_id": event.id,
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
