"""Jobs in the process (no Redis): they run, fail visibly with their error, can be retried;
a job whose worker stopped reporting is shown as failed; each user's storage is bounded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from academy.clock import utcnow
from academy.extensions import db
from academy.jobs import service
from academy.models import Job, PendingUpload
from tests.builders import login


def test_a_failing_job_is_shown_to_the_director_with_its_error_and_can_be_retried(
    client, academy, monkeypatch
):
    CALLS.clear()
    monkeypatch.setitem(service.KINDS, "flaky", "tests.jobs.test_jobs:flaky")
    job = service.create("flaky", academy.coach)
    db.session.commit()
    service.dispatch(job)
    db.session.expire_all()
    assert (job.status, job.error) == ("failed", "RuntimeError: the rule set could not be read")

    login(client, academy.admin)
    page = client.get("/jobs").get_data(as_text=True)
    assert "the rule set could not be read" in page
    assert f'action="/jobs/{job.id}/retry"' in page
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert f"Job #{job.id} failed" in dashboard

    client.post(f"/jobs/{job.id}/retry")
    db.session.expire_all()
    assert (job.status, job.message, job.attempts, job.error) == ("finished", "done at last", 2, "")
    assert [job.id, job.id] == CALLS
    assert f"failed-job-{job.id}" not in client.get("/jobs").get_data(as_text=True)


CALLS: list[int] = []


def flaky(work) -> None:
    """Fails the first time it runs, then works."""
    CALLS.append(work.job.id)
    if len(CALLS) == 1:
        raise RuntimeError("the rule set could not be read")
    work.message = "done at last"


def test_a_finished_job_cannot_be_retried(client, academy):
    job = Job(kind="notify", user_id=academy.admin.id, status="finished")
    db.session.add(job)
    db.session.commit()
    login(client, academy.admin)
    page = client.post(f"/jobs/{job.id}/retry", follow_redirects=True).get_data(as_text=True)
    assert "nothing to retry" in page
    db.session.expire_all()
    assert job.attempts == 0


def test_a_running_job_whose_worker_stopped_reporting_is_shown_failed(client, app, academy):
    quiet = utcnow() - timedelta(seconds=app.config["JOB_STALE_SECONDS"] + 1)
    alive = utcnow()
    dead = Job(
        kind="scouting_zip",
        user_id=academy.principal.id,
        status="running",
        heartbeat_at=quiet,
        done=3,
        total=10,
    )
    working = Job(
        kind="scouting_zip",
        user_id=academy.principal.id,
        status="running",
        heartbeat_at=alive,
        done=3,
        total=10,
    )
    db.session.add_all([dead, working])
    db.session.commit()
    login(client, academy.principal)
    assert client.get(f"/jobs/{dead.id}/status").get_json()["status"] == "failed"
    assert "stopped reporting" in client.get(f"/jobs/{dead.id}/status").get_json()["error"]
    assert client.get(f"/jobs/{working.id}/status").get_json()["status"] == "running"
    assert [job.id for job in service.failed_jobs(utcnow())] == [dead.id]


def test_a_job_is_claimed_once(app, academy, monkeypatch):
    monkeypatch.setitem(service.KINDS, "noop", "tests.jobs.test_jobs:noop")
    job = service.create("noop", None)
    db.session.commit()
    assert service.run(job.id) is True
    assert service.run(job.id) is False  # a second worker handed the same job finds it taken


def noop(work) -> None:
    work.message = "nothing"


def test_an_unreachable_queue_fails_the_job_with_the_reason(app, academy, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/13")
    job = service.create("notify", None)
    db.session.commit()
    service.dispatch(job)
    db.session.expire_all()
    assert job.status == "failed"
    assert "job queue could not be reached" in job.error


def test_finished_results_expire_and_say_so(client, academy):
    job = Job(
        kind="scouting_zip",
        user_id=academy.principal.id,
        status="finished",
        result=b"PK",
        result_name="a.zip",
        result_size=2,
        expires_at=utcnow() - timedelta(minutes=1),
    )
    db.session.add(job)
    db.session.commit()
    assert service.purge_expired(utcnow()) == 1
    db.session.commit()
    login(client, academy.principal)
    assert client.get(f"/jobs/{job.id}/status").get_json()["status"] == "expired"
    assert client.get(f"/jobs/{job.id}/download").status_code == 404


def test_a_user_over_their_storage_quota_is_told_and_nothing_is_started(
    client, app, academy, monkeypatch
):
    monkeypatch.setitem(app.config, "USER_STORAGE_QUOTA", 1000)
    db.session.add(
        Job(
            kind="scouting_zip",
            user_id=academy.principal.id,
            status="finished",
            result=b"x" * 1200,
            result_name="a.zip",
            result_size=1200,
            expires_at=utcnow() + timedelta(hours=1),
        )
    )
    db.session.commit()
    login(client, academy.principal)
    page = client.post(
        "/scouting/batch.zip", data={"driver_id": [str(academy.driver.id)]}, follow_redirects=True
    ).get_data(as_text=True)
    assert "may keep 0 MB" in page or "You keep" in page
    assert db.session.execute(db.select(db.func.count(Job.id))).scalar_one() == 1


def test_pending_uploads_count_against_the_quota(app, academy, monkeypatch):
    from academy.results import uploads
    from tests.drivers.racing import make_event

    monkeypatch.setitem(app.config, "USER_STORAGE_QUOTA", 100)
    event = make_event()
    uploads.save(b"x" * 60, "a.csv", user_id=academy.coach.id, event_id=event.id, now=utcnow())
    with pytest.raises(service.QuotaExceeded):
        uploads.save(b"x" * 60, "b.csv", user_id=academy.coach.id, event_id=event.id, now=utcnow())
    # Another user has their own quota.
    uploads.save(b"x" * 60, "c.csv", user_id=academy.admin.id, event_id=event.id, now=utcnow())
    assert db.session.execute(db.select(db.func.count()).select_from(PendingUpload)).scalar() == 2


def test_expired_uploads_are_gone_for_every_server(app, academy):
    from academy.results import uploads
    from tests.drivers.racing import make_event

    event = make_event()
    long_ago = utcnow() - uploads.max_age() - timedelta(minutes=1)
    token = uploads.save(b"x", "old.csv", user_id=academy.coach.id, event_id=event.id, now=long_ago)
    assert uploads.load(token, user_id=academy.coach.id, now=utcnow()) is None
    assert uploads.purge_expired(utcnow()) == 1
