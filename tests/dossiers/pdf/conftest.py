"""Hand-made dossier input for the builder tests (and the benchmark).

``make_dossier_input`` (fixture ``make_input``) gives a complete, believable
driver: results across seasons with co-drivers whose names are in Korean, Thai
and Norwegian script,
gradings on the academy rubric, coaching sessions at several circuits, a
pathway evaluation and an endorsement. Tests change one thing at a time with
``dataclasses.replace``.
"""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from academy.dossiers.pdf.model import (
    CategorisationInfo,
    CoachEndorsement,
    CohortComparison,
    DossierInput,
    DriverIdentity,
    GradeEntry,
    LicenceInfo,
    RaceResultRow,
    RequirementVerdict,
    SessionRow,
    StageVerdict,
    Verification,
)
from academy.enums import (
    Categorisation,
    DossierKind,
    LicenceGrade,
    RaceClass,
    ResultStatus,
    SessionType,
)

DRIVER_NAME = "Kamui Kobayashi"
NATIVE_NAME = "小林 可夢偉"
CO_DRIVERS = ("김민수", "สมชาย ใจดี", "Jonas Ødegård", "Léa Müller-Łukasz")
CODE = "7KQ2M-XW4PD"
VERIFY_URL = f"https://academy.example/verify/{CODE}"

COMPETENCIES = (
    "Racecraft",
    "Consistency",
    "Traffic management (multi-class)",
    "Night driving",
    "Tyre and fuel management",
    "Technical feedback",
    "Physical fitness",
    "Media and sponsor work",
)
CIRCUITS = (
    ("Sepang International Circuit", 118_500),
    ("Dubai Autodrome", 104_200),
    ("Yas Marina Circuit", 119_800),
    ("Circuit de la Sarthe", 213_400),
)
SERIES = ("Asian Le Mans Series", "European Le Mans Series")
CLASSES = (RaceClass.LMP3, RaceClass.LMP2, RaceClass.LMP2_PRO_AM)


def make_results(count: int, seed: int = 1) -> tuple[RaceResultRow, ...]:
    rng = random.Random(seed)
    start = date(2021, 12, 4)
    rows = []
    for index in range(count):
        held_on = start + timedelta(days=21 * index)
        circuit, lap_ms = CIRCUITS[index % len(CIRCUITS)]
        status = rng.choice([ResultStatus.CLASSIFIED] * 8 + [ResultStatus.DNF, ResultStatus.DNS])
        classified = status == ResultStatus.CLASSIFIED
        in_class = rng.randint(1, 9) if classified else None
        best = lap_ms - index * 40 + rng.randint(-300, 300)
        rows.append(
            RaceResultRow(
                event=f"Round {index % 6 + 1} — {circuit.split()[0]} 4 Hours",
                series=SERIES[index % len(SERIES)],
                season=f"{held_on.year}-{(held_on.year + 1) % 100:02d}",
                circuit=circuit,
                race_class=CLASSES[(index // 8) % len(CLASSES)],
                car=str(20 + index % 60),
                team="Smith & <Sons> Racing" if index % 5 == 0 else "Nova Endurance",
                co_drivers=(CO_DRIVERS[index % 4], CO_DRIVERS[(index + 1) % 4]),
                position_overall=in_class + rng.randint(0, 12) if in_class else None,
                position_in_class=in_class,
                status=status,
                drive_time_s=rng.randint(50, 130) * 60,
                points=float(max(0, 26 - 3 * in_class)) if in_class else 0.0,
                held_on=held_on,
                best_lap_ms=best,
                night_running=index % 3 == 0,
                class_field_size=12,
                crew_drive_time_s=4 * 3600,
                co_driver_best_lap_ms=best + rng.randint(-500, 500),
                class_best_lap_ms=best - rng.randint(0, 900),
            )
        )
    return tuple(rows)


def make_grades(count: int, seed: int = 2) -> tuple[GradeEntry, ...]:
    rng = random.Random(seed)
    start = date(2022, 1, 10)
    per_round = len(COMPETENCIES)
    grades = []
    for index in range(count):
        competency = COMPETENCIES[index % per_round]
        round_ = index // per_round
        score = min(10.0, 4.0 + round_ * 0.12 + rng.uniform(-0.6, 0.6))
        grades.append(
            GradeEntry(
                competency=competency,
                score=round(score, 1),
                graded_on=start + timedelta(days=14 * round_),
                coach="Ana Costa",
                comment="Solid <b>progress</b> & fewer mistakes" if index % 7 == 0 else "",
            )
        )
    return tuple(grades)


def make_sessions(count: int, seed: int = 3) -> tuple[SessionRow, ...]:
    rng = random.Random(seed)
    start = date(2022, 1, 5)
    types = (
        SessionType.TRACK,
        SessionType.SIMULATOR,
        SessionType.TEST_DAY,
        SessionType.FITNESS,
        SessionType.MEDIA,
    )
    sessions = []
    for index in range(count):
        session_type = types[index % len(types)]
        circuit, lap_ms = CIRCUITS[(index // 5) % len(CIRCUITS)]
        timed = session_type in (SessionType.TRACK, SessionType.TEST_DAY)
        sessions.append(
            SessionRow(
                held_on=start + timedelta(days=5 * index),
                session_type=session_type,
                circuit=circuit,
                laps=rng.randint(10, 60) if timed else 0,
                best_lap_ms=lap_ms - index * 15 + rng.randint(-400, 400) if timed else None,
                coach="Ana Costa",
                notes="Press day <font name=x> with sponsor"
                if session_type == SessionType.MEDIA
                else "",
            )
        )
    return tuple(sessions)


def make_pathway() -> tuple[StageVerdict, ...]:
    return (
        StageVerdict(
            "ALMS LMP3 seat",
            True,
            (
                RequirementVerdict(
                    "Licence International C or higher",
                    "met",
                    ("International B licence, valid to 31 Dec 2026",),
                    source="FIA ISC Appendix L",
                ),
                RequirementVerdict(
                    "Valid medical certificate",
                    "expiring",
                    ("Medical valid to 15 Feb 2026",),
                    missing="Renew the medical before 15 Feb 2026",
                ),
            ),
        ),
        StageVerdict(
            "Le Mans 24h rookie",
            False,
            (
                RequirementVerdict(
                    "Licence International B or higher",
                    "met",
                    ("International B licence",),
                    source="ACO regulations art. 1.5",
                ),
                RequirementVerdict(
                    "Classified starts in ALMS or ELMS prototypes",
                    "not_met",
                    ("Sepang 4 Hours 2024 (P2 LMP3)", "Dubai 4 Hours 2025 (P5 LMP2)"),
                    missing="One more classified LMP2 start",
                    source="ACO selection criteria",
                ),
                RequirementVerdict(
                    "Simulator day on the Circuit de la Sarthe",
                    "not_met",
                    missing="Book the Le Mans simulator day",
                ),
            ),
        ),
    )


def photo_bytes(width: int = 400, height: int = 500) -> bytes:
    image = Image.new("RGB", (width, height), (20, 40, 75))
    for x in range(0, width, 20):
        for y in range(0, height, 20):
            image.putpixel((x, y), (200, 16, 46))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def make_dossier_input(
    kind: DossierKind = DossierKind.INVITATION,
    *,
    results: int = 8,
    grades: int = 40,
    sessions: int = 25,
    photo: bytes | None = None,
) -> DossierInput:
    return DossierInput(
        kind=kind,
        academy_name="Pacific Endurance Academy",
        rule_set_key="alms-to-le-mans-2026",
        rule_set_name="ALMS to Le Mans 2026",
        generated_at=datetime(2026, 3, 14, 9, 30, tzinfo=UTC),
        generated_by="Director Mei Tanaka",
        verification=Verification(code=CODE, verify_url=VERIFY_URL),
        driver=DriverIdentity(
            display_name=DRIVER_NAME,
            legal_name="Kobayashi Kamui",
            native_name=NATIVE_NAME,
            romanised_name="Kobayashi Kamui",
            nationality="Japan",
            date_of_birth=date(2003, 9, 13),
            story="Started karting in Amagasaki at eight; moved to endurance racing in 2021 "
            "and won the LMP3 class at Sepang in his second season.",
            photo=photo,
        ),
        licence=LicenceInfo(
            LicenceGrade.INTERNATIONAL_B, "JAF", "B-2024-0113", date(2024, 1, 1), date(2026, 12, 31)
        ),
        categorisation=CategorisationInfo(Categorisation.SILVER, date(2026, 6, 30)),
        results=make_results(results),
        grades=make_grades(grades),
        sessions=make_sessions(sessions),
        pathway=make_pathway(),
        endorsement=CoachEndorsement(
            "Ana Costa",
            date(2026, 2, 1),
            "Ready for a Le Mans rookie seat: calm in traffic, quick at night, "
            'honest feedback. Team "Smith & <Sons>" vouches for him too.',
        ),
        cohort=CohortComparison(
            "2024 intake",
            9,
            driver_scores={c: 6.0 + i * 0.3 for i, c in enumerate(COMPETENCIES)},
            cohort_medians={c: 5.5 + (i % 3) * 0.4 for i, c in enumerate(COMPETENCIES)},
        ),
        media_work=(
            "Interview with Motorsport Asia, January 2026",
            "Sponsor day for Smith & <Sons>",
        ),
    )


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, as a PDF reader extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text without whitespace: line breaks in a wrapped cell do not matter."""
    return "".join(text.split())


@pytest.fixture(scope="session")
def make_input():
    """``make_input(kind, results=.., grades=.., sessions=.., photo=..)`` -> DossierInput."""
    return make_dossier_input


@pytest.fixture(scope="session")
def pages_of():
    """``pages_of(pdf_bytes)`` -> the text of each page."""
    return pdf_pages


@pytest.fixture(scope="session")
def photo():
    """``photo(width, height)`` -> JPEG bytes."""
    return photo_bytes
