"""Small builders for test data: users, drivers, cohorts, and signing in."""

from __future__ import annotations

import itertools
from datetime import date

from flask.testing import FlaskClient

from academy.clock import today_in
from academy.enums import Categorisation, LicenceGrade, Role
from academy.extensions import db
from academy.models import Cohort, Driver, Licence, MedicalCertificate, User

PASSWORD = "correct-horse-battery-9"

_counter = itertools.count(1)


def academy_day() -> date:
    """Today in the test academy's time zone: what the app calls today (academy.clock)."""
    from config import TestConfig

    return today_in(TestConfig.ACADEMY_TIMEZONE)


def make_user(
    role: Role = Role.COACH,
    *,
    email: str | None = None,
    name: str | None = None,
    password: str = PASSWORD,
    **fields,
) -> User:
    number = next(_counter)
    user = User(
        email=email or f"{role.value}{number}@example.com",
        display_name=name or f"{role.value.title()} Number{number}",
        role=role,
        **fields,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def make_driver(
    *,
    legal_name: str | None = None,
    coach: User | None = None,
    user: User | None = None,
    licence: LicenceGrade | None = LicenceGrade.INTERNATIONAL_C,
    licence_expires: date = date(2099, 12, 31),
    medical_expires: date | None = date(2099, 12, 31),
    **fields,
) -> Driver:
    number = next(_counter)
    fields.setdefault("nationality", "JPN")
    fields.setdefault("date_of_birth", date(2004, 5, 17))
    fields.setdefault("categorisation", Categorisation.SILVER)
    driver = Driver(legal_name=legal_name or f"Driver Number{number}", **fields)
    driver.coach = coach
    driver.user = user
    driver.refresh_search_text()
    if licence is not None:
        driver.licences.append(
            Licence(
                grade=licence,
                asn="JAF",
                number=f"JAF-LICENCE-{number:05d}",
                issued_on=date(2020, 1, 1),
                expires_on=licence_expires,
            )
        )
    if medical_expires is not None:
        driver.medicals.append(
            MedicalCertificate(issued_on=date(2020, 1, 1), expires_on=medical_expires)
        )
    db.session.add(driver)
    db.session.commit()
    return driver


def make_cohort(name: str = "2026 Intake") -> Cohort:
    cohort = Cohort(name=name, year=2026)
    db.session.add(cohort)
    db.session.commit()
    return cohort


def login(client: FlaskClient, user: User, password: str = PASSWORD):
    client.post("/logout")
    return client.post("/login", data={"email": user.email, "password": password})
