"""Dossiers in a real browser: a principal downloads from the portal, a driver their own, and
the test reads each file as the person receiving it would."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from academy.enums import Role
from academy.extensions import db
from academy.models import Dossier
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user

pytestmark = pytest.mark.browser


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def latest_code() -> str:
    db.session.expire_all()
    return db.session.execute(
        db.select(Dossier.verification_code).order_by(Dossier.id.desc()).limit(1)
    ).scalar_one()


@pytest.fixture
def people(app):
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    principal = make_user(Role.PRINCIPAL, name="Amara Okafor")
    driver_user = make_user(Role.DRIVER, name="Thanakorn Srisuk")
    thai = make_driver(
        legal_name="Thanakorn Srisuk",
        native_name="ธนกร ศรีสุข",
        coach=coach,
        user=driver_user,
        nationality="THA",
        consent_scouting=True,
    )
    japanese = make_driver(
        legal_name="Ren Sato", native_name="佐藤 蓮", coach=coach, consent_scouting=True
    )
    hidden = make_driver(legal_name="Hidden Driver", coach=coach, consent_scouting=False)
    return {
        "principal": principal,
        "driver_user": driver_user,
        "thai": thai,
        "japanese": japanese,
        "hidden": hidden,
    }


def test_a_principal_downloads_a_scouting_dossier_from_the_portal(page, people, tmp_path):
    sign_in(page, people["principal"].email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.click("nav.mainnav >> text=Scouting")
    page.wait_for_url("**/scouting")
    table = page.locator("table.scouting-table").inner_text()
    assert "Ren Sato" in table and "Hidden Driver" not in table
    page.click("a.driver-link >> text=Ren Sato")
    page.wait_for_url(f"**/scouting/drivers/{people['japanese'].id}")
    with page.expect_download() as download_info:
        page.click("#download-dossier")
    download = download_info.value
    assert download.suggested_filename.startswith("scouting-ren-sato-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = pdf_text(saved)
    assert "Ren Sato" in text
    assert "佐藤 蓮" in text
    assert latest_code() in text


def test_a_principal_downloads_a_batch_zip_of_the_selected_drivers(page, people, tmp_path):
    sign_in(page, people["principal"].email, PASSWORD)
    page.goto("/scouting")
    page.check("#select-all")
    page.click("#batch-download")
    # The ZIP is a job (in the process here): its page shows the progress, then the link.
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector("#job-download:not([hidden])")
    with page.expect_download() as download_info:
        page.click("#job-download-link")
    saved = tmp_path / "batch.zip"
    download_info.value.save_as(saved)
    archive = zipfile.ZipFile(saved)
    pdfs = sorted(name for name in archive.namelist() if name.endswith(".pdf"))
    assert len(pdfs) == 2
    assert any(name.startswith("scouting-thanakorn-srisuk-") for name in pdfs)


def test_a_driver_downloads_their_own_invitation_dossier(page, people, tmp_path):
    sign_in(page, people["driver_user"].email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto(f"/drivers/{people['thai'].id}/dossiers")
    with page.expect_download() as download_info:
        page.click("button[data-kind=invitation]")
    saved = tmp_path / "invitation.pdf"
    download_info.value.save_as(saved)
    text = pdf_text(saved)
    code = latest_code()
    assert "Thanakorn Srisuk" in text
    assert "ธนกร" in text
    assert code in text
    assert "Pathway check" in text
    page.goto(f"/verify/{code}")
    assert "Genuine" in page.locator("main").inner_text()
