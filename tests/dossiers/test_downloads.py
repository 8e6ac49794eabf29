"""Dossiers downloaded through the app, read as a person would: the text of the PDF."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date

import pytest

from academy.enums import DossierKind
from academy.extensions import db
from academy.models import AuditEvent, Dossier, DriverPhoto
from tests.builders import login, make_driver
from tests.dossiers.conftest import CO_DRIVER, flat, make_graded_session, make_race, pdf_text


def download(client, driver_id: int, kind: str):
    return client.post(f"/drivers/{driver_id}/dossiers/{kind}.pdf")


@pytest.fixture
def raced(academy, rubric):
    make_race(academy.driver, name="4 Hours of Sepang", team="Phoenix Endurance", position=2)
    make_graded_session(
        academy.driver,
        academy.coach,
        {rubric["racecraft"]: 8, rubric["night_driving"]: 7},
        notes="Strong double stint in the dark.",
    )
    return academy


@pytest.mark.parametrize("kind", [k.value for k in DossierKind])
def test_each_kind_names_the_driver_in_both_scripts_and_carries_its_code(client, raced, kind):
    login(client, raced.driver_user)
    response = download(client, raced.driver.id, kind)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = flat(pdf_text(response.data))
    record = db.session.execute(db.select(Dossier)).scalar_one()
    assert "Ren Sato" in text
    assert "佐藤 蓮" in text
    assert record.verification_code in text
    assert record.kind is DossierKind(kind)


@pytest.mark.parametrize("kind", ["invitation", "sponsor"])
def test_invitation_and_sponsor_list_the_race_and_its_result(client, raced, kind):
    login(client, raced.coach)
    text = flat(pdf_text(download(client, raced.driver.id, kind).data))
    assert "4 Hours of Sepang" in text
    assert "Phoenix Endurance" in text
    assert "P2" in text


def test_invitation_shows_the_le_mans_verdicts_with_their_evidence(client, raced):
    login(client, raced.admin)
    text = flat(pdf_text(download(client, raced.driver.id, "invitation").data))
    assert "Pathway check" in text
    assert "24 Hours of Le Mans" in text
    assert "Not yet eligible" in text
    assert "Not met" in text
    # The licence the builder fixture gives counts as evidence for the licence requirement.
    assert "International C" in text
    assert "ALMS seat" not in text.split("Pathway check", 1)[1], "only the Le Mans stages"


def test_invitation_without_an_endorsement_says_so_and_prints_no_training_note(client, raced):
    login(client, raced.admin)
    text = flat(pdf_text(download(client, raced.driver.id, "invitation").data))
    assert flat("No coach has signed an endorsement of this driver for Le Mans.") in text
    assert flat("Strong double stint in the dark.") not in text


def test_scouting_report_compares_with_co_driver_and_class_without_private_notes(client, raced):
    login(client, raced.principal)
    response = client.post(f"/scouting/drivers/{raced.driver.id}/dossier.pdf")
    text = flat(pdf_text(response.data))
    assert "Against co-drivers and class" in text
    assert "Racecraft" in text
    assert "Strong double stint in the dark." not in text


def test_the_record_holds_the_checksum_of_the_bytes_served_and_an_audit_event(client, raced):
    login(client, raced.driver_user)
    response = download(client, raced.driver.id, "sponsor")
    record = db.session.execute(db.select(Dossier)).scalar_one()
    assert record.sha256 == hashlib.sha256(response.data).hexdigest()
    assert record.generated_by_id == raced.driver_user.id
    assert record.rule_set_key.startswith("alms-to-le-mans@")
    event = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "dossier_generated")
    ).scalar_one()
    assert event.entity_id == record.id
    assert event.after["verification_code"] == record.verification_code


def test_the_file_name_names_kind_driver_and_code(client, raced):
    login(client, raced.driver_user)
    response = download(client, raced.driver.id, "scouting")
    code = db.session.execute(db.select(Dossier.verification_code)).scalar_one()
    assert f"filename=scouting-ren-sato-{code}.pdf" in response.headers["Content-Disposition"]


def test_an_unknown_kind_is_not_found_and_records_nothing(client, raced):
    login(client, raced.admin)
    assert download(client, raced.driver.id, "biography").status_code == 404
    assert db.session.execute(db.select(Dossier)).first() is None


def test_a_driver_cannot_download_another_drivers_dossier(client, raced):
    login(client, raced.driver_user)
    response = download(client, raced.other_driver.id, "invitation")
    assert response.status_code == 403
    assert b"Li Haoran" not in response.data
    assert db.session.execute(db.select(Dossier)).first() is None


def test_a_coach_cannot_download_the_dossier_of_another_coachs_driver(client, raced):
    login(client, raced.coach)
    assert download(client, raced.other_driver.id, "sponsor").status_code == 403


def test_a_dossier_is_generated_by_post_only(client, raced):
    login(client, raced.driver_user)
    assert client.get(f"/drivers/{raced.driver.id}/dossiers/sponsor.pdf").status_code == 405


# --- bad input: the right answer, never a 500 ----------------------------------------------


@pytest.mark.parametrize("kind", [k.value for k in DossierKind])
def test_a_driver_with_no_results_and_no_grades_still_gets_each_dossier(client, academy, kind):
    login(client, academy.admin)
    response = download(client, academy.other_driver.id, kind)
    assert response.status_code == 200
    text = flat(pdf_text(response.data))
    assert "Li Haoran" in text
    assert "No photo" in text


def test_a_300_character_name_prints_without_failing(client, academy):
    long_name = ("Maximilian-Alexander " * 15)[:300]
    driver = make_driver(legal_name=long_name, coach=academy.coach)
    login(client, academy.coach)
    for kind in DossierKind:
        response = download(client, driver.id, kind.value)
        assert response.status_code == 200
        assert "Maximilian-Alexander Maximilian" in flat(pdf_text(response.data))


def test_a_corrupt_stored_photo_is_left_out_with_a_note(client, academy):
    db.session.add(
        DriverPhoto(
            driver_id=academy.driver.id,
            content_type="image/jpeg",
            data=b"\xff\xd8\xff\xe0 not really a jpeg" * 50,
        )
    )
    db.session.commit()
    login(client, academy.driver_user)
    response = download(client, academy.driver.id, "sponsor")
    assert response.status_code == 200
    assert "Photo omitted" in flat(pdf_text(response.data))


def test_results_after_the_generation_day_are_not_printed(client, academy):
    make_race(academy.driver, name="Race from the future", on=date(2099, 1, 1))
    login(client, academy.admin)
    text = flat(pdf_text(download(client, academy.driver.id, "invitation").data))
    assert "Race from the future" not in text


def test_co_drivers_are_named_in_the_race_record(client, academy):
    make_race(academy.driver, name="4 Hours of Dubai")
    login(client, academy.admin)
    text = flat(pdf_text(download(client, academy.driver.id, "invitation").data))
    assert CO_DRIVER in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) missing")
def test_every_page_of_a_downloaded_dossier_renders_to_an_image(client, raced, tmp_path):
    from PIL import Image

    login(client, raced.driver_user)
    pdf = tmp_path / "invitation.pdf"
    pdf.write_bytes(download(client, raced.driver.id, "invitation").data)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    for page in pages:
        with Image.open(page) as image:
            grey = image.convert("L")
            dark = sum(grey.histogram()[:128])
            assert dark > 0.005 * grey.width * grey.height, f"{page.name} is blank"


def test_an_unreadable_rule_set_is_explained_and_nothing_recorded(client, academy):
    from academy.models import RuleSetRecord

    db.session.add(
        RuleSetRecord(
            key="broken",
            version="1",
            name="Broken",
            effective_from=date(2026, 1, 1),
            source_text="key = [unclosed",
            sha256="0" * 64,
            active=True,
        )
    )
    db.session.commit()
    login(client, academy.driver_user)
    response = download(client, academy.driver.id, "invitation")
    assert response.status_code == 503
    assert "could not be generated" in response.text
    assert db.session.execute(db.select(Dossier)).first() is None


def test_the_verify_link_comes_from_the_public_address_not_the_host_header(
    app, client, raced, monkeypatch
):
    """The attack: a request with `Host: evil.example` printed "Verify at
    http://evil.example/verify/…" into the dossier."""
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://academy.example")
    client.environ_base["HTTP_HOST"] = "evil.example"
    login(client, raced.driver_user)
    response = client.post(f"/drivers/{raced.driver.id}/dossiers/sponsor.pdf")
    assert response.status_code == 200
    text = flat(pdf_text(response.data))
    code = db.session.execute(db.select(Dossier)).scalar_one().verification_code
    assert f"https://academy.example/verify/{code}" in text
    assert "evil.example" not in text


def test_the_dossier_page_names_the_public_verify_address(app, client, raced, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://academy.example")
    client.environ_base["HTTP_HOST"] = "evil.example"
    login(client, raced.driver_user)
    page = client.get(f"/drivers/{raced.driver.id}/dossiers")
    assert page.status_code == 200
    assert "https://academy.example/verify" in page.get_data(as_text=True)
    assert "evil.example" not in page.get_data(as_text=True)
