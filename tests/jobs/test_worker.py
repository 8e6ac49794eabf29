"""Jobs on the real queue: RQ on Redis and `rq worker` processes. The request only queues;
a worker builds the ZIP while the page shows its progress; a worker that dies mid-job leaves
nothing half-written, the job is shown failed and a retry finishes it; e-mail is sent by the
worker, not by the request."""

from __future__ import annotations

import io
import zipfile

from academy.enums import Role
from academy.extensions import db
from academy.models import Job, Notification
from tests.builders import login, make_driver, make_user
from tests.jobs.conftest import wait_for


def job_state(client, location: str) -> dict:
    return client.get(location + "/status").get_json()


def scouting_academy(count: int):
    from tests.dossiers.conftest import make_race

    principal = make_user(Role.PRINCIPAL, name="Principal Okafor")
    admin = make_user(Role.ADMIN, name="Director Lindqvist")
    drivers = []
    for number in range(count):
        driver = make_driver(legal_name=f"Scouted Driver {number}", consent_scouting=True)
        make_race(driver)
        drivers.append(driver)
    return principal, admin, drivers


def test_a_worker_builds_the_zip_while_the_page_shows_its_progress(queued):
    principal, _, drivers = scouting_academy(3)
    client = queued.test_client()
    login(client, principal)
    response = client.post("/scouting/batch.zip", data={"driver_id": [str(d.id) for d in drivers]})
    location = response.location
    # Queued, not built: the request returned at once, and nothing works on it yet.
    assert job_state(client, location)["status"] == "queued"
    assert "Waiting for a worker" in client.get(location).get_data(as_text=True)

    queued.workers.start()
    state = wait_for(lambda: (s := job_state(client, location))["status"] == "finished" and s)
    assert (state["done"], state["total"]) == (3, 3)
    archive = zipfile.ZipFile(io.BytesIO(client.get(state["download"]).data))
    assert archive.testzip() is None
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 3, (
        archive.read("CONTENTS.txt").decode() + queued.workers.output()
    )


def test_a_worker_that_dies_mid_job_leaves_nothing_half_written_and_a_retry_finishes(queued):
    principal, admin, drivers = scouting_academy(12)
    client = queued.test_client()
    login(client, principal)
    location = client.post(
        "/scouting/batch.zip", data={"driver_id": [str(d.id) for d in drivers]}
    ).location
    job_id = int(location.rsplit("/", 1)[1])
    worker = queued.workers.start()
    wait_for(lambda: 2 <= job_state(client, location)["done"] < 12, every=0.05)
    queued.workers.kill(worker)

    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert job.status == "running" and job.result is None  # no half-made ZIP kept
    # Once the heartbeat has been quiet for JOB_STALE_SECONDS, everyone sees it failed.
    state = wait_for(lambda: (s := job_state(client, location))["status"] == "failed" and s)
    assert "stopped reporting" in state["error"]

    director = queued.test_client()
    login(director, admin)
    page = director.get("/jobs").get_data(as_text=True)
    assert f"failed-job-{job_id}" in page and "stopped reporting" in page
    assert director.post(f"/jobs/{job_id}/retry").status_code == 302

    queued.workers.start()
    state = wait_for(lambda: (s := job_state(client, location))["status"] == "finished" and s)
    archive = zipfile.ZipFile(io.BytesIO(client.get(state["download"]).data))
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 12
    db.session.expire_all()
    assert db.session.get(Job, job_id).attempts == 2


def test_the_board_warm_up_after_activation_runs_on_a_worker(queued):
    from academy.models import PathwayStanding, RuleSetRecord
    from academy.pathway.loader import RULESETS_DIR

    admin = make_user(Role.ADMIN)
    for number in range(3):
        make_driver(legal_name=f"Board Driver {number}")
    source = (RULESETS_DIR / "alms-to-le-mans.toml").read_text()
    client = queued.test_client()
    login(client, admin)
    client.post(
        "/admin/rules/",
        data={
            "rule_file": (
                io.BytesIO(source.replace('version = "2026.1"', 'version = "2026.9"').encode()),
                "r.toml",
            )
        },
        content_type="multipart/form-data",
    )
    [record] = db.session.execute(db.select(RuleSetRecord)).scalars().all()
    client.post(f"/admin/rules/{record.id}/activate")
    [job] = db.session.execute(db.select(Job)).scalars().all()
    assert job.kind == "rule_set_activation" and job.status == "queued"
    assert db.session.execute(db.select(PathwayStanding)).first() is None
    db.session.expire_all()
    assert record.active is False  # in use only once every driver is worked out under it

    queued.workers.start()
    wait_for(lambda: db.session.execute(db.select(Job.status)).scalar_one() == "finished")
    assert len(db.session.execute(db.select(PathwayStanding)).scalars().all()) == 3
    db.session.expire_all()
    assert record.active is True


def test_licence_news_is_sent_by_the_worker_not_by_the_request(queued, tmp_path):
    from tests.inbox.conftest import Mailbox, start_smtp
    from tests.licensing.test_licensing_routes import act, make_application, make_grade_d_ready

    mailbox = Mailbox()
    controller = start_smtp(mailbox)
    port = mailbox.port
    try:
        coach = make_user(Role.COACH, name="Coach Tanaka")
        driver_user = make_user(Role.DRIVER, name="佐藤 蓮", email="ren@example.com")
        driver = make_driver(legal_name="Ren Sato", coach=coach, user=driver_user)
        make_grade_d_ready(driver, coach)
        application = make_application(driver, coach)
        client = queued.test_client()
        login(client, coach)
        act(client, application, "endorse")
        [notification] = db.session.execute(db.select(Notification)).scalars().all()
        assert notification.sent_at is None and mailbox.received == []

        queued.workers.start(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(port))
        wait_for(lambda: mailbox.received)
        [received] = mailbox.received
        assert received.recipients == ["ren@example.com"]
        assert "佐藤 蓮" in received.to
        # Written when queued, with the app's PUBLIC_BASE_URL (the development default here).
        assert "http://127.0.0.1:5000/drivers/" in received.part("text/plain")
    finally:
        controller.stop()
