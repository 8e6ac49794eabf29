"""The licence-upgrade workflow through the pages: every step checked, refused with a reason
or taken, recorded in the history and the audit log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from academy.enums import ApplicationStatus, LicenceGrade, SessionType
from academy.extensions import db
from academy.licensing.service import create_application
from academy.models import ApplicationTransition, AuditEvent, Licence, LicenceApplication
from tests.builders import login
from tests.progress.builders import add_result, add_session, make_event

GRADE_D = LicenceGrade.INTERNATIONAL_D


def make_grade_d_ready(driver, coach) -> None:
    """What the shipped rules ask for a first International D licence, met today: three
    classified races in the last 24 months and the FIA e-learning (a classroom session)."""
    today = date.today()
    for weeks in (5, 6, 7):
        add_result(driver, make_event(today - timedelta(weeks=weeks)))
    add_session(driver, coach, today - timedelta(days=3), session_type=SessionType.CLASSROOM)


def make_application(
    driver, actor, status=ApplicationStatus.DRAFT, *, rule_set_key="alms-to-le-mans"
):
    application = create_application(driver, GRADE_D, "JAF", "", actor, rule_set_key)
    application.status = status
    db.session.commit()
    return application


def act(client, application, action, **data):
    db.session.refresh(application)
    form = {f"{action}-version": str(application.version)}
    form.update({f"{action}-{name}": value for name, value in data.items()})
    return client.post(
        f"/drivers/{application.driver_id}/licence/{application.id}/{action}",
        data=form,
        follow_redirects=True,
    )


def reload(application) -> LicenceApplication:
    db.session.expire_all()
    return db.session.get(LicenceApplication, application.id)


def audit_actions() -> list[str]:
    return list(db.session.execute(db.select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def hold(driver, grade: LicenceGrade) -> None:
    """The driver's licence is of this grade."""
    driver.licences[0].grade = grade
    db.session.commit()


def test_a_coach_starts_a_draft_for_their_driver(client, academy):
    hold(academy.driver, LicenceGrade.NATIONAL)
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.driver.id}/licence/new",
        data={"target_grade": GRADE_D.value, "asn": "JAF", "comment": "Ready for D"},
    )
    assert response.status_code == 302
    application = db.session.execute(db.select(LicenceApplication)).scalar_one()
    assert (application.status, application.target_grade, application.rule_set_key) == (
        ApplicationStatus.DRAFT,
        GRADE_D,
        "alms-to-le-mans",
    )
    (transition,) = application.transitions
    assert (transition.from_status, transition.to_status, transition.comment) == (
        None,
        ApplicationStatus.DRAFT,
        "Ready for D",
    )
    assert audit_actions() == ["licence_application_created"]


def test_a_second_open_application_for_the_same_grade_is_refused(client, academy):
    hold(academy.driver, LicenceGrade.NATIONAL)
    make_application(academy.driver, academy.coach)
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.driver.id}/licence/new",
        data={"target_grade": GRADE_D.value, "asn": "JAF"},
    )
    assert response.status_code == 200
    assert "already an open application for the International D licence" in response.get_data(
        as_text=True
    )
    assert db.session.execute(db.select(db.func.count(LicenceApplication.id))).scalar() == 1


def test_a_coach_cannot_start_an_application_for_another_coachs_driver(client, academy):
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.other_driver.id}/licence/new",
        data={"target_grade": GRADE_D.value, "asn": "JAF"},
    )
    assert response.status_code == 403


def test_endorsement_is_refused_while_the_rules_are_not_met_naming_what_is_missing(client, academy):
    application = make_application(academy.driver, academy.coach)
    login(client, academy.coach)
    page = act(client, application, "endorse").get_data(as_text=True)
    assert "The rules for this licence grade are not met" in page
    assert "Missing: 3 classified starts in the last 24 months" in page
    assert reload(application).status is ApplicationStatus.DRAFT
    assert audit_actions() == ["licence_application_created"]


def test_the_coach_endorses_once_the_rules_are_met(client, academy):
    make_grade_d_ready(academy.driver, academy.coach)
    application = make_application(academy.driver, academy.coach)
    login(client, academy.coach)
    page = act(client, application, "endorse", comment="Three clean races").get_data(as_text=True)
    assert "Application endorsed." in page
    application = reload(application)
    assert application.status is ApplicationStatus.ENDORSED
    last = application.transitions[-1]
    assert (last.from_status, last.to_status, last.actor_id, last.overridden) == (
        ApplicationStatus.DRAFT,
        ApplicationStatus.ENDORSED,
        academy.coach.id,
        False,
    )
    event = db.session.execute(
        db.select(AuditEvent).filter_by(action="licence_application_endorse")
    ).scalar_one()
    assert event.after["rules_met"] is True and event.after["status"] == "endorsed"


def test_the_director_approves_by_override_naming_the_reason(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.ENDORSED)
    login(client, academy.admin)
    page = act(
        client, application, "approve", override_reason="Races abroad confirmed by the ASN"
    ).get_data(as_text=True)
    assert "approved by override" in page
    application = reload(application)
    assert application.status is ApplicationStatus.APPROVED
    assert application.override_reason == "Races abroad confirmed by the ASN"
    assert application.transitions[-1].overridden is True
    event = db.session.execute(
        db.select(AuditEvent).filter_by(action="licence_application_approve")
    ).scalar_one()
    assert event.after["overridden"] is True
    assert event.after["override_reason"] == "Races abroad confirmed by the ASN"
    assert any("classified starts" in missing for missing in event.after["rules_missing"])


def test_the_director_cannot_approve_unmet_rules_without_a_reason(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.ENDORSED)
    login(client, academy.admin)
    page = act(client, application, "approve").get_data(as_text=True)
    assert "give the reason for the override" in page
    assert reload(application).status is ApplicationStatus.ENDORSED


def test_the_director_approves_without_override_when_the_rules_are_met(client, academy):
    make_grade_d_ready(academy.driver, academy.coach)
    application = make_application(academy.driver, academy.coach, ApplicationStatus.ENDORSED)
    login(client, academy.admin)
    act(client, application, "approve", override_reason="not needed")
    application = reload(application)
    assert application.status is ApplicationStatus.APPROVED
    assert application.transitions[-1].overridden is False and application.override_reason == ""


def test_the_director_marks_it_submitted_to_the_asn(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.APPROVED)
    login(client, academy.admin)
    act(client, application, "submit", comment="Sent to JAF")
    assert reload(application).status is ApplicationStatus.SUBMITTED


def test_granting_records_the_new_licence_on_the_drivers_record(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    page = act(
        client,
        application,
        "grant",
        number="JAF-D-777",
        issued_on="2026-12-01",
        expires_on="2027-12-31",
    ).get_data(as_text=True)
    assert "the new licence is on the driver" in page
    application = reload(application)
    licence = db.session.get(Licence, application.granted_licence_id)
    assert application.status is ApplicationStatus.GRANTED
    assert (licence.driver_id, licence.grade, licence.asn, licence.number) == (
        academy.driver.id,
        GRADE_D,
        "JAF",
        "JAF-D-777",
    )
    assert (licence.issued_on, licence.expires_on) == (date(2026, 12, 1), date(2027, 12, 31))
    assert "licence_granted" in audit_actions()


def test_a_licence_number_the_asn_already_used_is_refused(client, academy):
    existing = db.session.execute(
        db.select(Licence).filter_by(driver_id=academy.driver.id)
    ).scalar_one()
    application = make_application(academy.driver, academy.coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    page = act(
        client,
        application,
        "grant",
        number=existing.number,
        issued_on="2026-12-01",
        expires_on="2027-12-31",
    ).get_data(as_text=True)
    assert f"JAF already has a licence numbered {existing.number}" in page
    assert reload(application).status is ApplicationStatus.SUBMITTED


def test_a_licence_cannot_expire_before_it_is_issued(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    page = act(
        client, application, "grant", number="N-1", issued_on="2027-01-01", expires_on="2026-01-01"
    ).get_data(as_text=True)
    assert "cannot expire before it was issued" in page
    assert reload(application).status is ApplicationStatus.SUBMITTED


def test_a_rejection_without_a_comment_is_refused(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    page = act(client, application, "reject").get_data(as_text=True)
    assert "a comment is required to reject" in page
    assert reload(application).status is ApplicationStatus.SUBMITTED


def test_a_rejection_keeps_its_comment_for_the_driver(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    act(client, application, "reject", comment="The ASN wants two more races.")
    application = reload(application)
    assert application.status is ApplicationStatus.REJECTED
    login(client, academy.driver_user)
    page = client.get(f"/drivers/{academy.driver.id}/licence").get_data(as_text=True)
    assert "The ASN wants two more races." in page
    assert 'app-step-rejected" aria-current="step"' in page


def test_a_step_out_of_order_is_refused_with_a_message(client, academy):
    application = make_application(academy.driver, academy.coach)
    login(client, academy.admin)
    page = act(
        client, application, "grant", number="X", issued_on="2026-12-01", expires_on="2027-12-31"
    ).get_data(as_text=True)
    assert "cannot be granted while it is draft" in page
    assert reload(application).status is ApplicationStatus.DRAFT


def test_a_change_made_meanwhile_by_someone_else_is_not_overwritten(client, academy):
    make_grade_d_ready(academy.driver, academy.coach)
    application = make_application(academy.driver, academy.coach)
    seen = application.version
    application.asn = "JAF Tokyo"
    db.session.commit()
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.driver.id}/licence/{application.id}/endorse",
        data={"endorse-version": str(seen)},
        follow_redirects=True,
    )
    assert "Someone changed this application while you were looking at it" in response.get_data(
        as_text=True
    )
    assert reload(application).status is ApplicationStatus.DRAFT


def test_an_application_is_reached_only_through_its_own_driver(client, academy):
    other = make_application(academy.other_driver, academy.other_coach)
    login(client, academy.coach)
    assert client.get(f"/drivers/{academy.driver.id}/licence/{other.id}").status_code == 404
    response = client.post(
        f"/drivers/{academy.driver.id}/licence/{other.id}/endorse",
        data={"endorse-version": "1"},
    )
    assert response.status_code == 404
    assert reload(other).status is ApplicationStatus.DRAFT


def test_the_driver_sees_where_their_application_stands(client, academy):
    application = make_application(academy.driver, academy.coach, ApplicationStatus.ENDORSED)
    db.session.add(
        ApplicationTransition(
            application_id=application.id,
            from_status=ApplicationStatus.DRAFT,
            to_status=ApplicationStatus.ENDORSED,
            actor_id=academy.coach.id,
            comment="Good season",
        )
    )
    db.session.commit()
    login(client, academy.driver_user)
    page = client.get(f"/drivers/{academy.driver.id}/licence/{application.id}").get_data(
        as_text=True
    )
    assert 'app-step-current" aria-current="step">Endorsed' in page
    assert "Good season" in page
    assert "Rules for the International D licence" in page
    assert "Next step" not in page


@pytest.mark.parametrize("viewer", ["driver_user", "principal"])
def test_drivers_and_principals_cannot_move_an_application(client, academy, viewer):
    application = make_application(academy.driver, academy.coach)
    login(client, getattr(academy, viewer))
    response = client.post(
        f"/drivers/{academy.driver.id}/licence/{application.id}/endorse",
        data={"endorse-version": "1"},
    )
    assert response.status_code == 403


def test_a_rule_set_that_no_longer_exists_blocks_endorsement_honestly(client, academy):
    application = make_application(academy.driver, academy.coach, rule_set_key="alms-2019")
    login(client, academy.coach)
    page = act(client, application, "endorse").get_data(as_text=True)
    assert "&#39;alms-2019&#39; no longer exists" in page
    assert reload(application).status is ApplicationStatus.DRAFT


def test_the_director_lists_every_application_by_status(client, academy):
    make_application(academy.driver, academy.coach)
    make_application(academy.other_driver, academy.other_coach, ApplicationStatus.SUBMITTED)
    login(client, academy.admin)
    page = client.get("/licensing").get_data(as_text=True)
    draft = page[page.index('id="status-draft"') : page.index('id="status-endorsed"')]
    submitted = page[page.index('id="status-submitted"') : page.index('id="status-granted"')]
    assert "Ren Sato" in draft and "Li Haoran" in submitted


def test_a_coach_lists_only_their_drivers_applications(client, academy):
    make_application(academy.driver, academy.coach)
    make_application(academy.other_driver, academy.other_coach)
    login(client, academy.coach)
    page = client.get("/licensing").get_data(as_text=True)
    assert "Ren Sato" in page and "Li Haoran" not in page


def test_a_step_posted_without_the_version_seen_is_refused(client, academy):
    make_grade_d_ready(academy.driver, academy.coach)
    application = make_application(academy.driver, academy.coach)
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.driver.id}/licence/{application.id}/endorse", follow_redirects=True
    )
    assert "reload the page and try again" in response.get_data(as_text=True)
    assert reload(application).status is ApplicationStatus.DRAFT
