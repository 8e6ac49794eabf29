"""`flask --app app notify`: the daily run of reminders and digests, as a job (to the queue
when REDIS_URL is set, else here and now). Run it from cron once a day; running it twice sends
nothing twice."""

from __future__ import annotations

import click

from academy.clock import academy_today
from academy.extensions import db


@click.command("notify")
@click.option(
    "--date",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Run as on this day (default: today).",
)
def notify_command(on) -> None:
    """Queue and send the reminders (and on its day the weekly digest) due today."""
    from academy.jobs import service as jobs

    today = on.date() if on else academy_today()
    job = jobs.create("notify", None, {"today": today.isoformat()})
    db.session.commit()
    jobs.dispatch(job)
    db.session.refresh(job)
    if job.status == jobs.QUEUED:
        click.echo(f"Job #{job.id} queued: a worker sends what is due on {today}.")
    elif job.status == jobs.FAILED:
        raise click.ClickException(f"Job #{job.id} failed: {job.error}")
    else:
        click.echo(f"{today}: {job.message}.")
