"""/verify: anyone can tell whether a dossier is genuine, whether the driver's record has changed
since, and learn nothing private."""

from __future__ import annotations

import io
from datetime import date

from academy.enums import LicenceGrade, Role
from academy.extensions import db
from academy.models import AuditEvent, Dossier, Licence
from tests.builders import login


def generate(client, user, driver, kind: str = "scouting") -> tuple[str, bytes]:
    login(client, user)
    if user.role is Role.PRINCIPAL:
        response = client.post(f"/scouting/drivers/{driver.id}/dossier.pdf")
    else:
        response = client.post(f"/drivers/{driver.id}/dossiers/{kind}.pdf")
    assert response.status_code == 200
    code = db.session.execute(
        db.select(Dossier.verification_code).order_by(Dossier.id.desc()).limit(1)
    ).scalar_one()
    client.post("/logout")
    return code, response.data


def test_a_fresh_code_is_genuine_and_says_kind_day_and_role_issued_to(client, academy):
    code, _ = generate(client, academy.driver_user, academy.driver)
    page = client.get(f"/verify/{code}")
    assert page.status_code == 200
    assert "Genuine" in page.text
    assert "Scouting report" in page.text
    issued = db.session.execute(
        db.select(Dossier.generated_at).where(Dossier.verification_code == code)
    ).scalar_one()
    assert f"{issued.day} {issued:%B %Y}" in page.text
    assert "The driver themself" in page.text
    assert "has not changed since this dossier was issued" in page.text


def test_a_principal_copy_is_said_to_be_issued_to_a_team_principal(client, academy):
    code, _ = generate(client, academy.principal, academy.driver)
    page = client.get(f"/verify/{code}").text
    assert "A team principal" in page
    assert academy.principal.display_name not in page


def test_another_download_of_the_same_kind_leaves_the_earlier_dossier_genuine(client, academy):
    director_copy, _ = generate(client, academy.admin, academy.driver, "invitation")
    generate(client, academy.driver_user, academy.driver, "invitation")
    page = client.get(f"/verify/{director_copy}").text
    assert "Genuine" in page
    assert "superseded" not in page.lower()
    assert "The academy director" in page
    assert "has not changed since" in page


def test_one_principal_download_leaves_another_principals_report_genuine(client, academy):
    first, _ = generate(client, academy.principal, academy.driver)
    generate(client, academy.principal, academy.driver)
    page = client.get(f"/verify/{first}").text
    assert "Genuine" in page and "superseded" not in page.lower()


def test_a_change_to_the_driver_record_is_said_in_words(client, academy):
    code, _ = generate(client, academy.admin, academy.driver, "invitation")
    db.session.add(
        Licence(
            driver_id=academy.driver.id,
            grade=LicenceGrade.INTERNATIONAL_A,
            asn="JAF",
            number="L-CHANGED-1",
            issued_on=date(2026, 1, 1),
            expires_on=date(2030, 12, 31),
        )
    )
    db.session.commit()
    page = client.get(f"/verify/{code}").text
    assert "Genuine" in page
    assert "record has changed since this dossier was issued" in page
    assert "ask" in page and "fresh one" in page


def test_a_change_to_another_driver_does_not_count(client, academy):
    code, _ = generate(client, academy.admin, academy.driver, "invitation")
    academy.other_driver.date_of_birth = date(2003, 3, 3)
    db.session.commit()
    assert "has not changed since" in client.get(f"/verify/{code}").text


def test_a_dossier_recorded_before_versions_were_kept_says_it_cannot_tell(client, academy):
    code, _ = generate(client, academy.admin, academy.driver, "invitation")
    record = db.session.execute(db.select(Dossier)).scalar_one()
    record.facts_version = None
    db.session.commit()
    assert "cannot tell whether the driver" in client.get(f"/verify/{code}").text


def test_withdrawing_scouting_consent_revokes_the_scouting_reports_only(client, academy):
    scouting, _ = generate(client, academy.principal, academy.driver, "scouting")
    sponsor, _ = generate(client, academy.driver_user, academy.driver, "sponsor")
    other, _ = generate(client, academy.admin, academy.other_driver, "scouting")
    login(client, academy.driver_user)
    response = client.post(f"/drivers/{academy.driver.id}/consent", data={"consent_sponsor": "y"})
    assert response.status_code == 302
    client.post("/logout")
    page = client.get(f"/verify/{scouting}").text
    assert "Revoked" in page
    assert "because the driver withdrew their consent to scouting" in page
    assert "Genuine" not in page.split("Compare the file")[0].replace("genuine", "")
    assert "Revoked" not in client.get(f"/verify/{sponsor}").text
    assert "Revoked" not in client.get(f"/verify/{other}").text
    events = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "dossier_revoked")
    ).scalars()
    assert [event.after["revoked_reason"] for event in events] == [
        "because the driver withdrew their consent to scouting"
    ]


def test_keeping_scouting_consent_revokes_nothing(client, academy):
    scouting, _ = generate(client, academy.principal, academy.driver, "scouting")
    login(client, academy.driver_user)
    client.post(f"/drivers/{academy.driver.id}/consent", data={"consent_scouting": "y"})
    client.post("/logout")
    assert "Revoked" not in client.get(f"/verify/{scouting}").text


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
    for private in ("Ren Sato", "佐藤", "2004", "JPN", "Silver", "JAF-LICENCE"):
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
    assert "by decision of the academy director" in page
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
    assert page.count("badge-dossier-genuine") == 2
    assert "Superseded" not in page
    assert "Revoke" not in page  # only the director revokes
