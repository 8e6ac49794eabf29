"""A coach marks a simulator session as on an ACO-approved simulator (issue 13: the Le Mans
rookie simulator day counts only such sessions)."""

from __future__ import annotations

from academy.extensions import db
from academy.models import CoachingSession
from tests.builders import login
from tests.coaching.conftest import session_form


def _sessions():
    return list(
        db.session.execute(db.select(CoachingSession).order_by(CoachingSession.id)).scalars()
    )


def test_a_simulator_session_can_be_marked_aco_approved(client, academy, rubric):
    login(client, academy.coach)
    page = client.get("/coaching/sessions/new").get_data(as_text=True)
    assert 'name="aco_approved"' in page and "On an ACO-approved simulator" in page
    response = client.post(
        "/coaching/sessions/new",
        data=session_form(
            [academy.driver.id],
            session_type="simulator",
            simulator_title="ACO simulator, Le Mans",
            aco_approved="y",
        ),
    )
    assert response.status_code == 302
    [session] = _sessions()
    assert session.aco_approved is True
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    assert "ACO-approved simulator" in page


def test_only_a_simulator_session_keeps_the_mark(client, academy, rubric, sepang):
    login(client, academy.coach)
    response = client.post(
        "/coaching/sessions/new",
        data=session_form([academy.driver.id], circuit_id=str(sepang.id), aco_approved="y"),
    )
    assert response.status_code == 302
    [session] = _sessions()
    assert session.aco_approved is False
