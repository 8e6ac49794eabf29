"""Each role's inbox: what waits for them, each item linking to the page where it is done.

Built from the queries the pages themselves use (licensing.queries.all_applications, the
dashboard's expiry flags, the jobs' failed list, the pending uploads, the pathway engine), in a
fixed number of statements whatever the size of the academy. The links are built with a
`link(endpoint, **values)` function so that the same items serve a page (url_for) and an
e-mail (PUBLIC_BASE_URL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from academy.enums import ApplicationStatus, label
from academy.extensions import db
from academy.formatting import format_date
from academy.jobs import service as jobs
from academy.licensing.queries import all_applications
from academy.main.queries import ExpiryFlag
from academy.models import CoachingSession, Driver, User
from academy.results import uploads

Link = Callable[..., str]
INACTIVE_DAYS = 30
# A principal's list of drivers newly open to scouting shows this many by name.
NEWLY_OPEN_SHOWN = 10
# A group lists this many items; the rest are counted ("and 40 more").
SHOWN_PER_GROUP = 8
DOCUMENTS = "Documents to renew"


@dataclass(frozen=True)
class InboxItem:
    text: str
    url: str
    group: str  # the heading it is shown under
    urgent: bool = False


@dataclass(frozen=True)
class Inbox:
    items: tuple[InboxItem, ...] = ()
    # Items of a group beyond the ones listed (e.g. 40 more drivers newly open to scouting).
    more: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.items) + sum(self.more.values())

    def groups(self) -> list[tuple[str, list[InboxItem], int]]:
        """Each group's heading, the items it lists and how many more it has."""
        grouped: dict[str, list[InboxItem]] = {}
        for item in self.items:
            grouped.setdefault(item.group, []).append(item)
        return [
            (
                group,
                items[:SHOWN_PER_GROUP],
                max(len(items) - SHOWN_PER_GROUP, 0) + self.more.get(group, 0),
            )
            for group, items in grouped.items()
        ]


def _expiry_items(flags: list[ExpiryFlag], link: Link, *, own: bool = False) -> list[InboxItem]:
    items = []
    for flag in flags:
        whose = "Your" if own else f"{flag.driver.display_name}'s"
        what = flag.what.lower()
        when = f"{'expired' if flag.expired else 'expires'} on {format_date(flag.expires_on)}"
        items.append(
            InboxItem(
                f"{whose} {what} {when}",
                link("drivers.profile", driver_id=flag.driver.id),
                DOCUMENTS,
                urgent=flag.expired,
            )
        )
    return items


def _application_items(
    statuses: list[ApplicationStatus], coach_id: int | None, link: Link, group: str, verb: str
) -> list[InboxItem]:
    return [
        InboxItem(
            f"{verb} {application.driver.display_name}'s application for "
            f"{application.target_grade.label}",
            link(
                "licensing.application",
                driver_id=application.driver_id,
                application_id=application.id,
            ),
            group,
        )
        for application in all_applications(coach_id, statuses, with_creator=False)
    ]


def _pending_upload_items(user: User, link: Link, now: datetime) -> list[InboxItem]:
    return [
        InboxItem(
            f"Confirm or cancel the import of {pending.file_name}",
            link("results.preview", token=pending.token),
            "Imports waiting for you",
        )
        for pending in uploads.pending_of(user.id, now)
    ]


def director_inbox(
    user: User, flags: list[ExpiryFlag], link: Link, now: datetime, flags_total: int | None = None
) -> Inbox:
    """Applications awaiting approval, documents expiring or expired, imports waiting for
    confirmation, failed jobs: four statements (the flags, the soonest of `flags_total`, come
    from the dashboard)."""
    items = _application_items(
        [ApplicationStatus.ENDORSED], None, link, "Applications awaiting your approval", "Approve"
    )
    items += _expiry_items(flags, link)
    items += _pending_upload_items(user, link, now)
    items += [
        InboxItem(
            f"Job #{job.id} failed: {jobs.TITLES.get(job.kind, job.kind)}",
            link("jobs.show", job_id=job.id),
            "Jobs that failed",
            urgent=True,
        )
        for job in jobs.failed_jobs(now, limit=20)
    ]
    hidden = (flags_total or len(flags)) - len(flags)
    return Inbox(tuple(items), {DOCUMENTS: hidden} if hidden > 0 else {})


def drivers_without_recent_session(drivers: list[Driver], today: date) -> list[Driver]:
    """Those of `drivers` with no coaching session in the last 30 days: one statement."""
    if not drivers:
        return []
    since = today - timedelta(days=INACTIVE_DAYS)
    active = set(
        db.session.execute(
            select(CoachingSession.driver_id)
            .where(
                CoachingSession.driver_id.in_([driver.id for driver in drivers]),
                CoachingSession.held_on >= since,
            )
            .group_by(CoachingSession.driver_id)
        ).scalars()
    )
    return [driver for driver in drivers if driver.id not in active]


def coach_inbox(
    user: User,
    drivers: list[Driver],
    flags: list[ExpiryFlag],
    link: Link,
    today: date,
    now: datetime,
) -> Inbox:
    """Drafts to endorse, their drivers' documents expiring, drivers without a session in 30
    days, their own imports waiting: four statements (drivers and flags from the dashboard)."""
    items = _application_items(
        [ApplicationStatus.DRAFT], user.id, link, "Drafts to endorse", "Endorse"
    )
    items += _expiry_items(flags, link)
    items += [
        InboxItem(
            f"{driver.display_name}: no session in the last {INACTIVE_DAYS} days",
            link("coaching.log_session"),
            f"No session in {INACTIVE_DAYS} days",
        )
        for driver in drivers_without_recent_session(drivers, today)
    ]
    items += _pending_upload_items(user, link, now)
    return Inbox(tuple(items))


def still_missing(driver_id: int, today: date) -> tuple[str | None, list[str]]:
    """The next stage's name and what is still missing for it, in the engine's words (the
    progress page's evaluation)."""
    from academy.pathway.engine import evaluate
    from academy.progress.facts_loader import load_facts
    from academy.progress.rule_sets import RuleSetUnavailable, current_rule_set

    try:
        rule_set = current_rule_set()
    except RuleSetUnavailable:
        return None, []
    loaded = load_facts([driver_id])
    facts = loaded.facts.get(driver_id)
    if facts is None:
        return None, []
    stage = evaluate(facts, rule_set, today).next
    if stage is None:
        return None, []
    return stage.name, [
        requirement.missing
        for requirement in stage.requirements
        if not requirement.met and requirement.missing
    ]


def driver_inbox(driver: Driver, flags: list[ExpiryFlag], link: Link, today: date) -> Inbox:
    """What is still missing for the next stage (first), documents expiring, where each open
    application stands."""
    stage, missing = still_missing(driver.id, today)
    progress = link("progress.progress", driver_id=driver.id)
    items = [InboxItem(text, progress, f"Still missing for {stage}") for text in missing]
    items += _expiry_items(flags, link, own=True)
    open_statuses = [
        status
        for status in ApplicationStatus
        if status not in (ApplicationStatus.GRANTED, ApplicationStatus.REJECTED)
    ]
    items += [
        InboxItem(
            f"Your application for {application.target_grade.label} is "
            f"{label(application.status).lower()}",
            link(
                "licensing.application",
                driver_id=driver.id,
                application_id=application.id,
            ),
            "Your licence applications",
        )
        for application in all_applications(
            None, open_statuses, driver_id=driver.id, with_creator=False
        )
    ]
    return Inbox(tuple(items))


def newly_open(drivers: list[Driver], seen_at: datetime | None) -> list[Driver]:
    """Of the consenting drivers, those who gave consent since the principal last looked."""
    return sorted(
        (
            driver
            for driver in drivers
            if driver.consent_scouting
            and (seen_at is None or (driver.consent_scouting_at or datetime.min) > seen_at)
        ),
        key=lambda driver: driver.consent_scouting_at or datetime.min,
        reverse=True,
    )


def principal_inbox(user: User, drivers: list[Driver], link: Link) -> Inbox:
    """Drivers newly open to scouting since the last visit (marked seen by the principal): no
    statement (the consenting drivers come from the dashboard)."""
    fresh = newly_open(drivers, user.scouting_seen_at)
    items = [
        InboxItem(
            f"{driver.display_name} is newly open to scouting",
            link("scouting.driver", driver_id=driver.id),
            "Newly open to scouting",
        )
        for driver in fresh[:NEWLY_OPEN_SHOWN]
    ]
    more = len(fresh) - NEWLY_OPEN_SHOWN
    return Inbox(tuple(items), {"Newly open to scouting": more} if more > 0 else {})
