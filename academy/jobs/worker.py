"""What an RQ worker runs: `rq worker --url $REDIS_URL academy` imports this module, and each
job calls `perform(job_id)`. The app is created once per worker process, from the same
environment variables as the web app (DATABASE_URL, ACADEMY_ENV, MAIL_SERVER, ...)."""

from __future__ import annotations

from flask import Flask

_app: Flask | None = None


def app() -> Flask:
    global _app
    if _app is None:
        from academy import create_app

        _app = create_app()
    return _app


def perform(job_id: int) -> bool:
    from academy.extensions import db
    from academy.jobs.service import run

    with app().app_context():
        try:
            return run(job_id)
        finally:
            db.session.remove()
