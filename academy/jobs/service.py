"""Jobs: create, dispatch, run, retry, and what a page shows of them.

The jobs table is the truth about a job. A worker claims a queued job in one UPDATE (two
workers given the same job cannot both run it), reports progress with a heartbeat, and writes
the result and `finished` in one commit at the end, so a worker that dies mid-job leaves no
half-written result: the job stays `running` with a heartbeat that stops, is shown as failed
once JOB_STALE_SECONDS have passed, and can be retried.
"""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_request_context
from sqlalchemy import func, or_, select, update

from academy.clock import utcnow
from academy.extensions import db, rows_changed
from academy.models import Job, PendingUpload, User

log = logging.getLogger("academy")

QUEUED, RUNNING, FINISHED, FAILED = "queued", "running", "finished", "failed"


# kind -> "module:function" doing the work; each takes a JobRun.
class JobRefused(Exception):
    """The work was refused for a reason people should read as it is (the job fails with the
    message alone, and nothing the job wrote is kept)."""


KINDS = {
    "scouting_zip": "academy.jobs.kinds:scouting_zip",
    "rule_set_activation": "academy.jobs.kinds:rule_set_activation",
    "notify": "academy.jobs.kinds:notify",
    "deliver_mail": "academy.jobs.kinds:deliver_mail",
}

TITLES = {
    "scouting_zip": "ZIP of scouting dossiers",
    "rule_set_activation": "Putting a rule set in use (every driver worked out under it)",
    "notify": "Daily reminders and digests",
    "deliver_mail": "Sending e-mail",
}


class QuotaExceeded(Exception):
    pass


@dataclass
class JobRun:
    """What a job's function is handed: its row, its parameters, a way to report progress
    and to leave a result."""

    job: Job
    params: dict[str, Any]
    result: bytes | None = None
    result_name: str = ""
    message: str = ""

    def progress(self, done: int, total: int) -> None:
        """Record progress and the heartbeat (committed: a page reads it from another
        connection)."""
        db.session.execute(
            update(Job)
            .where(Job.id == self.job.id)
            .values(done=done, total=total, heartbeat_at=utcnow())
        )
        db.session.commit()


def create(kind: str, user: User | None, params: dict[str, Any] | None = None) -> Job:
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, user_id=user.id if user else None, params=json.dumps(params or {}))
    db.session.add(job)
    db.session.flush()
    return job


def storage_used(user_id: int, now: datetime) -> int:
    """Bytes this user keeps: finished results not yet expired, and pending uploads."""
    results = db.session.execute(
        select(func.coalesce(func.sum(Job.result_size), 0)).where(
            Job.user_id == user_id, Job.result.is_not(None), Job.expires_at > now
        )
    ).scalar_one()
    uploads = db.session.execute(
        select(func.coalesce(func.sum(PendingUpload.size), 0)).where(
            PendingUpload.user_id == user_id
        )
    ).scalar_one()
    return int(results) + int(uploads)


def check_quota(user_id: int, adding: int, now: datetime) -> None:
    quota = current_app.config["USER_STORAGE_QUOTA"]
    used = storage_used(user_id, now)
    if used + adding > quota:
        raise QuotaExceeded(
            f"You keep {used / 1e6:.1f} MB of downloads and uploads on the server, and may keep "
            f"{quota / 1e6:.0f} MB. Download or cancel earlier ones, or wait until they expire "
            f"({current_app.config['JOB_RESULT_HOURS']} hours after they were made)."
        )


def dispatch(job: Job) -> None:
    """Hand a committed job to the queue, or run it here when there is no Redis."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        run(job.id)
        return
    try:
        queue_for(url).enqueue(
            "academy.jobs.worker.perform",
            job.id,
            job_id=f"academy-job-{job.id}-{job.attempts + 1}",
            job_timeout=current_app.config.get("JOB_TIMEOUT_SECONDS", 3600),
            result_ttl=600,
            failure_ttl=7 * 24 * 3600,
        )
    except Exception as error:  # Redis down: the director sees it and can retry
        log.exception("job could not be queued", extra={"job": job.id})
        _fail(job.id, f"The job queue could not be reached ({type(error).__name__}).")


def queue_for(url: str):
    from redis import Redis
    from rq import Queue

    return Queue(current_app.config["JOBS_QUEUE"], connection=Redis.from_url(url))


def _function(kind: str) -> Callable[[JobRun], None]:
    module_name, attribute = KINDS[kind].split(":")
    return getattr(importlib.import_module(module_name), attribute)


def run(job_id: int) -> bool:
    """Run a queued job to its end. False when it was not there to claim (already taken by
    another worker, finished, or gone).

    On a worker there is no request; the links a job builds (a dossier's verification URL)
    then point at PUBLIC_BASE_URL, the address people reach the academy at."""
    if has_request_context():
        return _run(job_id)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        return _run(job_id)


def _run(job_id: int) -> bool:
    now = utcnow()
    claimed = rows_changed(
        update(Job)
        .where(Job.id == job_id, Job.status == QUEUED)
        .values(status=RUNNING, attempts=Job.attempts + 1, heartbeat_at=now, error="")
    )
    db.session.commit()
    if not claimed:
        return False
    job = db.session.get(Job, job_id)
    assert job is not None
    work = JobRun(job, json.loads(job.params or "{}"))
    try:
        _function(job.kind)(work)
    except JobRefused as error:
        db.session.rollback()
        log.warning("job refused", extra={"job": job_id})
        _fail(job_id, str(error))
        return True
    except Exception as error:
        db.session.rollback()
        log.exception("job failed", extra={"job": job_id})
        _fail(job_id, f"{type(error).__name__}: {error}")
        return True
    finished = utcnow()
    values: dict[str, Any] = {
        "status": FINISHED,
        "finished_at": finished,
        "heartbeat_at": finished,
        "message": work.message,
    }
    if work.result is not None:
        values.update(
            result=work.result,
            result_name=work.result_name,
            result_size=len(work.result),
            expires_at=finished + timedelta(hours=current_app.config["JOB_RESULT_HOURS"]),
        )
    db.session.execute(update(Job).where(Job.id == job_id).values(**values))
    db.session.commit()
    return True


def _fail(job_id: int, error: str) -> None:
    db.session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(status=FAILED, error=error[:2000], finished_at=utcnow(), result=None)
    )
    db.session.commit()


def is_stale(job: Job, now: datetime) -> bool:
    """Running, but its worker has not reported for too long: it died."""
    limit = timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    return job.status == RUNNING and (job.heartbeat_at is None or now - job.heartbeat_at > limit)


def shown_status(job: Job, now: datetime) -> str:
    if is_stale(job, now):
        return FAILED
    if job.status == FINISHED and job.result_name and job.result is None:
        return "expired"
    return job.status


def shown_error(job: Job, now: datetime) -> str:
    if is_stale(job, now):
        return (
            "The worker running this job stopped reporting (it was probably restarted). "
            "Nothing it had half-made was kept; retry the job."
        )
    return job.error


def can_retry(job: Job, now: datetime) -> bool:
    return shown_status(job, now) == FAILED


def retry(job: Job, now: datetime) -> bool:
    """Put a failed job back in the queue; the caller commits, then dispatches."""
    if not can_retry(job, now):
        return False
    job.status = QUEUED
    job.done = 0
    job.error = ""
    job.finished_at = None
    job.heartbeat_at = None
    db.session.flush()
    return True


def failed_jobs(now: datetime, limit: int = 50) -> list[Job]:
    """Failed jobs and those whose worker died, newest first: one statement."""
    stale_before = now - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    return list(
        db.session.execute(
            select(Job)
            .where(
                or_(
                    Job.status == FAILED,
                    (Job.status == RUNNING)
                    & or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < stale_before),
                )
            )
            .order_by(Job.id.desc())
            .limit(limit)
        ).scalars()
    )


def recent_jobs(limit: int = 50) -> list[Job]:
    return list(
        db.session.execute(select(Job).options().order_by(Job.id.desc()).limit(limit)).scalars()
    )


def purge_expired(now: datetime) -> int:
    """Drop results past their expiry (the row stays, saying it expired)."""
    return rows_changed(
        update(Job)
        .where(Job.result.is_not(None), Job.expires_at <= now)
        .values(result=None, result_size=0)
    )
