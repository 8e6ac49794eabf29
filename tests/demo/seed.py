"""The demo academy: a believable academy with two seasons of ALMS and ELMS history.

Deterministic: the same seed gives the same data. Dates are fixed (the real calendars
of the seasons), so the demo tells the same story on every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
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
from academy.results.timing.teams import attach_season_entries
from academy.rubric import ensure_default_rubric

DEMO_PASSWORD = "Sepang-Sunset-2026"
DEMO_AS_OF = date(2026, 11, 25)
# ACO series points scale, top ten of each class (facts-found.md, ALMS points).
CLASS_POINTS = (25, 18, 15, 12, 10, 8, 6, 4, 2, 1)

DIRECTOR = ("director@asia-endurance.academy", "Margaret Lindqvist")
COACHES = [
    ("coach.tanaka@asia-endurance.academy", "Hiroshi Tanaka"),
    ("coach.moreau@asia-endurance.academy", "Julien Moreau"),
    ("coach.walsh@asia-endurance.academy", "Siobhan Walsh"),
]
PRINCIPALS = [
    ("principal.okafor@asia-endurance.academy", "Daniel Okafor (Okafor Racing)"),
    ("principal.chen@asia-endurance.academy", "Chen Wei-Lun (Phoenix Endurance)"),
]


@dataclass(frozen=True)
class DemoDriver:
    legal_name: str
    native_name: str | None
    romanised_name: str | None
    nationality: str
    born: date
    category: Categorisation | None
    # Where the driver stands: "karting", "lmp3", "lmp2", "elms", "rookie", "le_mans".
    level: str


DEMO_DRIVERS: list[DemoDriver] = [
    DemoDriver(
        "Ren Sato",
        "佐藤 蓮",
        "Sato Ren",
        "JPN",
        date(2004, 3, 14),
        Categorisation.SILVER,
        "le_mans",
    ),
    DemoDriver(
        "Yuki Nakamura",
        "中村 優希",
        "Nakamura Yuki",
        "JPN",
        date(2005, 8, 2),
        Categorisation.SILVER,
        "elms",
    ),
    DemoDriver(
        "Haruto Kobayashi",
        "小林 陽翔",
        "Kobayashi Haruto",
        "JPN",
        date(2007, 1, 29),
        Categorisation.SILVER,
        "lmp3",
    ),
    DemoDriver(
        "Aoi Yamamoto",
        "山本 葵",
        "Yamamoto Aoi",
        "JPN",
        date(2006, 11, 30),
        Categorisation.SILVER,
        "lmp2",
    ),
    DemoDriver(
        "Kenji Watanabe",
        "渡辺 健二",
        "Watanabe Kenji",
        "JPN",
        date(1978, 6, 5),
        Categorisation.BRONZE,
        "lmp2",
    ),
    DemoDriver(
        "Li Haoran", "李 浩然", "Li Haoran", "CHN", date(2003, 9, 9), Categorisation.GOLD, "le_mans"
    ),
    DemoDriver(
        "Zhang Yiming",
        "张 一鸣",
        "Zhang Yiming",
        "CHN",
        date(2006, 4, 18),
        Categorisation.SILVER,
        "lmp3",
    ),
    DemoDriver(
        "Wang Xinyi",
        "王 欣怡",
        "Wang Xinyi",
        "CHN",
        date(2005, 12, 1),
        Categorisation.SILVER,
        "lmp2",
    ),
    DemoDriver(
        "Chen Jiahao",
        "陈 家豪",
        "Chen Jiahao",
        "CHN",
        date(1985, 2, 20),
        Categorisation.BRONZE,
        "lmp3",
    ),
    DemoDriver(
        "Kim Min-jun",
        "김민준",
        "Kim Min-jun",
        "KOR",
        date(2004, 7, 7),
        Categorisation.SILVER,
        "rookie",
    ),
    DemoDriver(
        "Park Seo-yeon",
        "박서연",
        "Park Seo-yeon",
        "KOR",
        date(2007, 5, 23),
        Categorisation.SILVER,
        "karting",
    ),
    DemoDriver(
        "Lee Ji-hoon",
        "이지훈",
        "Lee Ji-hoon",
        "KOR",
        date(1981, 10, 11),
        Categorisation.BRONZE,
        "lmp2",
    ),
    DemoDriver(
        "Thanakorn Srisuk",
        "ธนกร ศรีสุข",
        "Thanakorn Srisuk",
        "THA",
        date(2005, 2, 2),
        Categorisation.SILVER,
        "lmp2",
    ),
    DemoDriver(
        "Napat Wongsawat",
        "นภัส วงศ์สวัสดิ์",
        "Napat Wongsawat",
        "THA",
        date(2008, 9, 15),
        Categorisation.SILVER,
        "karting",
    ),
    DemoDriver(
        "Pimchanok Chaiyaporn",
        "พิมพ์ชนก ชัยพร",
        "Pimchanok Chaiyaporn",
        "THA",
        date(2006, 3, 3),
        Categorisation.SILVER,
        "lmp3",
    ),
    DemoDriver("Liam O'Connell", None, None, "AUS", date(2004, 1, 19), Categorisation.GOLD, "elms"),
    DemoDriver(
        "Chloe Barrett", None, None, "AUS", date(2006, 6, 12), Categorisation.SILVER, "lmp3"
    ),
    DemoDriver(
        "Jack Thornton", None, None, "AUS", date(1979, 8, 27), Categorisation.BRONZE, "lmp3"
    ),
    DemoDriver(
        "Arjun Mehta",
        "अर्जुन मेहता",
        "Arjun Mehta",
        "IND",
        date(2005, 10, 4),
        Categorisation.SILVER,
        "lmp2",
    ),
    DemoDriver("Kavya Iyer", "காவ்யா ஐயர்", "Kavya Iyer", "IND", date(2007, 12, 24), None, "karting"),
    DemoDriver(
        "Rohan Kapoor",
        "रोहन कपूर",
        "Rohan Kapoor",
        "IND",
        date(1983, 4, 8),
        Categorisation.BRONZE,
        "lmp3",
    ),
    DemoDriver(
        "Mathilde Ødegård", None, None, "NOR", date(2005, 5, 5), Categorisation.SILVER, "elms"
    ),
    DemoDriver(
        "Lukas Brandstätter", None, None, "AUT", date(2004, 11, 17), Categorisation.GOLD, "elms"
    ),
    DemoDriver(
        "Élodie Marchand", None, None, "FRA", date(2006, 2, 14), Categorisation.SILVER, "lmp3"
    ),
    DemoDriver(
        "Matteo Ricciardi-Conti",
        None,
        None,
        "ITA",
        date(2003, 7, 21),
        Categorisation.GOLD,
        "le_mans",
    ),
    DemoDriver(
        "Sofía Domínguez", None, None, "ESP", date(2007, 9, 1), Categorisation.SILVER, "karting"
    ),
    DemoDriver(
        "Tomasz Wiśniewski", None, None, "POL", date(1982, 1, 6), Categorisation.BRONZE, "lmp2"
    ),
    DemoDriver(
        "Sebastian Hølmer", None, None, "DNK", date(2005, 4, 28), Categorisation.SILVER, "lmp3"
    ),
    DemoDriver(
        "Nguyễn Minh Khoa",
        "Nguyễn Minh Khoa",
        "Nguyen Minh Khoa",
        "VNM",
        date(2006, 8, 8),
        Categorisation.SILVER,
        "lmp3",
    ),
    DemoDriver(
        "Farhan Rahman", None, None, "MYS", date(2004, 12, 12), Categorisation.SILVER, "lmp2"
    ),
]

CIRCUITS = {
    "sepang": ("Sepang International Circuit", "MYS", "5.543"),
    "dubai": ("Dubai Autodrome", "ARE", "5.390"),
    "yas": ("Yas Marina Circuit", "ARE", "5.281"),
    "barcelona": ("Circuit de Barcelona-Catalunya", "ESP", "4.657"),
    "ricard": ("Circuit Paul Ricard", "FRA", "5.842"),
    "imola": ("Autodromo Enzo e Dino Ferrari, Imola", "ITA", "4.909"),
    "spa": ("Circuit de Spa-Francorchamps", "BEL", "7.004"),
    "silverstone": ("Silverstone Circuit", "GBR", "5.891"),
    "portimao": ("Autódromo Internacional do Algarve", "PRT", "4.653"),
    "sarthe": ("Circuit de la Sarthe", "FRA", "13.626"),
    "suzuka": ("Suzuka Circuit", "JPN", "5.807"),
    "buriram": ("Chang International Circuit", "THA", "4.554"),
}

# Reference lap in LMP2 per circuit (ms); other classes are slower by a factor.
REFERENCE_LAP_MS = {
    "sepang": 113_500,
    "dubai": 107_800,
    "yas": 105_900,
    "barcelona": 93_400,
    "ricard": 103_100,
    "imola": 93_900,
    "spa": 125_700,
    "silverstone": 106_900,
    "portimao": 94_800,
    "sarthe": 212_000,
    "suzuka": 112_300,
    "buriram": 92_600,
}
CLASS_PACE = {
    RaceClass.LMP2: 1.0,
    RaceClass.LMP2_PRO_AM: 1.01,
    RaceClass.LMP3: 1.075,
    RaceClass.GT: 1.085,
    RaceClass.LMGT3: 1.085,
    RaceClass.HYPERCAR: 0.95,
    RaceClass.GTE_AM: 1.09,
}

# (series, season label, season start, [(round, race, circuit, date, hours, night)])
CALENDAR = [
    (
        "ALMS",
        "2024-25",
        date(2024, 12, 7),
        [
            (1, 1, "sepang", date(2024, 12, 7), 4, False),
            (1, 2, "sepang", date(2024, 12, 8), 4, False),
            (2, 1, "dubai", date(2025, 2, 1), 4, True),
            (2, 2, "dubai", date(2025, 2, 2), 4, True),
            (3, 1, "yas", date(2025, 2, 8), 4, True),
            (3, 2, "yas", date(2025, 2, 9), 4, True),
        ],
    ),
    (
        "ELMS",
        "2025",
        date(2025, 4, 5),
        [
            (1, 1, "barcelona", date(2025, 4, 6), 4, False),
            (2, 1, "ricard", date(2025, 5, 4), 4, False),
            (3, 1, "imola", date(2025, 7, 6), 4, False),
            (4, 1, "spa", date(2025, 8, 24), 4, False),
            (5, 1, "silverstone", date(2025, 9, 14), 4, False),
            (6, 1, "portimao", date(2025, 10, 18), 4, True),
        ],
    ),
    (
        "ALMS",
        "2025-26",
        date(2025, 12, 13),
        [
            (1, 1, "sepang", date(2025, 12, 13), 4, False),
            (1, 2, "sepang", date(2025, 12, 14), 4, False),
            (2, 1, "dubai", date(2026, 1, 31), 4, True),
            (2, 2, "dubai", date(2026, 2, 1), 4, True),
            (3, 1, "yas", date(2026, 2, 7), 4, True),
            (3, 2, "yas", date(2026, 2, 8), 4, True),
        ],
    ),
    (
        "ELMS",
        "2026",
        date(2026, 4, 11),
        [
            (1, 1, "barcelona", date(2026, 4, 12), 4, False),
            (2, 1, "ricard", date(2026, 5, 3), 4, False),
            (3, 1, "imola", date(2026, 7, 5), 4, False),
            (4, 1, "spa", date(2026, 8, 23), 4, False),
            (5, 1, "silverstone", date(2026, 9, 13), 4, False),
            (6, 1, "portimao", date(2026, 10, 17), 4, True),
        ],
    ),
    (
        "LM24",
        "2026",
        date(2026, 6, 13),
        [
            (1, 1, "sarthe", date(2026, 6, 13), 24, True),
        ],
    ),
]
SERIES = {
    "ALMS": "Asian Le Mans Series",
    "ELMS": "European Le Mans Series",
    "LM24": "24 Hours of Le Mans",
    "LMC": "Michelin Le Mans Cup",
}
SERIES_CLASSES = {
    "ALMS": (RaceClass.LMP2, RaceClass.LMP3, RaceClass.GT),
    "ELMS": (RaceClass.LMP2, RaceClass.LMP2_PRO_AM, RaceClass.LMP3, RaceClass.LMGT3),
    "LM24": (RaceClass.HYPERCAR, RaceClass.LMP2, RaceClass.LMP2_PRO_AM, RaceClass.LMGT3),
}
# Which seasons (and class) an academy driver of each level raced in.
LEVEL_PROGRAMME: dict[str, list[tuple[str, str, RaceClass]]] = {
    "karting": [],
    "lmp3": [("ALMS", "2025-26", RaceClass.LMP3)],
    "lmp2": [("ALMS", "2024-25", RaceClass.LMP3), ("ALMS", "2025-26", RaceClass.LMP2)],
    "elms": [
        ("ALMS", "2024-25", RaceClass.LMP3),
        ("ELMS", "2025", RaceClass.LMP3),
        ("ALMS", "2025-26", RaceClass.LMP2),
        ("ELMS", "2026", RaceClass.LMP2),
    ],
    # The rookie's one LMP2 season is not yet the 20 hours in LMP2 a Le Mans race seat asks for.
    "rookie": [
        ("ALMS", "2024-25", RaceClass.LMP3),
        ("ELMS", "2025", RaceClass.LMP3),
        ("ALMS", "2025-26", RaceClass.LMP2),
        ("ELMS", "2026", RaceClass.LMP3),
    ],
    "le_mans": [
        ("ALMS", "2024-25", RaceClass.LMP3),
        ("ELMS", "2025", RaceClass.LMP2),
        ("ALMS", "2025-26", RaceClass.LMP2),
        ("ELMS", "2026", RaceClass.LMP2),
        ("LM24", "2026", RaceClass.LMP2),
    ],
}
LEVEL_LICENCE = {
    "karting": LicenceGrade.NATIONAL,
    "lmp3": LicenceGrade.INTERNATIONAL_C,
    "lmp2": LicenceGrade.INTERNATIONAL_B,
    "elms": LicenceGrade.INTERNATIONAL_B,
    "rookie": LicenceGrade.INTERNATIONAL_B,
    "le_mans": LicenceGrade.INTERNATIONAL_B,
}
ASN_BY_NATIONALITY = {
    "JPN": "JAF",
    "CHN": "FASC",
    "KOR": "KARA",
    "THA": "RAAT",
    "AUS": "Motorsport Australia",
    "IND": "FMSCI",
    "NOR": "NBF",
    "AUT": "AMF",
    "FRA": "FFSA",
    "ITA": "ACI Sport",
    "ESP": "RFEDA",
    "POL": "PZM",
    "DNK": "DASU",
    "VNM": "VMA",
    "MYS": "AAM",
}
TEAMS = {
    RaceClass.LMP2: [
        "Phoenix Endurance",
        "Blue Dragon Racing",
        "Nova Motorsport",
        "Algarve Pro",
        "Sarthe Sport",
    ],
    RaceClass.LMP2_PRO_AM: ["Team Horizon", "Red Sun Racing", "Okafor Racing"],
    RaceClass.LMP3: [
        "Ultimate Racing Asia",
        "Inter Europol Juniors",
        "Koiranen Racing",
        "Eurointernational",
        "Cool Racing",
    ],
    RaceClass.GT: ["Garage 59 Asia", "Absolute Racing", "Car Guy Racing", "Manthey Asia"],
    RaceClass.LMGT3: ["Iron Lynx", "Kessel Racing", "Proton Competition", "Spirit of Race"],
    RaceClass.HYPERCAR: ["Toyota Gazoo Racing", "Ferrari AF Corse", "Porsche Penske Motorsport"],
}
CARS = {
    RaceClass.LMP2: "Oreca 07 - Gibson",
    RaceClass.LMP2_PRO_AM: "Oreca 07 - Gibson",
    RaceClass.LMP3: "Ligier JS P325 - Toyota",
    RaceClass.GT: "Ferrari 296 GT3",
    RaceClass.LMGT3: "Porsche 911 GT3 R LMGT3",
    RaceClass.HYPERCAR: "Toyota GR010 Hybrid",
}
EXTERNAL_DRIVERS = [
    "Pietro Fittipaldi-Alves",
    "Nico Varga",
    "Oliver Jarvis-Hunt",
    "Daniel Serra Costa",
    "Ryan Cullen-Ward",
    "Paul Loup Chatin",
    "Job van Uitert",
    "Laurents Hörr",
    "Mikkel Jensen-Holm",
    "Ben Barnicoat-Lee",
    "James Allen-Price",
    "Louis Delétraz-Roux",
    "Ferdinand Habsburg-Lothringen",
    "Ugo de Wilde",
    "Rui Andrade",
    "Kay van Berlo",
    "Alex Quinn",
    "Niklas Krütten",
    "Charles Milesi-Dupont",
    "Esteban Masson",
    "Malthe Jakobsen",
    "Bent Viscaal",
    "Tom Dillmann-Roche",
    "John Falb",
    "Alexander Mattschull",
    "Colin Noble",
    "Anthony Wells",
    "Jonathan Aberdein-Smith",
    "Marcus Armstrong-Kerr",
    "Hugo Cook",
]


def seed_demo(seed: int) -> dict[str, int]:
    """Add the demo academy to the session (the caller commits). Returns what was created."""
    rng = random.Random(seed)
    ensure_default_rubric()
    competencies = list(
        db.session.execute(db.select(Competency).order_by(Competency.position)).scalars()
    )

    _user(*DIRECTOR, Role.ADMIN)
    coaches = [_user(email, name, Role.COACH) for email, name in COACHES]
    for email, name in PRINCIPALS:
        _user(email, name, Role.PRINCIPAL)

    cohorts = [Cohort(name="2025 Intake", year=2025), Cohort(name="2026 Intake", year=2026)]
    db.session.add_all(cohorts)
    circuits = {
        key: Circuit(name=name, country=country, length_km=Decimal(length))
        for key, (name, country, length) in CIRCUITS.items()
    }
    db.session.add_all(circuits.values())

    drivers = []
    for index, demo in enumerate(DEMO_DRIVERS):
        drivers.append(_driver(demo, index, rng, coaches, cohorts))
    db.session.flush()

    events = _calendar(circuits)
    db.session.flush()
    entries, results = _race_history(rng, drivers, events)
    sessions, grades = _coaching(rng, drivers, competencies, circuits)
    db.session.flush()
    from tests.demo.demo_laps import import_demo_laps

    laps = import_demo_laps([event for event, _ in events], seed)
    from academy.clock import academy_today
    from tests.demo.calendar_plans import endorse_rookie, plan_demo_sessions

    plans = plan_demo_sessions(coaches, drivers, circuits, max(academy_today(), DEMO_AS_OF))
    rookie = next(
        d for d, demo in zip(drivers, DEMO_DRIVERS, strict=True) if demo.level == "rookie"
    )
    endorsements = endorse_rookie(rookie, DEMO_AS_OF - timedelta(days=12))
    from tests.demo.licences import seed_licence_applications

    applications = seed_licence_applications()
    return {
        "drivers": len(drivers),
        "coaches": len(coaches),
        "principals": len(PRINCIPALS),
        "events": len(events),
        "race entries": entries,
        "results": results,
        "coaching sessions": sessions,
        "grades": grades,
        "laps": laps,
        "planned sessions": plans,
        "endorsements": endorsements,
        "licence applications": applications,
    }


def _user(email: str, name: str, role: Role) -> User:
    user = User(email=email, display_name=name, role=role)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    return user


def _email_for(demo: DemoDriver) -> str:
    from academy.text import search_key

    return (
        ".".join(search_key(demo.romanised_name or demo.legal_name).split()[:2])
        + "@asia-endurance.academy"
    )


def _driver(
    demo: DemoDriver, index: int, rng: random.Random, coaches: list[User], cohorts: list[Cohort]
) -> Driver:
    account = _user(_email_for(demo), demo.legal_name, Role.DRIVER)
    driver = Driver(
        legal_name=demo.legal_name,
        native_name=demo.native_name,
        romanised_name=demo.romanised_name,
        nationality=demo.nationality,
        date_of_birth=demo.born,
        categorisation=demo.category,
        categorisation_review_on=date(2026, 12, 5),
        cohort=cohorts[0] if demo.level in ("elms", "rookie", "le_mans", "lmp2") else cohorts[1],
        consent_scouting=index % 5 != 3,
        consent_sponsor=index % 3 != 2,
        biography=_biography(demo),
    )
    driver.coach = coaches[index % len(coaches)]
    driver.user = account
    driver.refresh_search_text()
    asn = ASN_BY_NATIONALITY[demo.nationality]
    grade = LEVEL_LICENCE[demo.level]
    # A licence runs for a calendar year; a few drivers renewed late or not yet.
    expires = date(2026, 12, 31)
    if index % 7 == 4:
        expires = date(2026, 11, 10)  # expired: renewal pending
    driver.licences.append(
        Licence(
            grade=grade,
            asn=asn,
            number=f"{demo.nationality}-2026-{1000 + index}",
            issued_on=date(2026, 1, 1),
            expires_on=expires,
        )
    )
    if index % 3 == 0 and expires.year == 2026:
        # Renewed early for next season: the 2026 licence stays on record beside it.
        driver.licences.append(
            Licence(
                grade=grade,
                asn=asn,
                number=f"{demo.nationality}-2027-{1000 + index}",
                issued_on=date(2026, 11, 2),
                expires_on=date(2027, 12, 31),
            )
        )
    medical_expiry = date(2027, 3, 1) + timedelta(days=rng.randint(0, 200))
    if index % 6 == 1:
        medical_expiry = date(2026, 12, 20)  # due within 60 days
    driver.medicals.append(
        MedicalCertificate(
            issued_on=medical_expiry - timedelta(days=365),
            expires_on=medical_expiry,
            examiner="Dr. A. Rahman, FIA-approved examiner",
        )
    )
    db.session.add(driver)
    return driver


def _biography(demo: DemoDriver) -> str:
    stories = {
        "karting": "Karting champion stepping into cars; first endurance tests with the academy this year.",
        "lmp3": "Graduated from single-seaters to LMP3 in the Asian Le Mans Series.",
        "lmp2": "Two Asian Le Mans seasons, now racing LMP2 against the best of Asia.",
        "elms": "Moved to Europe for the European Le Mans Series after winning in Asia.",
        "rookie": "Completed the Le Mans rookie programme in 2026; next: a race seat at La Sarthe.",
        "le_mans": "Le Mans starter in 2026 after two full seasons in ALMS and ELMS.",
    }
    return stories[demo.level]


def _calendar(circuits: dict[str, Circuit]) -> list[tuple[Event, str]]:
    """Every race of CALENDAR, with its circuit key (for reference lap times)."""
    series_by_code = {code: Series(code=code, name=name) for code, name in SERIES.items()}
    db.session.add_all(series_by_code.values())
    events = []
    for code, label, starts_on, races in CALENDAR:
        season = Season(series=series_by_code[code], label=label, starts_on=starts_on)
        db.session.add(season)
        for round_number, race_number, circuit_key, day, hours, night in races:
            circuit = circuits[circuit_key]
            name = f"{SERIES[code]} {label}, round {round_number}"
            if code == "ALMS":
                name += f" race {race_number}"
            event = Event(
                season=season,
                circuit=circuit,
                name=f"{name} ({circuit.name})",
                round_number=round_number,
                race_number=race_number,
                starts_on=day,
                duration_hours=Decimal(hours),
                night_running=night,
            )
            db.session.add(event)
            events.append((event, circuit_key))
    return events


# The one crew the demo gets wrong, for the pages to flag: in the last race of ALMS 2025-26 the
# academy's LMP3 car ran a stand-in Silver instead of its Bronze (no Bronze in the crew).
ILLEGAL_CREW = ("ALMS", "2025-26", RaceClass.LMP3, "Marco Stand-In")
# The academy cars that fight for a Le Mans invitation: a little quicker than the field.
CONTENDERS = {("ALMS", "2025-26", RaceClass.LMP2), ("ELMS", "2026", RaceClass.LMP2)}
# External co-drivers' FIA categories, tried in this order until the crew is legal.
CATEGORY_PREFERENCE = (
    Categorisation.GOLD,
    Categorisation.SILVER,
    Categorisation.BRONZE,
    Categorisation.PLATINUM,
)


@dataclass
class DemoCar:
    """A team's car through a season: its number, team, car and crew never change."""

    race_class: RaceClass
    number: int
    team: str
    crew: list[Driver]  # academy drivers
    names: list[str]  # external co-drivers
    categories: list[Categorisation | None]  # theirs
    pace: float = 1.0


def _race_history(
    rng: random.Random, drivers: list[Driver], events: list[tuple[Event, str]]
) -> tuple[int, int]:
    """Fill every event with its season's field: the same cars, teams and crews all season,
    academy drivers two by two with external co-drivers, every crew legal under the season's
    sporting rules (but ILLEGAL_CREW), no external driver in two cars of a season."""
    seats: dict[tuple[str, str, RaceClass], list[Driver]] = {}
    for driver, demo in zip(drivers, DEMO_DRIVERS, strict=True):
        for code, label, race_class in LEVEL_PROGRAMME[demo.level]:
            seats.setdefault((code, label, race_class), []).append(driver)
    by_season: dict[tuple[str, str], list[tuple[Event, str]]] = {}
    for event, circuit_key in events:
        by_season.setdefault((event.season.series.code, event.season.label), []).append(
            (event, circuit_key)
        )
    entry_count = result_count = 0
    for (code, label), season_events in by_season.items():
        external = _external_names()  # a co-driver once a season, in one car
        rules = _sporting_rules(code, label)
        field = _season_field(code, label, seats, external)
        season_entries: list[RaceEntry] = []
        for index, (event, circuit_key) in enumerate(season_events):
            race_field = field
            if (code, label) == ILLEGAL_CREW[:2] and index == len(season_events) - 1:
                first = next(car for car in field if car.race_class is ILLEGAL_CREW[2] and car.crew)
                race_field = [_stand_in(car) if car is first else car for car in field]
            entries, results = _run_race(
                rng, event, REFERENCE_LAP_MS[circuit_key], race_field, rules
            )
            season_entries += entries
            entry_count += len(entries)
            result_count += results
        db.session.flush()
        attach_season_entries(season_entries, season_events[0][0].season_id)
    return entry_count, result_count


def _season_field(code, label, seats, external) -> list[DemoCar]:  # noqa: ANN001
    rules = _sporting_rules(code, label)
    field = []
    car_number = 1
    for race_class in SERIES_CLASSES[code]:
        academy = seats.get((code, label, race_class), [])
        crews = [academy[i : i + 2] for i in range(0, len(academy), 2)]
        cars_in_class = max(len(crews) + 3, 5)
        teams = TEAMS[race_class]
        for car_index in range(cars_in_class):
            crew = crews[car_index] if car_index < len(crews) else []
            names = [next(external) for _ in range(3 - len(crew))]
            car = DemoCar(
                race_class,
                car_number,
                teams[car_index % len(teams)],
                crew,
                names,
                _legal_categories(rules, race_class, crew, len(names)),
                0.992
                if crew and car_index == 0 and (code, label, race_class) in CONTENDERS
                else 1.0,
            )
            field.append(car)
            car_number += 1 if car_number % 10 != 9 else 2
    return field


def _sporting_rules(code: str, label: str):  # noqa: ANN202
    from academy.sporting import SportingRulesNotFound, sporting_rules_for

    try:
        return sporting_rules_for(code, label)
    except SportingRulesNotFound:
        return None


def _legal_categories(rules, race_class: RaceClass, crew: list[Driver], externals: int):  # noqa: ANN001, ANN202
    """Categories for the external co-drivers that make the crew legal (the sporting engine
    checks each try); the first try when the season has no rules."""
    import itertools

    from academy.championship.loader import class_name_of
    from academy.sporting import CrewMember, CrewStatus, check_crew

    tries = list(itertools.product(CATEGORY_PREFERENCE, repeat=externals))
    if rules is None:
        return list(tries[0])
    class_name = class_name_of("", race_class)
    ours = [
        CrewMember(driver.legal_name, driver.legal_name, driver.categorisation) for driver in crew
    ]
    for categories in tries:
        theirs = [CrewMember(f"x{i}", f"x{i}", c) for i, c in enumerate(categories)]
        if check_crew(rules, class_name, ours + theirs).status is CrewStatus.LEGAL:
            return list(categories)
    return list(tries[0])


def _stand_in(car: DemoCar) -> DemoCar:
    """The car with its Bronze co-driver replaced by a Silver stand-in (ILLEGAL_CREW)."""
    names, categories = list(car.names), list(car.categories)
    for index, category in enumerate(categories):
        if category is Categorisation.BRONZE:
            names[index], categories[index] = ILLEGAL_CREW[3], Categorisation.SILVER
    return DemoCar(car.race_class, car.number, car.team, car.crew, names, categories, car.pace)


def _external_names():
    """Co-drivers' names, each once: the list, then given and family names of one region
    combined, the regions taken in turn so that neighbouring cars do not share a surname."""
    yield from EXTERNAL_DRIVERS
    pools = [
        [f"{given} {family}" for family, given in _diagonal(families, givens)]
        for givens, families in CO_DRIVER_NAMES_BY_REGION
    ]
    for index in range(max(len(pool) for pool in pools)):
        for pool in pools:
            if index < len(pool):
                yield pool[index]


def _diagonal(families: list[str], givens: list[str]):
    """Every (family, given) pair once, the family changing from one pair to the next."""
    for offset in range(len(families)):
        for index, given in enumerate(givens):
            yield families[(index + offset) % len(families)], given


# (given names, family names) that go together: a Korean given name with a Korean surname.
CO_DRIVER_NAMES_BY_REGION = [
    (["Lucas", "Emma", "Léo", "Camille", "Hugo"], ["Martin", "Dubois", "Lefèvre", "Girard"]),
    (["Matteo", "Giulia", "Lorenzo", "Marco"], ["Rossi", "Bianchi", "Ferrari", "Conti"]),
    (["Jonas", "Lena", "Felix", "Moritz"], ["Keller", "Becker", "Wagner", "Hoffmann"]),
    (["Oliver", "Harry", "Sophie", "Jack"], ["Bennett", "Hughes", "Carter", "Walsh"]),
    (["Kaito", "Hana", "Yuto", "Sota"], ["Suzuki", "Takeda", "Mori", "Fujita"]),
    (["Wei", "Mei", "Jun", "Hao"], ["Zhou", "Huang", "Lin", "Xu"]),
    (["Ji-woo", "Min-ho", "Seo-yeon", "Dong-hyun"], ["Choi", "Jung", "Kang", "Yoon"]),
    (["Somchai", "Anan", "Kittipat"], ["Rattanakul", "Srisawat", "Chaiyaporn"]),
    (["Arjun", "Priya", "Rohit"], ["Nair", "Rao", "Menon"]),
    (["Mateo", "Sofía", "Diego", "Pablo"], ["Moreno", "Silva", "Ortega", "Navarro"]),
    (["Mikkel", "Freja", "Emil"], ["Larsen", "Nielsen", "Holm"]),
    (["Jan", "Petra", "Tomáš"], ["Novák", "Dvořák", "Horák"]),
]


def _run_race(
    rng: random.Random,
    event: Event,
    reference: int,
    field: list[DemoCar],
    rules=None,  # noqa: ANN001
) -> tuple[list[RaceEntry], int]:
    hours = float(event.duration_hours)
    race_ms = int(hours * 3600 * 1000)
    finishers = []
    for car in field:
        race_class = car.race_class
        pace = CLASS_PACE[race_class] * rng.uniform(1.0, 1.025) * car.pace
        best_lap = int(reference * pace * rng.uniform(0.985, 1.0))
        average_lap = int(best_lap * rng.uniform(1.04, 1.08))
        laps = race_ms // average_lap
        status = ResultStatus.CLASSIFIED
        roll = rng.random()
        if roll < 0.07 and car.pace == 1.0:
            status = ResultStatus.DNF
            laps = int(laps * rng.uniform(0.2, 0.8))
        elif roll < 0.09 and car.pace == 1.0:
            status = ResultStatus.NOT_CLASSIFIED
            laps = int(laps * rng.uniform(0.5, 0.69))
        total = laps * average_lap
        finishers.append((car, status, laps, total, best_lap))

    ordered = sorted(
        finishers, key=lambda item: (item[1] is not ResultStatus.CLASSIFIED, -item[2], item[3])
    )
    class_positions: dict[RaceClass, int] = {}
    entries: list[RaceEntry] = []
    results = 0
    for overall, (car, status, laps, total, best_lap) in enumerate(ordered, start=1):
        race_class = car.race_class
        classified = status is ResultStatus.CLASSIFIED
        class_position = None
        points = Decimal(0)
        if classified:
            class_position = class_positions.get(race_class, 0) + 1
            class_positions[race_class] = class_position
            if event.season.series.code != "LM24":
                points = Decimal(
                    CLASS_POINTS[class_position - 1] if class_position <= 10 else "0.5"
                )
        entry = RaceEntry(
            event=event,
            car_number=str(car.number),
            team=car.team,
            car=CARS[race_class],
            race_class=race_class,
            class_name=_class_name(race_class),
            status=status,
            position_overall=overall if classified else None,
            position_in_class=class_position,
            laps=laps,
            total_time_ms=total,
            best_lap_ms=best_lap,
            points=points,
        )
        people = [("driver", driver, None) for driver in car.crew] + [
            ("name", name, category)
            for name, category in zip(car.names, car.categories, strict=True)
        ]
        shares = _within_limits(rules, race_class, people, _drive_shares(rng, len(people)), total)
        for seat, ((kind, who, category), share) in enumerate(
            zip(people, shares, strict=True), start=1
        ):
            driver_laps = round(laps * share)
            entry.results.append(
                Result(
                    driver=who if kind == "driver" else None,
                    external_name=who if kind == "name" else "",
                    external_category=category,
                    seat=seat,
                    drive_time_ms=int(total * share),
                    laps=driver_laps,
                    night_laps=round(driver_laps * 0.35) if event.night_running else 0,
                    best_lap_ms=int(best_lap * rng.uniform(1.0, 1.012)),
                )
            )
            results += 1
        db.session.add(entry)
        entries.append(entry)
    return entries, results


def _within_limits(rules, race_class: RaceClass, people, shares: list[float], total: int):  # noqa: ANN001, ANN202
    """The shares of the race, moved so that no driver drives more than the rules allow (a Gold
    in a three-driver LMP2 crew: 40 minutes); the sporting engine says which maximum applies."""
    if rules is None or not total:
        return shares
    from academy.sporting import CrewMember, MaximumStatus, driving_times

    crew = [
        CrewMember(index, str(who), who.categorisation if kind == "driver" else category)
        for index, (kind, who, category) in enumerate(people)
    ]
    capped: dict[int, float] = {}
    for _ in range(len(people)):
        times = driving_times(
            rules,
            _class_name(race_class),
            crew,
            drive_times={index: int(total * share) for index, share in enumerate(shares)},
        )
        over = {
            index: time.max_ms * 0.9 / total
            for index, time in enumerate(times)
            if time.maximum is MaximumStatus.EXCEEDED and time.max_ms
        }
        if not over:
            break
        capped.update(over)
        excess = sum(shares[index] - cap for index, cap in over.items())
        free = [index for index in range(len(shares)) if index not in capped]
        if not free:
            break
        shares = [
            capped[index] if index in capped else share + excess / len(free)
            for index, share in enumerate(shares)
        ]
    return shares


def _class_name(race_class: RaceClass) -> str:
    from academy.championship.loader import class_name_of

    return class_name_of("", race_class)


def _drive_shares(rng: random.Random, drivers: int) -> list[float]:
    # Close to even shares: every driver well over the minimum driving time of the rules.
    weights = [rng.uniform(0.9, 1.1) for _ in range(drivers)]
    total = sum(weights)
    return [weight / total for weight in weights]


SESSION_PLAN = [
    (SessionType.SIMULATOR, 0.30),
    (SessionType.TRACK, 0.35),
    (SessionType.FITNESS, 0.15),
    (SessionType.MEDIA, 0.10),
    (SessionType.CLASSROOM, 0.10),
]
TRACK_CIRCUITS = ["sepang", "buriram", "suzuka", "dubai", "yas", "ricard", "portimao"]
CONDITIONS = ["dry, 31°C", "dry, 27°C", "damp", "wet", "dry, night", "dry, 22°C"]
NOTES = [
    "Good rhythm in traffic; lift-and-coast targets hit on every stint.",
    "Braking too early into T1 on cold tyres; worked on out-lap procedure.",
    "Clear feedback on rear instability; setup change confirmed it.",
    "Consistent double stint, 0.4 s spread over 20 laps.",
    "Night run: reference points improved after the second hour.",
    "Media training: sponsor interview & live Q&A, confident and on message.",
    "Fitness: heat chamber 45 min, heart rate stable.",
]
# Session notes that fit the kind of session.
NOTES_BY_TYPE = {
    SessionType.TRACK: NOTES[:5],
    SessionType.SIMULATOR: [
        "Simulator: night stint at Le Mans, reference points for the Porsche Curves.",
        "Simulator: qualifying runs, tyre warm-up on the out-lap.",
        "Simulator: traffic drill, Hypercars passing in the Esses.",
    ],
    SessionType.TEST_DAY: NOTES[:5],
    SessionType.FITNESS: [
        NOTES[6],
        "Fitness: neck strength and reaction tests.",
        "Fitness: 2-hour stint simulation, hydration plan.",
    ],
    SessionType.MEDIA: [
        NOTES[5],
        "Media: sponsor day, hospitality and hot laps.",
        "Media: press conference practice.",
    ],
    SessionType.CLASSROOM: [
        "Classroom: sporting regulations, full-course yellow and code 60.",
        "Classroom: data review of the last race with the engineer.",
        "Classroom: multi-class etiquette, blue flags and lights.",
    ],
}
LEVEL_BASE = {"karting": 4.0, "lmp3": 5.5, "lmp2": 6.5, "elms": 6.7, "rookie": 6.8, "le_mans": 7.5}


def _coaching(
    rng: random.Random,
    drivers: list[Driver],
    competencies: list[Competency],
    circuits: dict[str, Circuit],
) -> tuple[int, int]:
    """A season of sessions per driver, every two to three weeks, grades trending upward."""
    session_count = grade_count = 0
    start = date(2025, 11, 1)
    for driver, demo in zip(drivers, DEMO_DRIVERS, strict=True):
        day = start + timedelta(days=rng.randint(0, 10))
        base = LEVEL_BASE[demo.level]
        talent = {competency.key: rng.uniform(-1.0, 1.0) for competency in competencies}
        step = 0
        while day < DEMO_AS_OF - timedelta(days=3):
            session_type = _weighted(rng, SESSION_PLAN)
            session = CoachingSession(
                driver=driver,
                coach=driver.coach,
                held_on=day,
                session_type=session_type,
                conditions=rng.choice(CONDITIONS),
                notes=rng.choice(NOTES_BY_TYPE[session_type]),
            )
            if session_type is SessionType.TRACK:
                circuit_key = rng.choice(TRACK_CIRCUITS)
                session.circuit = circuits[circuit_key]
                session.laps = rng.randint(18, 60)
                pace = 1.075 - 0.0015 * step + rng.uniform(-0.004, 0.006)
                session.best_lap_ms = int(REFERENCE_LAP_MS[circuit_key] * pace)
                session.night = session.conditions == "dry, night"
            elif session_type is SessionType.SIMULATOR:
                session.simulator_title = rng.choice(
                    [
                        "Le Mans 24h, rFactor 2 (ACO-approved)",
                        "Sepang, team simulator",
                        "Spa, team simulator",
                    ]
                )
                session.laps = rng.randint(30, 90)
            db.session.add(session)
            session_count += 1
            graded = rng.sample(competencies, k=rng.randint(3, len(competencies)))
            for competency in graded:
                score = base + talent[competency.key] + 0.06 * step + rng.uniform(-0.8, 0.8)
                session.grades.append(
                    Grade(
                        driver=driver,
                        competency=competency,
                        graded_by=driver.coach,
                        score=max(1, min(10, round(score))),
                        comment="" if rng.random() < 0.6 else rng.choice(NOTES),
                    )
                )
                grade_count += 1
            step += 1
            day += timedelta(days=rng.randint(12, 24))
        if demo.level in ("elms", "rookie", "le_mans"):
            session_count += _le_mans_preparation(driver, demo, circuits)
    grade_count += _demo_correction(drivers[0])
    return session_count, grade_count


def _demo_correction(driver: Driver) -> int:
    """A grade corrected after the fact: a new revision beside the first, with who and why."""
    db.session.flush()
    first = db.session.execute(
        db.select(Grade)
        .join(Grade.session)
        .where(Grade.driver_id == driver.id)
        .order_by(CoachingSession.held_on.desc(), Grade.id)
        .limit(1)
    ).scalar_one()
    db.session.add(
        Grade(
            session_id=first.session_id,
            driver=driver,
            competency_id=first.competency_id,
            graded_by=driver.coach,
            score=min(10, first.score + 1),
            comment=first.comment,
            revision=2,
            supersedes_id=first.id,
            correction_reason="Re-watched the onboard: the move into turn 1 was cleaner than I judged.",
        )
    )
    return 1


def _le_mans_preparation(driver: Driver, demo: DemoDriver, circuits: dict[str, Circuit]) -> int:
    """The ACO simulator day and the Test Day, for drivers on the Le Mans stages."""
    simulator = CoachingSession(
        driver=driver,
        coach=driver.coach,
        held_on=date(2026, 5, 20),
        session_type=SessionType.SIMULATOR,
        simulator_title="ACO-approved Le Mans simulator day",
        aco_approved=True,
        laps=40,
        conditions="simulated, day and night",
        notes="ACO simulator session completed.",
        night=True,
    )
    db.session.add(simulator)
    if demo.level not in ("rookie", "le_mans"):
        return 1
    test_day = CoachingSession(
        driver=driver,
        coach=driver.coach,
        held_on=date(2026, 6, 7),
        session_type=SessionType.TEST_DAY,
        circuit=circuits["sarthe"],
        laps=14,
        best_lap_ms=int(REFERENCE_LAP_MS["sarthe"] * 1.02),
        conditions="dry, 24°C",
        notes="Official Test Day: 14 laps, 9 timed.",
    )
    db.session.add(test_day)
    return 2


def _weighted(rng: random.Random, options):
    roll = rng.random()
    cumulative = 0.0
    for value, weight in options:
        cumulative += weight
        if roll < cumulative:
            return value
    return options[-1][0]
