"""Licence applications for the demo academy, one in every state of the workflow.

Honest like the real thing: an endorsement or approval goes through normally only when the
pathway rules for the grade are met on that day; otherwise the director overrides it, naming
the reason, as the workflow requires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from academy import audit
from academy.enums import ApplicationStatus, LicenceGrade, Role
from academy.extensions import db
from academy.licensing.service import AUDITED_FIELDS, check_rules
from academy.models import ApplicationTransition, Driver, LicenceApplication, User
from academy.progress.rule_sets import DEFAULT_RULE_SET_KEY

Status = ApplicationStatus


@dataclass(frozen=True)
class DemoApplication:
    driver: str  # legal name
    grade: LicenceGrade
    # (status reached, day, comment), in order after the draft of the first entry.
    steps: tuple[tuple[ApplicationStatus, date, str], ...]
    override_reason: str = ""


DEMO_APPLICATIONS = (
    DemoApplication(
        "Aoi Yamamoto",
        LicenceGrade.INTERNATIONAL_B,
        (
            (Status.DRAFT, date(2025, 10, 20), "LMP2 seat confirmed for ALMS 2025-26."),
            (Status.ENDORSED, date(2025, 10, 27), "Ready: a full LMP3 season behind her."),
            (Status.APPROVED, date(2025, 11, 3), ""),
            (Status.SUBMITTED, date(2025, 11, 5), "Sent to JAF with the medical."),
            (Status.GRANTED, date(2025, 12, 18), "JAF granted the licence for 2026."),
        ),
        override_reason=(
            "Her 2025 International C licence and national race results are on JAF's paper "
            "records only; the academy's records start in 2026."
        ),
    ),
    DemoApplication(
        "Kim Min-jun",
        LicenceGrade.INTERNATIONAL_A,
        (
            (Status.DRAFT, date(2026, 10, 28), "For a Hypercar test with a Le Mans team."),
            (
                Status.ENDORSED,
                date(2026, 11, 2),
                "Two ELMS seasons and the Le Mans rookie days done.",
            ),
            (Status.APPROVED, date(2026, 11, 6), ""),
            (Status.SUBMITTED, date(2026, 11, 9), "Sent to KARA."),
        ),
    ),
    DemoApplication(
        "Napat Wongsawat",
        LicenceGrade.INTERNATIONAL_D,
        (
            (
                Status.DRAFT,
                date(2026, 11, 3),
                "First international licence for the ALMS test days.",
            ),
            (Status.ENDORSED, date(2026, 11, 10), ""),
            (Status.APPROVED, date(2026, 11, 12), ""),
        ),
        override_reason=(
            "Three national Formula 4 wins in 2025, recorded by RAAT but not yet in our "
            "results; the ASN confirmed them by letter."
        ),
    ),
    DemoApplication(
        "Haruto Kobayashi",
        LicenceGrade.INTERNATIONAL_B,
        (
            (Status.DRAFT, date(2026, 11, 16), "Aiming for an LMP2 seat in ALMS 2026-27."),
            (Status.ENDORSED, date(2026, 11, 20), "Consistent all season."),
        ),
    ),
    DemoApplication(
        "Kavya Iyer",
        LicenceGrade.INTERNATIONAL_D,
        ((Status.DRAFT, date(2026, 11, 21), "Start once the e-learning and the races are done."),),
    ),
    DemoApplication(
        "Lee Ji-hoon",
        LicenceGrade.INTERNATIONAL_A,
        (
            (Status.DRAFT, date(2026, 9, 1), "Asked for by his team for a Hypercar test."),
            (
                Status.REJECTED,
                date(2026, 9, 8),
                "Not yet: his International B licence runs out in November and an A needs "
                "more international results. Renew first, then apply after ALMS 2026-27.",
            ),
        ),
    ),
)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0))


def seed_licence_applications() -> int:
    """Add the demo applications (the demo drivers, coaches and director must exist)."""
    director = db.session.execute(
        select(User).where(User.role == Role.ADMIN).order_by(User.id).limit(1)
    ).scalar_one()
    drivers = {
        driver.legal_name: driver
        for driver in db.session.execute(
            select(Driver).where(Driver.legal_name.in_([app.driver for app in DEMO_APPLICATIONS]))
        ).scalars()
    }
    count = 0
    for plan in DEMO_APPLICATIONS:
        driver = drivers.get(plan.driver)
        if driver is None or driver.coach is None:
            continue
        _seed_one(plan, driver, driver.coach, director)
        count += 1
    db.session.flush()
    return count


def _seed_one(plan: DemoApplication, driver: Driver, coach: User, director: User) -> None:
    _, created_on, first_comment = plan.steps[0]
    licence = max(driver.licences, key=lambda held: held.expires_on, default=None)
    application = LicenceApplication(
        driver_id=driver.id,
        target_grade=plan.grade,
        status=Status.DRAFT,
        asn=licence.asn if licence else "",
        rule_set_key=DEFAULT_RULE_SET_KEY,
        created_by_id=coach.id,
        created_at=_at(created_on, 9),
    )
    db.session.add(application)
    db.session.flush()
    _transition(application, None, Status.DRAFT, coach, created_on, first_comment, False)
    created = audit.record(
        "licence_application_created",
        application,
        after=audit.snapshot(application, AUDITED_FIELDS),
        actor_id=coach.id,
    )
    created.at = _at(created_on, 9)
    previous = Status.DRAFT
    for status, day, comment in plan.steps[1:]:
        actor = coach if status is Status.ENDORSED else director
        overridden = False
        note = comment
        if status in (Status.ENDORSED, Status.APPROVED):
            met = check_rules(driver.id, plan.grade, DEFAULT_RULE_SET_KEY, day).met
            if not met:
                # Only the director may let it through, and says why.
                actor, overridden = director, True
                reason = (
                    plan.override_reason or "Demo: the director accepted it on the coach's word."
                )
                application.override_reason = reason
                note = f"Rules not met; overridden by the director: {reason}" + (
                    f"\n{comment}" if comment else ""
                )
        if status is Status.GRANTED:
            granted = [
                held
                for held in driver.licences
                if held.grade is plan.grade and held.issued_on >= day
            ]
            if granted:
                application.granted_licence_id = min(granted, key=lambda held: held.issued_on).id
        before = audit.snapshot(application, AUDITED_FIELDS)
        application.status = status
        application.updated_at = _at(day, 15)
        _transition(application, previous, status, actor, day, note, overridden)
        event = audit.record(
            f"licence_application_{_ACTIONS[status]}",
            application,
            before=before,
            after={**audit.snapshot(application, AUDITED_FIELDS), "overridden": overridden},
            actor_id=actor.id,
        )
        event.at = _at(day, 15)
        previous = status


_ACTIONS = {
    Status.ENDORSED: "endorse",
    Status.APPROVED: "approve",
    Status.SUBMITTED: "submit",
    Status.GRANTED: "grant",
    Status.REJECTED: "reject",
}


def _transition(
    application: LicenceApplication,
    from_status: ApplicationStatus | None,
    to_status: ApplicationStatus,
    actor: User,
    day: date,
    comment: str,
    overridden: bool,
) -> None:
    db.session.add(
        ApplicationTransition(
            application_id=application.id,
            from_status=from_status,
            to_status=to_status,
            actor_id=actor.id,
            comment=comment,
            overridden=overridden,
            at=_at(day, 15 if from_status else 9),
        )
    )
