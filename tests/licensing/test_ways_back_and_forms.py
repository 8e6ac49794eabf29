"""A draft withdrawn by whoever started it; no application for a grade below the one held; a
refused step keeps every value typed, with the error beside its field; the expiry left empty
is the end of the year of issue."""

from __future__ import annotations

from datetime import date

from academy.enums import ApplicationStatus, LicenceGrade
from academy.extensions import db
from academy.models import ApplicationTransition, AuditEvent, Licence, LicenceApplication
from tests.builders import login
from tests.licensing.test_licensing_routes import make_application, reload


def _count(model) -> int:
    return db.session.execute(db.select(db.func.count(model.id))).scalar()


def _field_block(page: str, name: str) -> str:
    """The form field's box: its input and the errors under it."""
    start = page.rindex('<div class="field', 0, page.index(f'name="{name}"'))
    return page[start : page.index("</div>", page.index(f'name="{name}"'))]


# Withdrawing a draft ------------------------------------------------------------------------


def test_the_coach_withdraws_the_draft_they_started(client, academy):
    application = make_application(academy.driver, academy.coach)
    application_id = application.id
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/licence/{application_id}").get_data(
        as_text=True
    )
    assert "Withdraw this draft" in page
    response = client.post(f"/drivers/{academy.driver.id}/licence/{application_id}/withdraw")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(LicenceApplication, application_id) is None
    assert _count(ApplicationTransition) == 0
    event = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "licence_application_withdrawn")
    ).scalar_one()
    assert (event.entity_id, event.actor_id) == (application_id, academy.coach.id)
    assert event.before["status"] == "draft"
    assert [step["to_status"] for step in event.before["steps"]] == ["draft"]
    listing = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is withdrawn; the audit log keeps it" in listing


def test_an_endorsed_application_cannot_be_withdrawn(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.ENDORSED)
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/licence/{application.id}").get_data(
        as_text=True
    )
    assert "Withdraw this draft" not in page
    response = client.post(f"/drivers/{academy.driver.id}/licence/{application.id}/withdraw")
    assert response.status_code == 403
    assert reload(application).status is ApplicationStatus.ENDORSED


def test_the_director_cannot_withdraw_a_draft_the_coach_started(client, academy):
    application = make_application(academy.driver, academy.coach)
    login(client, academy.admin)
    response = client.post(f"/drivers/{academy.driver.id}/licence/{application.id}/withdraw")
    assert response.status_code == 403
    assert reload(application) is not None


# No downgrade ---------------------------------------------------------------------------------


def test_an_application_below_the_grade_held_is_refused_beside_the_grade(client, academy):
    academy.driver.licences[0].grade = LicenceGrade.INTERNATIONAL_B
    db.session.commit()
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.driver.id}/licence/new",
        data={"target_grade": LicenceGrade.INTERNATIONAL_C.value, "asn": "JAF"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    block = _field_block(page, "target_grade")
    assert "already holds an International B licence" in block
    assert "International C would be a downgrade" in block
    assert 'value="JAF"' in _field_block(page, "asn")
    assert _count(LicenceApplication) == 0


def test_an_application_above_the_grade_held_is_made(client, academy):
    academy.driver.licences[0].grade = LicenceGrade.INTERNATIONAL_B
    db.session.commit()
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.driver.id}/licence/new",
        data={"target_grade": LicenceGrade.INTERNATIONAL_A.value, "asn": "JAF"},
    )
    assert response.status_code == 302
    assert _count(LicenceApplication) == 1


def test_the_grade_of_an_expired_licence_is_no_bar(client, academy):
    academy.driver.licences[0].grade = LicenceGrade.INTERNATIONAL_B
    academy.driver.licences[0].expires_on = date(2021, 12, 31)
    db.session.commit()
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.driver.id}/licence/new",
        data={"target_grade": LicenceGrade.INTERNATIONAL_C.value, "asn": "JAF"},
    )
    assert response.status_code == 302


# The grant form keeps what was typed ------------------------------------------------------------


def _grant(client, application, **values):
    db.session.refresh(application)
    data = {"grant-version": str(application.version)}
    data.update({f"grant-{name}": value for name, value in values.items()})
    return client.post(
        f"/drivers/{application.driver_id}/licence/{application.id}/grant",
        data=data,
        follow_redirects=True,
    ).get_data(as_text=True)


def test_a_refused_grant_keeps_the_number_and_dates_and_puts_the_error_by_the_field(
    client, academy
):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    page = _grant(
        client, application, number="JAF-2027-118", issued_on="2027-03-02", expires_on="2026-01-01"
    )
    assert 'value="JAF-2027-118"' in _field_block(page, "grant-number")
    assert 'value="2027-03-02"' in _field_block(page, "grant-issued_on")
    expires = _field_block(page, "grant-expires_on")
    assert 'value="2026-01-01"' in expires
    assert "cannot expire before it was issued" in expires
    assert reload(application).status is ApplicationStatus.SUBMITTED


def test_an_unreadable_date_is_shown_as_typed_with_its_error(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    page = _grant(client, application, number="JAF-9", issued_on="2027-02-30", expires_on="")
    issued = _field_block(page, "grant-issued_on")
    assert 'value="2027-02-30"' in issued
    assert 'class="error"' in issued
    assert 'value="JAF-9"' in _field_block(page, "grant-number")


def test_a_number_already_used_is_an_error_beside_the_number(client, academy):
    existing = academy.driver.licences[0].number
    application = make_application(academy.driver, academy.coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    page = _grant(client, application, number=existing, issued_on="2027-01-05")
    number = _field_block(page, "grant-number")
    assert f'value="{existing}"' in number
    assert f"already has a licence numbered {existing}" in number


def test_the_expiry_left_empty_is_the_end_of_the_year_of_issue(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    _grant(client, application, number="JAF-2027-7", issued_on="2027-01-04", expires_on="")
    granted = reload(application)
    assert granted.status is ApplicationStatus.GRANTED
    licence = db.session.get(Licence, granted.granted_licence_id)
    assert (licence.issued_on, licence.expires_on) == (date(2027, 1, 4), date(2027, 12, 31))


def test_the_values_are_kept_once_only(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    _grant(client, application, number="JAF-1", issued_on="2027-03-02", expires_on="2026-01-01")
    again = client.get(f"/drivers/{academy.driver.id}/licence/{application.id}").get_data(
        as_text=True
    )
    assert 'value="JAF-1"' not in again
    assert "cannot expire before it was issued" not in again
