"""The work each kind of job does, through the public functions of the area it belongs to."""

from __future__ import annotations

from flask import current_app

from academy.clock import academy_today
from academy.extensions import db
from academy.jobs.service import JobRun
from academy.models import User


def scouting_zip(work: JobRun) -> None:
    """A ZIP of many scouting dossiers, built in memory and kept as the job's result."""
    from academy.progress.rule_sets import current_rule_set
    from academy.scouting.archive import scouting_zip as build

    ids = [int(i) for i in work.params["driver_ids"]]
    user = db.session.get(User, work.job.user_id) if work.job.user_id else None
    if user is None:
        raise RuntimeError("The user who asked for this ZIP no longer exists.")
    work.progress(0, len(ids))
    chunks = build(
        ids,
        user,
        current_rule_set(),
        current_app.config["ACADEMY_NAME"],
        on_driver=lambda done: work.progress(done, len(ids)),
    )
    work.result = b"".join(chunks)
    work.progress(len(ids), len(ids))
    work.result_name = f"scouting-dossiers-{academy_today().isoformat()}.zip"
    work.message = f"{len(ids)} drivers selected"


def rule_set_activation(work: JobRun) -> None:
    """Put a rule set in use: every driver is evaluated under it and their standings stored
    first, then the switch, all in the job's one commit. A rule set that cannot evaluate
    someone fails the job (ActivationRefused) and changes nothing."""
    from academy.models import RuleSetRecord
    from academy.rules_admin.service import activate

    record = db.session.get(RuleSetRecord, work.params["record_id"])
    if record is None:
        raise LookupError("the rule set record is gone")
    standings = activate(record, actor_id=work.job.user_id)
    work.message = f"{len(standings.drivers)} drivers worked out"


def notify(work: JobRun) -> None:
    """The daily run: reminders and (on the digest day) the weekly digests, then send them."""
    from academy.inbox.mail import daily_run

    summary = daily_run(work.params.get("today"))
    work.message = summary


def deliver_mail(work: JobRun) -> None:
    from academy.inbox.mail import deliver_pending

    sent, failed = deliver_pending()
    work.message = f"{sent} sent, {failed} failed"


def password_reset_mail(work: JobRun) -> None:
    """A password reset link for the address typed, when it is an active account's (the
    message says only that the job ran: the Jobs page shows no one which addresses exist)."""
    from academy.auth.reset import send_reset_mail

    send_reset_mail(work.params["email"])
    work.message = "done"
