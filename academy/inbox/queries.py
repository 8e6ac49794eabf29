"""Each role's inbox: what waits for them, each item linking to the page where it is done.

Built from the queries the pages themselves use (licensing.queries.all_applications, the
dashboard's expiry flags, the jobs' failed list, the pending uploads, the pathway engine), in a
fixed number of statements whatever the size of the academy. The links are built with a
`link(endpoint, **values)` function so that the same items serve a page (url_for) and an
e-mail (PUBLIC_BASE_URL)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import select

from academy.enums import ApplicationStatus, label
from academy.formatting import format_date
from academy.jobs import service as jobs
from academy.licensing.queries import all_applications
from academy.main.queries import ExpiryFlag, first_with_total
from academy.models import CoachingSession, Driver, User
from academy.results import uploads

Link = Callable[..., str]
INACTIVE_DAYS = 30
# A principal's list of drivers newly open to scouting shows this many by name.
NEWLY_OPEN_SHOWN = 10
# A group lists this many items; the rest are counted ("and 40 more").
SHOWN_PER_GROUP = 8
DOCUMENTS = "Documents to renew"
T = TypeVar("T")


@dataclass(frozen=True)
class InboxItem:
    text: str
    url: str
    group: str  # the heading it is shown under
    urgent: bool = False
    detail: str = ""  # shown under the link on the dashboard (the requirement it is about)


@dataclass(frozen=True)
class Inbox:
    """What waits for the user: the first items of each group (counted exactly, listed up to
    SHOWN_PER_GROUP), and where each group can be seen in full when a page lists it."""

    items: tuple[InboxItem, ...] = ()
    # Items of a group beyond the ones listed (e.g. 40 more drivers newly open to scouting).
    more: dict[str, int] = field(default_factory=dict)
    see_all: dict[str, str] = field(default_factory=dict)  # group -> the page that lists all

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


class _Listing:
    """An inbox put together group by group: each group's items made only for the ones listed
    (a coach of hundreds of drivers has a thousand items; the page lists a few of each)."""

    def __init__(self) -> None:
        self.items: list[InboxItem] = []
        self.more: dict[str, int] = {}
        self.see_all: dict[str, str] = {}

    def add(
        self,
        group: str,
        found: Sequence[T],
        item: Callable[[T], InboxItem],
        *,
        total: int | None = None,
        see_all: str | None = None,
        shown: int = SHOWN_PER_GROUP,
    ) -> None:
        """`found`'s first `shown` as items of `group`; the others (`total` when `found` is
        itself the first of more) counted."""
        listed = found[:shown]
        self.items += [item(each) for each in listed]
        hidden = (len(found) if total is None else total) - len(listed)
        if hidden > 0:
            self.more[group] = self.more.get(group, 0) + hidden
        if see_all is not None and (hidden > 0 or listed):
            self.see_all[group] = see_all

    def inbox(self) -> Inbox:
        return Inbox(tuple(self.items), self.more, self.see_all)


def _expiry_item(link: Link, *, own: bool = False) -> Callable[[ExpiryFlag], InboxItem]:
    def item(flag: ExpiryFlag) -> InboxItem:
        whose = "Your" if own else f"{flag.driver.display_name}'s"
        what = flag.what.lower()
        when = f"{'expired' if flag.expired else 'expires'} on {format_date(flag.expires_on)}"
        return InboxItem(
            f"{whose} {what} {when}",
            link("drivers.profile", driver_id=flag.driver.id),
            DOCUMENTS,
            urgent=flag.expired,
        )

    return item


def _add_applications(
    listing: _Listing,
    statuses: list[ApplicationStatus],
    coach_id: int | None,
    link: Link,
    group: str,
    verb: str,
) -> None:
    listing.add(
        group,
        all_applications(coach_id, statuses, with_creator=False),
        lambda application: InboxItem(
            f"{verb} {application.driver.display_name}'s application for "
            f"{application.target_grade.label}",
            link(
                "licensing.application",
                driver_id=application.driver_id,
                application_id=application.id,
            ),
            group,
        ),
        see_all=link("licensing.applications"),
    )


def _add_pending_uploads(listing: _Listing, user: User, link: Link, now: datetime) -> None:
    group = "Imports waiting for you"
    listing.add(
        group,
        uploads.pending_of(user.id, now),
        lambda pending: InboxItem(
            f"Confirm or cancel the import of {pending.file_name}",
            link("results.preview", token=pending.token),
            group,
        ),
    )


def director_inbox(
    user: User, flags: list[ExpiryFlag], link: Link, now: datetime, flags_total: int | None = None
) -> Inbox:
    """Applications awaiting approval, documents expiring or expired, imports waiting for
    confirmation, failed jobs: four statements (the flags, the soonest of `flags_total`, come
    from the dashboard)."""
    listing = _Listing()
    _add_applications(
        listing,
        [ApplicationStatus.ENDORSED],
        None,
        link,
        "Applications awaiting your approval",
        "Approve",
    )
    listing.add(DOCUMENTS, flags, _expiry_item(link), total=flags_total)
    _add_pending_uploads(listing, user, link, now)
    failed = "Jobs that failed"
    listing.add(
        failed,
        jobs.failed_jobs(now, limit=20),
        lambda job: InboxItem(
            f"Job #{job.id} failed: {jobs.TITLES.get(job.kind, job.kind)}",
            link("jobs.show", job_id=job.id),
            failed,
            urgent=True,
        ),
        see_all=link("jobs.index"),
    )
    return listing.inbox()


def first_without_recent_session(
    coach_id: int, today: date, limit: int = SHOWN_PER_GROUP
) -> tuple[list[Driver], int]:
    """The first `limit` (by name) of the coach's drivers with no coaching session in the last
    30 days, and how many there are: one statement, however many drivers."""
    since = today - timedelta(days=INACTIVE_DAYS)
    recent = (
        select(CoachingSession.id)
        .where(CoachingSession.driver_id == Driver.id, CoachingSession.held_on >= since)
        .exists()
    )
    return first_with_total(
        select(Driver)
        .where(Driver.coach_id == coach_id, ~recent)
        .order_by(Driver.legal_name, Driver.id),
        limit,
    )


def coach_inbox(
    user: User,
    flags: list[ExpiryFlag],
    flags_total: int,
    link: Link,
    today: date,
    now: datetime,
) -> Inbox:
    """Drafts to endorse, their drivers' documents expiring (the first `flags` of
    `flags_total`, from the dashboard), drivers without a session in 30 days, their own imports
    waiting: a fixed number of statements, however many drivers the coach has."""
    listing = _Listing()
    _add_applications(
        listing, [ApplicationStatus.DRAFT], user.id, link, "Drafts to endorse", "Endorse"
    )
    listing.add(
        DOCUMENTS,
        flags,
        _expiry_item(link),
        total=flags_total,
        see_all=link("main.dashboard", _anchor="documents"),
    )
    inactive = f"No session in {INACTIVE_DAYS} days"
    without, without_total = first_without_recent_session(user.id, today)
    listing.add(
        inactive,
        without,
        lambda driver: InboxItem(
            f"{driver.display_name}: no session in the last {INACTIVE_DAYS} days",
            link("coaching.log_session"),
            inactive,
        ),
        total=without_total,
    )
    _add_pending_uploads(listing, user, link, now)
    return listing.inbox()


@dataclass(frozen=True)
class MissingRequirement:
    requirement_id: str
    label: str
    missing: str  # what is still to do, in the engine's words


@dataclass(frozen=True)
class NextStage:
    """The stage a driver works towards and what is still missing for it: the first thing
    their dashboard shows, and the first group of their inbox."""

    name: str | None  # None: every stage of the pathway is reached
    missing: tuple[MissingRequirement, ...] = ()


def next_stage_of(driver: Driver, today: date) -> NextStage | None:
    """The driver's next stage and what is still missing for it, evaluated as the progress page
    does (None without a usable rule set; a NextStage without a name once every stage is
    reached). `driver` comes loaded
    with its licences, medicals and cohort (driver_of_user(with_documents=True)), which are
    reused: six statements (the rule set, five tables of facts)."""
    from academy.pathway.engine import evaluate
    from academy.progress.facts_loader import facts_of_loaded_driver
    from academy.progress.rule_sets import RuleSetUnavailable, current_rule_set

    try:
        rule_set = current_rule_set()
    except RuleSetUnavailable:
        return None
    stage = evaluate(facts_of_loaded_driver(driver), rule_set, today).next
    if stage is None:
        return NextStage(None)
    return NextStage(
        stage.name,
        tuple(
            MissingRequirement(requirement.requirement_id, requirement.label, requirement.missing)
            for requirement in stage.requirements
            if not requirement.met and requirement.missing
        ),
    )


def driver_inbox(
    driver: Driver, flags: list[ExpiryFlag], next_stage: NextStage | None, link: Link
) -> Inbox:
    """What is still missing for the next stage (first, each linking to its requirement on the
    progress page), documents expiring, where each open application stands: one statement
    (the flags and the next stage come from the dashboard)."""
    items = []
    if next_stage is not None and next_stage.name is not None:
        items += [
            InboxItem(
                requirement.missing[:1].upper() + requirement.missing[1:],
                link(
                    "progress.progress",
                    driver_id=driver.id,
                    _anchor=f"req-{requirement.requirement_id}",
                ),
                f"Still missing for {next_stage.name}",
                detail=requirement.label,
            )
            for requirement in next_stage.missing
        ]
    items += [_expiry_item(link, own=True)(flag) for flag in flags]
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


def newly_open_first(
    seen_at: datetime | None, limit: int = NEWLY_OPEN_SHOWN
) -> tuple[list[Driver], int]:
    """The `limit` drivers who gave scouting consent most recently since the principal last
    looked (`seen_at`; None: every consenting driver), and how many there are: one statement,
    however many drivers are open to scouting."""
    query = select(Driver).where(Driver.consent_scouting.is_(True))
    if seen_at is not None:
        query = query.where(Driver.consent_scouting_at > seen_at)
    return first_with_total(
        query.order_by(Driver.consent_scouting_at.desc().nulls_last(), Driver.legal_name),
        limit,
    )


def principal_inbox(user: User, link: Link) -> Inbox:
    """Drivers newly open to scouting since the last visit (marked seen by the principal): one
    statement, however many drivers are open to scouting."""
    group = "Newly open to scouting"
    listing = _Listing()
    found, total = newly_open_first(user.scouting_seen_at)
    listing.add(
        group,
        found,
        lambda driver: InboxItem(
            f"{driver.display_name} is newly open to scouting",
            link("scouting.driver", driver_id=driver.id),
            group,
        ),
        total=total,
        shown=NEWLY_OPEN_SHOWN,
    )
    return listing.inbox()
