"""Many scouting dossiers at once: a ZIP built by a job (here in the process: no Redis), then
downloaded from the job's page."""

from __future__ import annotations

import io
import zipfile

import pytest

from academy.enums import Role
from academy.extensions import db
from academy.models import Dossier, Driver
from academy.scouting.archive import CONTENTS_NAME, MAX_DRIVERS_PER_ZIP
from tests.builders import login, make_driver, make_user
from tests.dossiers.conftest import flat, make_race, pdf_text


@pytest.fixture
def three(academy):
    drivers = [academy.driver]
    for name in ("Thanakorn Srisuk", "Kim Min-jun"):
        driver = make_driver(legal_name=name, consent_scouting=True)
        make_race(driver)
        drivers.append(driver)
    return drivers


def post_batch(client, ids, **kwargs):
    return client.post("/scouting/batch.zip", data={"driver_id": [str(i) for i in ids]}, **kwargs)


def batch_zip(client, ids) -> zipfile.ZipFile:
    """Start the job, then download its result from the link its status gives."""
    response = post_batch(client, ids)
    assert response.status_code == 302
    assert "/jobs/" in response.location
    status = client.get(response.location + "/status").get_json()
    assert status["status"] == "finished", status
    download = client.get(status["download"])
    assert download.status_code == 200
    assert download.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(download.data))


def test_three_consenting_drivers_give_a_valid_zip_of_three_pdfs(client, academy, three):
    login(client, academy.principal)
    archive = batch_zip(client, [d.id for d in three])
    assert archive.testzip() is None
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert len(pdfs) == 3
    codes = set(db.session.execute(db.select(Dossier.verification_code)).scalars())
    assert len(codes) == 3
    texts = [flat(pdf_text(archive.read(name))) for name in pdfs]
    for driver in three:
        assert any(driver.legal_name in text for text in texts)
    for code in codes:
        assert sum(code in text for text in texts) == 1
    assert all(code in archive.read(CONTENTS_NAME).decode() for code in codes)


def test_the_job_page_shows_progress_then_the_download(client, academy, three):
    login(client, academy.principal)
    response = post_batch(client, [d.id for d in three])
    page = client.get(response.location)
    assert "<progress" in page.text
    assert 'value="3"' in page.text and 'max="3"' in page.text
    assert "Download scouting-dossiers-" in page.text


def test_consent_withdrawn_before_the_job_runs_leaves_the_driver_out(client, academy, three):
    from academy.jobs import service

    login(client, academy.principal)
    last = db.session.get(Driver, three[-1].id)
    job = service.create("scouting_zip", academy.principal, {"driver_ids": [d.id for d in three]})
    db.session.commit()
    last.consent_scouting = False
    db.session.commit()
    service.run(job.id)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/jobs/{job.id}/download").data))
    text = "".join(
        flat(pdf_text(archive.read(n))) for n in archive.namelist() if n.endswith(".pdf")
    )
    assert "Kim Min-jun" not in text
    assert str(three[-1].id) in archive.read(CONTENTS_NAME).decode()


def test_another_user_cannot_see_or_download_the_zip(client, academy, three):
    login(client, academy.principal)
    location = post_batch(client, [three[0].id]).location
    other = make_user(Role.PRINCIPAL)
    login(client, other)
    assert client.get(location).status_code == 403
    assert client.get(location + "/download").status_code == 403


def test_non_consenting_and_unknown_ids_are_left_out_by_id_without_a_name(client, academy):
    login(client, academy.principal)
    archive = batch_zip(client, [academy.driver.id, academy.other_driver.id, 99999])
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 1
    contents = archive.read(CONTENTS_NAME).decode()
    assert f"{academy.other_driver.id}, 99999" in contents
    texts = [flat(pdf_text(archive.read(n))) for n in archive.namelist() if n.endswith(".pdf")]
    assert not any("Li Haoran" in text for text in [contents, *texts])
    assert not any("Li Haoran" in name for name in archive.namelist())
    assert (
        db.session.execute(
            db.select(Dossier).where(Dossier.driver_id == academy.other_driver.id)
        ).first()
        is None
    )


def test_an_empty_selection_goes_back_with_the_reason(client, academy):
    login(client, academy.principal)
    response = post_batch(client, [], follow_redirects=True)
    assert "Select at least one driver" in response.text


def test_more_drivers_than_a_zip_holds_are_refused_with_the_reason(client, academy):
    login(client, academy.principal)
    ids = list(range(1, MAX_DRIVERS_PER_ZIP + 2))
    response = post_batch(client, ids, follow_redirects=True)
    assert f"one ZIP holds at most {MAX_DRIVERS_PER_ZIP}" in response.text
    assert db.session.execute(db.select(Dossier)).first() is None


def test_a_coach_or_driver_cannot_download_a_batch(client, academy):
    for user in (academy.coach, academy.driver_user):
        login(client, user)
        assert post_batch(client, [academy.driver.id]).status_code == 403
