"""Creating and editing drivers, their licences and medicals; the driver's own consent."""

from __future__ import annotations

from datetime import date, timedelta

from academy.enums import Categorisation, LicenceGrade, Role
from academy.extensions import db
from academy.models import AuditEvent, Driver, Licence, MedicalCertificate
from tests.builders import login, make_cohort, make_driver, make_user

NEW_DRIVER = {
    "legal_name": "  Kamui   Kobayashi ",
    "native_name": "小林 可夢偉",
    "romanised_name": "Kobayashi Kamui",
    "nationality": "jpn",
    "date_of_birth": "1986-09-13",
    "categorisation": "platinum",
    "categorisation_review_on": "",
    "cohort_id": "0",
    "biography": "",
}


def audit_events(action: str) -> list[AuditEvent]:
    return list(
        db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action)).scalars()
    )


def driver_count() -> int:
    return len(db.session.execute(db.select(Driver.id)).all())


def test_coach_creates_a_driver_they_then_coach(client, app):
    coach = make_user(Role.COACH)
    login(client, coach)
    response = client.post("/drivers/new", data=NEW_DRIVER)
    driver = db.session.execute(db.select(Driver)).scalar_one()
    assert response.headers["Location"].endswith(f"/drivers/{driver.id}")
    assert driver.legal_name == "Kamui Kobayashi"
    assert driver.nationality == "JPN"
    assert driver.coach_id == coach.id
    assert driver.categorisation is Categorisation.PLATINUM
    assert "小林 可夢偉" in driver.search_text and "kobayashi kamui" in driver.search_text
    [created] = audit_events("driver_created")
    assert created.after["legal_name"] == "Kamui Kobayashi"


def test_new_driver_without_name_or_with_bad_nationality_is_refused(client, app):
    login(client, make_user(Role.COACH))
    page = client.post(
        "/drivers/new", data={**NEW_DRIVER, "legal_name": " ", "nationality": "Japan"}
    ).get_data(as_text=True)
    assert "This field is required." in page
    assert "Three letters, like JPN, THA or FRA." in page
    assert driver_count() == 0


def test_date_of_birth_in_the_future_is_refused(client, app):
    login(client, make_user(Role.COACH))
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    page = client.post("/drivers/new", data={**NEW_DRIVER, "date_of_birth": tomorrow})
    assert "The date of birth must be in the past." in page.get_data(as_text=True)
    assert driver_count() == 0


def test_director_assigns_the_coach_and_links_the_account(client, academy):
    account = make_user(Role.DRIVER, name="Kamui Account")
    login(client, academy.admin)
    client.post(
        "/drivers/new",
        data={**NEW_DRIVER, "coach_id": academy.other_coach.id, "user_id": account.id},
    )
    driver = db.session.execute(
        db.select(Driver).where(Driver.legal_name == "Kamui Kobayashi")
    ).scalar_one()
    assert driver.coach_id == academy.other_coach.id
    assert driver.user_id == account.id


def test_an_account_linked_to_another_driver_cannot_be_linked_again(client, academy):
    login(client, academy.admin)
    page = client.post(
        "/drivers/new", data={**NEW_DRIVER, "coach_id": 0, "user_id": academy.driver_user.id}
    ).get_data(as_text=True)
    assert "Not a valid choice." in page
    assert driver_count() == 2


def test_a_coach_cannot_reassign_the_coach_or_the_account(client, academy):
    login(client, academy.coach)
    client.post(
        f"/drivers/{academy.driver.id}/edit",
        data={**NEW_DRIVER, "coach_id": academy.other_coach.id, "user_id": 0},
    )
    driver = db.session.get(Driver, academy.driver.id)
    db.session.refresh(driver)
    assert driver.legal_name == "Kamui Kobayashi"
    assert driver.coach_id == academy.coach.id
    assert driver.user_id == academy.driver_user.id


def test_editing_a_driver_records_before_and_after(client, academy):
    login(client, academy.coach)
    client.post(
        f"/drivers/{academy.driver.id}/edit",
        data={
            **NEW_DRIVER,
            "legal_name": "Ren Sato",
            "native_name": "佐藤 蓮",
            "categorisation": "gold",
        },
    )
    [updated] = audit_events("driver_updated")
    assert updated.entity_id == academy.driver.id
    assert updated.before["categorisation"] == "silver"
    assert updated.after["categorisation"] == "gold"


def test_edit_form_shows_the_current_values(client, academy):
    cohort = make_cohort("2025 Intake")
    driver = db.session.get(Driver, academy.driver.id)
    driver.cohort_id = cohort.id
    db.session.commit()
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/edit").get_data(as_text=True)
    assert 'value="佐藤 蓮"' in page
    assert '<option selected value="silver">Silver</option>' in page
    assert f'<option selected value="{cohort.id}">2025 Intake</option>' in page


LICENCE = {
    "grade": "international_b",
    "asn": "JAF",
    "number": "B-2027-77",
    "issued_on": "2027-01-01",
    "expires_on": "2027-12-31",
}


def test_coach_adds_a_licence_with_an_audit_entry(client, academy):
    login(client, academy.coach)
    client.post(f"/drivers/{academy.driver.id}/licences/new", data=LICENCE)
    licence = db.session.execute(
        db.select(Licence).where(Licence.number == "B-2027-77")
    ).scalar_one()
    assert licence.driver_id == academy.driver.id
    assert licence.grade is LicenceGrade.INTERNATIONAL_B
    [added] = audit_events("licence_added")
    assert added.after["number"] == "B-2027-77"


def test_a_licence_expiring_before_it_is_issued_is_refused(client, academy):
    login(client, academy.coach)
    page = client.post(
        f"/drivers/{academy.driver.id}/licences/new",
        data={**LICENCE, "expires_on": "2026-12-31"},
    ).get_data(as_text=True)
    assert "A licence cannot expire before it is issued." in page
    assert not audit_events("licence_added")


def test_a_licence_number_already_issued_by_the_asn_is_refused(client, academy):
    login(client, academy.coach)
    client.post(f"/drivers/{academy.driver.id}/licences/new", data=LICENCE)
    page = client.post(f"/drivers/{academy.driver.id}/licences/new", data=LICENCE)
    assert "This ASN already has a licence with this number." in page.get_data(as_text=True)
    assert len(audit_events("licence_added")) == 1


def test_editing_a_licence_records_before_and_after(client, academy):
    licence_id = academy.driver.licences[0].id
    login(client, academy.coach)
    client.post(
        f"/drivers/{academy.driver.id}/licences/{licence_id}/edit",
        data={**LICENCE, "grade": "international_a"},
    )
    [updated] = audit_events("licence_updated")
    assert updated.before["grade"] == "international_c"
    assert updated.after["grade"] == "international_a"


def test_a_licence_of_another_driver_is_not_found_under_this_driver(client, academy):
    other_licence = academy.other_driver.licences[0].id
    login(client, academy.coach)
    response = client.get(f"/drivers/{academy.driver.id}/licences/{other_licence}/edit")
    assert response.status_code == 404
    response = client.post(
        f"/drivers/{academy.driver.id}/licences/{other_licence}/edit", data=LICENCE
    )
    assert response.status_code == 404
    assert not audit_events("licence_updated")


def test_coach_adds_and_edits_a_medical_certificate(client, academy):
    login(client, academy.coach)
    client.post(
        f"/drivers/{academy.driver.id}/medicals/new",
        data={"issued_on": "2026-03-01", "expires_on": "2027-03-01", "examiner": "Dr. Ito"},
    )
    medical = db.session.execute(
        db.select(MedicalCertificate).where(MedicalCertificate.examiner == "Dr. Ito")
    ).scalar_one()
    client.post(
        f"/drivers/{academy.driver.id}/medicals/{medical.id}/edit",
        data={"issued_on": "2026-03-01", "expires_on": "2026-09-01", "examiner": "Dr. Ito"},
    )
    [updated] = audit_events("medical_updated")
    assert updated.before["expires_on"] == "2027-03-01"
    assert updated.after["expires_on"] == "2026-09-01"


def test_a_medical_of_another_driver_is_not_found_under_this_driver(client, academy):
    other_medical = academy.other_driver.medicals[0].id
    login(client, academy.admin)
    response = client.get(f"/drivers/{academy.driver.id}/medicals/{other_medical}/edit")
    assert response.status_code == 404


def test_profile_flags_an_expiring_licence_and_an_expired_medical(client, app):
    coach = make_user(Role.COACH)
    driver = make_driver(
        coach=coach,
        licence_expires=date.today() + timedelta(days=45),
        medical_expires=date.today() - timedelta(days=3),
    )
    login(client, coach)
    page = " ".join(client.get(f"/drivers/{driver.id}").get_data(as_text=True).split())
    assert "Licence expires on" in page
    assert "Medical expired on" in page
    assert 'badge-expiring">expiring' in page
    assert 'badge-not-met">expired' in page


def test_profile_of_a_driver_with_valid_documents_has_no_flag(client, academy):
    login(client, academy.driver_user)
    page = client.get(f"/drivers/{academy.driver.id}").get_data(as_text=True)
    assert "expires on" not in page and "expired on" not in page


def test_driver_sees_their_own_profile_but_no_edit_links(client, academy):
    login(client, academy.driver_user)
    page = client.get(f"/drivers/{academy.driver.id}").get_data(as_text=True)
    assert "佐藤 蓮" in page
    assert "Edit profile" not in page and "Add a licence" not in page
    assert "Change my sharing choices" in page


def test_my_profile_leads_a_driver_to_their_own_page(client, academy):
    login(client, academy.driver_user)
    response = client.get("/drivers/me")
    assert response.headers["Location"].endswith(f"/drivers/{academy.driver.id}")


def test_my_profile_without_a_linked_driver_explains(client, app):
    login(client, make_user(Role.DRIVER))
    response = client.get("/drivers/me", follow_redirects=True)
    assert "not linked to a driver profile" in response.get_data(as_text=True)


def test_driver_sets_their_own_consent_and_it_is_audited(client, academy):
    login(client, academy.driver_user)
    client.post(f"/drivers/{academy.driver.id}/consent", data={"consent_sponsor": "y"})
    driver = db.session.get(Driver, academy.driver.id)
    db.session.refresh(driver)
    assert driver.consent_scouting is False
    assert driver.consent_sponsor is True
    [changed] = audit_events("consent_changed")
    assert changed.before == {"consent_scouting": True, "consent_sponsor": False}
    assert changed.after == {"consent_scouting": False, "consent_sponsor": True}
    assert changed.actor_id == academy.driver_user.id


def test_nobody_else_sets_a_drivers_consent(client, academy):
    for user in (academy.admin, academy.coach, academy.other_driver_user):
        login(client, user)
        response = client.post(
            f"/drivers/{academy.driver.id}/consent", data={"consent_sponsor": "y"}
        )
        assert response.status_code == 403
    driver = db.session.get(Driver, academy.driver.id)
    db.session.refresh(driver)
    assert driver.consent_sponsor is False


def test_a_driver_gets_403_on_every_page_of_another_driver(client, academy):
    login(client, academy.driver_user)
    other = academy.other_driver.id
    for path in (f"/drivers/{other}", f"/drivers/{other}/history", f"/drivers/{other}/consent"):
        assert client.get(path).status_code == 403, path


def test_a_principal_gets_403_on_profile_pages_even_with_consent(client, academy):
    login(client, academy.principal)
    assert academy.driver.consent_scouting
    assert client.get(f"/drivers/{academy.driver.id}").status_code == 403
    assert client.get(f"/drivers/{academy.driver.id}/history").status_code == 403


def test_coach_dashboard_links_each_driver_to_their_profile(client, academy):
    login(client, academy.coach)
    page = client.get("/dashboard").get_data(as_text=True)
    assert f'href="/drivers/{academy.driver.id}"' in page
