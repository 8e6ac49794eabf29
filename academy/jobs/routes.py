"""A job's page (progress bar, then the download), its status for the page's script, and the
director's list of failed jobs with their error and a retry."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user

from academy.clock import utcnow
from academy.enums import Role
from academy.extensions import db
from academy.forms import ConfirmForm
from academy.jobs import service
from academy.models import Job
from academy.permissions import authenticated, require, roles

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def may_see_job(user, job: Job) -> bool:
    """The one who started it, and the director."""
    return user.role is Role.ADMIN or (job.user_id is not None and job.user_id == user.id)


def _job_or_404(job_id: int) -> Job:
    job = db.session.get(Job, job_id) or abort(404)
    require(may_see_job(current_user, job))
    return job


def status_of(job: Job) -> dict:
    now = utcnow()
    status = service.shown_status(job, now)
    return {
        "id": job.id,
        "status": status,
        "done": job.done,
        "total": job.total,
        "message": job.message,
        "result_name": job.result_name,
        "error": service.shown_error(job, now) if status == service.FAILED else "",
        "download": url_for("jobs.download", job_id=job.id)
        if status == service.FINISHED and job.result_name
        else None,
    }


@bp.route("/<int:job_id>")
@authenticated
def show(job_id: int):
    job = _job_or_404(job_id)
    return render_template(
        "jobs/show.html",
        job=job,
        state=status_of(job),
        title=service.TITLES.get(job.kind, job.kind),
        confirm=ConfirmForm(),
    )


@bp.route("/<int:job_id>/status")
@authenticated
def status(job_id: int):
    response = jsonify(status_of(_job_or_404(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:job_id>/download")
@authenticated
def download(job_id: int):
    job = _job_or_404(job_id)
    if job.result is None:
        abort(404)
    mimetype = "application/zip" if job.result_name.endswith(".zip") else "application/octet-stream"
    response = Response(job.result, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:job_id>/retry", methods=["POST"])
@authenticated
def retry(job_id: int):
    job = _job_or_404(job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not service.retry(job, utcnow()):
        flash("This job has not failed, so there is nothing to retry.", "info")
        return redirect(url_for("jobs.show", job_id=job.id))
    db.session.commit()
    service.dispatch(job)
    flash("The job is queued again.", "success")
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("")
@roles(Role.ADMIN)
def index():
    now = utcnow()
    jobs = service.recent_jobs()
    return render_template(
        "jobs/index.html",
        failed=service.failed_jobs(now),
        jobs=jobs,
        status_of=lambda job: service.shown_status(job, now),
        error_of=lambda job: service.shown_error(job, now),
        titles=service.TITLES,
        confirm=ConfirmForm(),
    )
