"""E-mail: what is queued for whom (the notifications table), and sending it.

Requests only queue notifications (rows, in the request's one commit) and a job to send them;
the SMTP conversation happens in the job (an RQ worker, or in the process without Redis).
A notification is unique per (user, kind, key), so a reminder is queued once however often the
daily run runs; a sender claims each row in one UPDATE before it speaks to the SMTP server, so
two senders running at once do not send it twice either. Every kind can be switched off per
user (EmailOptOut). Each e-mail has a plain-text part and an HTML part; names in any script
travel as UTF-8 (headers encoded by the mail library).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import formataddr

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from academy.clock import academy_today, utcnow
from academy.enums import ApplicationStatus, Role, label
from academy.extensions import db, mail, rows_changed
from academy.main.queries import drivers_with_documents_due, expiry_flags
from academy.models import (
    ApplicationTransition,
    Driver,
    EmailOptOut,
    LicenceApplication,
    Notification,
    User,
)

log = logging.getLogger("academy")

EXPIRY_REMINDER = "expiry_reminder"
APPLICATION_UPDATE = "application_update"
WEEKLY_DIGEST = "weekly_digest"
KINDS = (EXPIRY_REMINDER, APPLICATION_UPDATE, WEEKLY_DIGEST)
# A claim older than this belongs to a sender that died: the row may be sent again.
CLAIM_TIMEOUT = timedelta(minutes=30)


# --- who wants what ---------------------------------------------------------------------------


def kinds_wanted(user_id: int) -> set[str]:
    off = set(
        db.session.execute(select(EmailOptOut.kind).where(EmailOptOut.user_id == user_id)).scalars()
    )
    return {kind for kind in KINDS if kind not in off}


def set_kinds_wanted(user_id: int, wanted: set[str]) -> None:
    db.session.execute(delete(EmailOptOut).where(EmailOptOut.user_id == user_id))
    for kind in KINDS:
        if kind not in wanted:
            db.session.add(EmailOptOut(user_id=user_id, kind=kind))
    db.session.flush()


def _opted_out(kind: str) -> set[int]:
    return set(
        db.session.execute(select(EmailOptOut.user_id).where(EmailOptOut.kind == kind)).scalars()
    )


# --- links and queueing -----------------------------------------------------------------------


def public_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail: PUBLIC_BASE_URL and the route's path (no request)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def _render(name: str, context: dict) -> str:
    """A template rendered without the pages' context (no request, no signed-in user: e-mails
    are rendered in jobs); .html is escaped, .txt is not."""
    return current_app.jinja_env.get_template(name).render(**context)


def render_email(template: str, context: dict) -> tuple[str, str]:
    """An e-mail's plain-text and HTML parts, from inbox/email/<template>.txt and .html."""
    return (
        _render(f"inbox/email/{template}.txt", context),
        _render(f"inbox/email/{template}.html", context),
    )


def send_email(user: User, subject: str, text: str, html: str, connection=None) -> None:
    """Send one e-mail to the user now, through Flask-Mailman (only ever from a job)."""
    from flask_mailman import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[formataddr((user.display_name, user.email))],
        connection=connection or mail.get_connection(),
    )
    message.attach_alternative(html, "text/html")
    message.send()


def queue(user: User, kind: str, key: str, subject: str, template: str, **context) -> bool:
    """Queue one e-mail unless the user switched the kind off, has no address or is inactive,
    or it was queued before. True when queued. Flushes (in a savepoint: a duplicate found by
    the unique constraint is dropped without undoing the caller's work)."""
    if not user.email or not user.active:
        return False
    exists = db.session.execute(
        select(Notification.id).where(
            Notification.user_id == user.id, Notification.kind == kind, Notification.key == key
        )
    ).first()
    if exists is not None:
        return False
    context.update(user=user, academy_name=current_app.config["ACADEMY_NAME"])
    context.setdefault("settings_url", public_url("inbox.email_settings"))
    body_text, body_html = render_email(template, context)
    notification = Notification(
        user_id=user.id,
        kind=kind,
        key=key,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
    )
    try:
        with db.session.begin_nested():
            db.session.add(notification)
    except IntegrityError:  # queued at the same moment by another run
        return False
    return True


# --- expiry reminders -------------------------------------------------------------------------


def reminder_days() -> list[int]:
    raw = str(current_app.config["REMINDER_DAYS"])
    return sorted({int(part) for part in raw.replace(" ", "").split(",") if part})


@dataclass(frozen=True)
class Reminder:
    driver: Driver
    what: str  # "Licence" or "Medical"
    expires_on: date
    days_left: int
    threshold: int  # the reminder day it answers (60, 30, 7)


def reminders_due(today: date) -> list[Reminder]:
    """For each driver's latest licence and medical not yet expired, the tightest reminder day
    reached: a run missed on day 30 still sends the 30-day reminder on day 29, and a document
    first seen at 5 days gets only the 7-day one."""
    days = reminder_days()
    if not days:
        return []
    drivers = drivers_with_documents_due(today, days=max(days))
    reminders = []
    for flag in expiry_flags(drivers, today, days=max(days)):
        if flag.expired:
            continue
        left = (flag.expires_on - today).days
        threshold = min(day for day in days if day >= left)
        reminders.append(Reminder(flag.driver, flag.what, flag.expires_on, left, threshold))
    return reminders


def queue_expiry_reminders(today: date) -> int:
    reminders = reminders_due(today)
    if not reminders:
        return 0
    # The driver's account and coach, loaded once for all of them.
    db.session.execute(
        select(Driver)
        .where(Driver.id.in_({reminder.driver.id for reminder in reminders}))
        .options(selectinload(Driver.user), selectinload(Driver.coach))
    ).scalars().all()
    off = _opted_out(EXPIRY_REMINDER)
    queued = 0
    for reminder in reminders:
        driver = reminder.driver
        what = reminder.what.lower()
        key = f"{what}:{driver.id}:{reminder.expires_on.isoformat()}:{reminder.threshold}"
        for person, own in ((driver.user, True), (driver.coach, False)):
            if person is None or person.id in off:
                continue
            whose = "Your" if own else f"{driver.display_name}'s"
            subject = f"{whose} {what} expires in {reminder.days_left} days"
            queued += queue(
                person,
                EXPIRY_REMINDER,
                key,
                subject,
                "expiry_reminder",
                reminder=reminder,
                own=own,
                what=what,
                driver_url=public_url("drivers.profile", driver_id=driver.id),
            )
    return queued


# --- licence applications ---------------------------------------------------------------------


def queue_transition_notices(application: LicenceApplication, actor: User) -> int:
    """The application's latest step, to the people it concerns: the driver and their coach
    every time, the directors when it waits for their approval; never to the one who took it.
    Flushes; the request commits."""
    db.session.flush()
    transition = db.session.execute(
        select(ApplicationTransition)
        .where(ApplicationTransition.application_id == application.id)
        .order_by(ApplicationTransition.id.desc())
        .limit(1)
    ).scalar_one()
    driver = db.session.execute(
        select(Driver)
        .where(Driver.id == application.driver_id)
        .options(selectinload(Driver.user), selectinload(Driver.coach))
    ).scalar_one()
    people: list[User] = [person for person in (driver.user, driver.coach) if person]
    if transition.to_status is ApplicationStatus.ENDORSED:
        people += (
            db.session.execute(select(User).where(User.role == Role.ADMIN, User.active.is_(True)))
            .scalars()
            .all()
        )
    off = _opted_out(APPLICATION_UPDATE)
    status = label(transition.to_status).lower()
    queued = 0
    seen: set[int] = set()
    for person in people:
        if person.id == actor.id or person.id in off or person.id in seen:
            continue
        seen.add(person.id)
        own = driver.user is not None and person.id == driver.user.id
        whose = "Your" if own else f"{driver.display_name}'s"
        queued += queue(
            person,
            APPLICATION_UPDATE,
            f"transition:{transition.id}",
            f"{whose} application for {application.target_grade.label}: {status}",
            "application_update",
            application=application,
            transition=transition,
            driver=driver,
            actor=actor,
            status=status,
            own=own,
            application_url=public_url(
                "licensing.application", driver_id=driver.id, application_id=application.id
            ),
        )
    return queued


# --- weekly digest ----------------------------------------------------------------------------


def inbox_for(user: User, today: date, now: datetime):
    """A user's inbox as their dashboard shows it, with links for an e-mail."""
    from academy.drivers.queries import driver_of_user
    from academy.inbox import queries as inbox_queries
    from academy.main import queries

    if user.role is Role.COACH:
        flags, total = queries.documents_due(
            today, limit=inbox_queries.SHOWN_PER_GROUP, coach_id=user.id
        )
        return inbox_queries.coach_inbox(user, flags, total, public_url, today, now)
    if user.role is Role.DRIVER:
        driver = driver_of_user(user, with_documents=True)
        if driver is None:
            return None
        flags = queries.expiry_flags([driver], today)
        next_stage = inbox_queries.next_stage_of(driver, today)
        return inbox_queries.driver_inbox(driver, flags, next_stage, public_url)
    if user.role is Role.PRINCIPAL:
        return inbox_queries.principal_inbox(user, public_url)
    flags, total = queries.documents_due(today, limit=inbox_queries.SHOWN_PER_GROUP)
    return inbox_queries.director_inbox(user, flags, public_url, now, total)


def queue_weekly_digests(today: date, now: datetime) -> int:
    """On the digest weekday, each active user with something in their inbox gets it once."""
    if today.weekday() != current_app.config["DIGEST_WEEKDAY"]:
        return 0
    year, week, _ = today.isocalendar()
    off = _opted_out(WEEKLY_DIGEST)
    users = (
        db.session.execute(select(User).where(User.active.is_(True)).order_by(User.id))
        .scalars()
        .all()
    )
    queued = 0
    for user in users:
        if user.id in off:
            continue
        inbox = inbox_for(user, today, now)
        if inbox is None or not inbox.count:
            continue
        queued += queue(
            user,
            WEEKLY_DIGEST,
            f"week:{year}-W{week:02d}",
            f"{inbox.count} thing{'s' if inbox.count != 1 else ''} waiting for you this week",
            "weekly_digest",
            inbox=inbox,
            dashboard_url=public_url("main.dashboard"),
        )
    return queued


# --- the daily run and sending ----------------------------------------------------------------


def daily_run(today_iso: str | None = None) -> str:
    """Reminders, digests on their day, expired uploads and downloads removed, then everything
    queued is sent. Safe to run twice: what was queued is not queued again, what was sent is
    not sent again."""
    from academy.jobs.service import purge_expired as purge_results
    from academy.results.uploads import purge_expired as purge_uploads

    today = date.fromisoformat(today_iso) if today_iso else academy_today()
    now = utcnow()
    purge_uploads(now)
    purge_results(now)
    reminders = queue_expiry_reminders(today)
    digests = queue_weekly_digests(today, now)
    db.session.commit()
    sent, failed = deliver_pending()
    return (
        f"{reminders} reminders and {digests} digests queued; {sent} e-mails sent, {failed} failed"
    )


def _claim(notification_id: int, now: datetime) -> bool:
    claimed = rows_changed(
        update(Notification)
        .where(
            Notification.id == notification_id,
            Notification.sent_at.is_(None),
            or_(Notification.claimed_at.is_(None), Notification.claimed_at < now - CLAIM_TIMEOUT),
        )
        .values(claimed_at=now)
    )
    db.session.commit()
    return bool(claimed)


def deliver_pending(limit: int = 1000) -> tuple[int, int]:
    """Send what is queued and not sent; a failure is recorded and retried on the next run."""
    pending = (
        db.session.execute(
            select(Notification.id)
            .where(Notification.sent_at.is_(None))
            .order_by(Notification.id)
            .limit(limit)
        )
        .scalars()
        .all()
    )
    if not pending:
        return 0, 0
    sent = failed = 0
    connection = mail.get_connection()
    try:
        for notification_id in pending:
            if not _claim(notification_id, utcnow()):
                continue
            notification = db.session.get_one(Notification, notification_id)
            user = db.session.get_one(User, notification.user_id)
            try:
                send_email(
                    user,
                    notification.subject,
                    notification.body_text,
                    notification.body_html,
                    connection,
                )
            except Exception as error:  # the server refused or is away: next run retries
                log.warning("e-mail not sent", extra={"notification": notification_id})
                notification.error = f"{type(error).__name__}: {error}"[:2000]
                notification.claimed_at = None
                failed += 1
            else:
                notification.sent_at = utcnow()
                notification.error = ""
                sent += 1
            db.session.commit()
    finally:
        with contextlib.suppress(Exception):  # closing a connection that never opened
            connection.close()
    return sent, failed
