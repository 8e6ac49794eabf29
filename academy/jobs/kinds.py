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


def board_warmup(work: JobRun) -> None:
    """Every driver's standing on the cohort board under the rule set in use, stored."""
    from academy.progress.rule_sets import current_rule_set
    from academy.progress.standings import store_todays_standings

    standings = store_todays_standings(current_rule_set())
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
