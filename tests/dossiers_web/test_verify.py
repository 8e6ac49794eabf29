"""/verify: anyone can tell whether a dossier is genuine and current, and learn nothing private."""

from __future__ import annotations

import io

from academy.extensions import db
from academy.models import AuditEvent, Dossier
from tests.builders import login


def generate(client, user, driver, kind: str = "scouting") -> tuple[str, bytes]:
    login(client, user)
    response = client.post(f"/drivers/{driver.id}/dossiers/{kind}.pdf")
    assert response.status_code == 200
    code = db.session.execute(
        db.select(Dossier.verification_code).order_by(Dossier.id.desc()).limit(1)
    ).scalar_one()
    client.post("/logout")
    return code, response.data


def test_a_fresh_code_is_genuine_and_current(client, academy):
    code, _ = generate(client, academy.driver_user, academy.driver)
    page = client.get(f"/verify/{code}")
    assert page.status_code == 200
    assert "Genuine and current" in page.text
    assert "Scouting report" in page.text


def test_a_newer_dossier_of_the_same_kind_supersedes_the_older(client, academy):
    old, _ = generate(client, academy.driver_user, academy.driver)
    generate(client, academy.coach, academy.driver)
    page = client.get(f"/verify/{old}")
    assert "Genuine, superseded" in page.text
    assert "Genuine and current" not in page.text


def test_a_dossier_of_another_kind_does_not_supersede(client, academy):
    scouting, _ = generate(client, academy.driver_user, academy.driver, "scouting")
    generate(client, academy.driver_user, academy.driver, "sponsor")
    assert "Genuine and current" in client.get(f"/verify/{scouting}").text


def test_a_dossier_of_another_driver_does_not_supersede(client, academy):
    mine, _ = generate(client, academy.driver_user, academy.driver)
    generate(client, academy.admin, academy.other_driver)
    assert "Genuine and current" in client.get(f"/verify/{mine}").text


def test_an_unknown_code_is_said_to_be_unknown(client, academy):
    page = client.get("/verify/7KQ2M-XW4PD")
    assert page.status_code == 404
    assert "Unknown code" in page.text


def test_garbage_is_an_unknown_code_not_an_error(client, academy):
    page = client.get("/verify/%3Cscript%3Ealert(1)%3Cscript%3E")
    assert page.status_code == 404
    assert "Unknown code" in page.text
    assert "<script>alert(1)" not in page.text
    assert "&lt;script&gt;alert(1)" in page.text


def test_a_code_typed_loosely_leads_to_its_canonical_page(client, academy):
    code, _ = generate(client, academy.driver_user, academy.driver)
    loose = code.replace("-", "").lower()
    response = client.get(f"/verify/{loose}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{code}")


def test_the_verify_page_shows_nothing_private(client, academy):
    code, _ = generate(client, academy.driver_user, academy.driver)
    page = client.get(f"/verify/{code}").text
    for private in ("Ren Sato", "佐藤", "2004", "JPN", "Silver", "L-"):
        assert private not in page, private
    assert "R. S." in page  # initials only, to match the code to the paper


def test_the_form_sends_a_typed_code_to_its_page(client, academy):
    code, _ = generate(client, academy.driver_user, academy.driver)
    response = client.post("/verify", data={"code": f"  {code.lower()} "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{code}")


def test_the_form_explains_a_malformed_code(client, academy):
    page = client.post("/verify", data={"code": "hello"})
    assert page.status_code == 200
    assert "That is not a verification code" in page.text


def test_the_issued_file_matches_its_code(client, academy):
    code, pdf = generate(client, academy.driver_user, academy.driver)
    page = client.post(
        f"/verify/{code}",
        data={"document": (io.BytesIO(pdf), "dossier.pdf")},
        content_type="multipart/form-data",
    )
    assert "The file matches" in page.text


def test_an_altered_file_does_not_match_its_code(client, academy):
    code, pdf = generate(client, academy.driver_user, academy.driver)
    altered = pdf.replace(b"Ren Sato", b"Ren Sata", 1) if b"Ren Sato" in pdf else pdf + b"\n"
    page = client.post(
        f"/verify/{code}",
        data={"document": (io.BytesIO(altered), "dossier.pdf")},
        content_type="multipart/form-data",
    )
    assert "The file does not match" in page.text


def test_the_director_revokes_a_dossier_and_the_page_says_so(client, academy):
    code, _ = generate(client, academy.driver_user, academy.driver)
    record = db.session.execute(db.select(Dossier)).scalar_one()
    login(client, academy.admin)
    response = client.post(f"/dossiers/{record.id}/revoke")
    assert response.status_code == 302
    client.post("/logout")
    page = client.get(f"/verify/{code}").text
    assert "Revoked" in page
    assert "Genuine and current" not in page
    assert (
        db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "dossier_revoked"))
        .scalar_one()
        .entity_id
        == record.id
    )


def test_a_coach_cannot_revoke(client, academy):
    generate(client, academy.driver_user, academy.driver)
    record = db.session.execute(db.select(Dossier)).scalar_one()
    login(client, academy.coach)
    assert client.post(f"/dossiers/{record.id}/revoke").status_code == 403
    db.session.refresh(record)
    assert record.revoked_at is None


def test_the_driver_tab_lists_dossiers_with_their_status(client, academy):
    old, _ = generate(client, academy.driver_user, academy.driver)
    new, _ = generate(client, academy.driver_user, academy.driver)
    login(client, academy.driver_user)
    page = client.get(f"/drivers/{academy.driver.id}/dossiers").text
    assert old in page and new in page
    assert "Superseded" in page and "Current" in page
    assert "Revoke" not in page  # only the director revokes
