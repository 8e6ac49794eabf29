"""Taking a wrongly logged session back: deleted with a reason by the coach who logged it or
by the director, kept whole in the audit log; the message after logging offers View and Undo;
the coaching tab lists a page of sessions at a time, latest first."""

from __future__ import annotations

import re
from datetime import date, timedelta

from academy.extensions import db
from academy.models import AuditEvent, CoachingSession, Grade
from tests.builders import login
from tests.coaching.conftest import bulk_sessions, make_session, session_form


def _session(academy, rubric, coach=None, days_ago: int = 2) -> CoachingSession:
    return make_session(
        academy.driver,
        coach or academy.coach,
        held_on=date.today() - timedelta(days=days_ago),
        scores={rubric["racecraft"]: 6, rubric["consistency"]: 7},
    )


def _deleted_events() -> list[AuditEvent]:
    return list(
        db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action == "coaching_session_deleted")
        ).scalars()
    )


def test_the_coach_deletes_a_session_with_a_reason_and_the_audit_log_keeps_it(
    client, academy, rubric
):
    session = _session(academy, rubric)
    session_id, grade_ids = session.id, [grade.id for grade in session.grades]
    login(client, academy.coach)
    response = client.post(
        f"/coaching/sessions/{session_id}/delete", data={"reason": "Logged for the wrong driver."}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(CoachingSession, session_id) is None
    assert db.session.execute(db.select(Grade).where(Grade.id.in_(grade_ids))).first() is None
    [event] = _deleted_events()
    assert event.actor_id == academy.coach.id
    assert event.after == {"reason": "Logged for the wrong driver."}
    assert event.before["driver_id"] == academy.driver.id
    assert sorted(grade["score"] for grade in event.before["grades"]) == [6, 7]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is deleted; the audit log keeps it" in page
    assert "No sessions logged yet." in page


def test_a_delete_without_a_reason_is_refused_and_deletes_nothing(client, academy, rubric):
    session = _session(academy, rubric)
    login(client, academy.coach)
    response = client.post(f"/coaching/sessions/{session.id}/delete", data={"reason": "  "})
    assert response.status_code == 422
    assert "Say why: the audit log keeps the reason." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CoachingSession, session.id) is not None
    assert _deleted_events() == []


def test_a_corrected_session_is_deleted_with_every_revision(client, academy, rubric):
    session = _session(academy, rubric)
    first = session.grades[0]
    db.session.add(
        Grade(
            session_id=session.id,
            driver_id=academy.driver.id,
            competency_id=first.competency_id,
            score=9,
            revision=2,
            supersedes_id=first.id,
            correction_reason="typo",
            graded_by_id=academy.coach.id,
        )
    )
    db.session.commit()
    login(client, academy.admin)
    response = client.post(f"/coaching/sessions/{session.id}/delete", data={"reason": "Twice."})
    assert response.status_code == 302
    assert db.session.execute(db.select(db.func.count(Grade.id))).scalar() == 0
    [event] = _deleted_events()
    assert sorted(grade["revision"] for grade in event.before["grades"]) == [1, 1, 2]


def test_another_coach_cannot_delete_a_session_the_drivers_coach_logged(client, academy, rubric):
    session = _session(academy, rubric)
    login(client, academy.other_coach)
    assert (
        client.post(f"/coaching/sessions/{session.id}/delete", data={"reason": "x"}).status_code
        == 403
    )
    assert client.post(f"/coaching/sessions/{session.id}/undo").status_code == 403


def test_the_drivers_coach_cannot_delete_a_session_the_director_logged(client, academy, rubric):
    session = _session(academy, rubric, coach=academy.admin)
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    assert f"/coaching/sessions/{session.id}/delete" not in page
    assert client.get(f"/coaching/sessions/{session.id}/delete").status_code == 403


def test_the_message_after_logging_offers_view_and_undo(client, academy, rubric):
    login(client, academy.coach)
    response = client.post(
        "/coaching/sessions/new",
        data=session_form(
            [academy.driver.id], session_type="fitness", **{f"score_{rubric['racecraft'].id}": "7"}
        ),
        follow_redirects=True,
    )
    session = db.session.execute(db.select(CoachingSession)).scalar_one()
    page = response.get_data(as_text=True)
    flash = page[page.index('class="flash flash-success"') :]
    flash = flash[: flash.index("</div>")]
    assert "Ren Sato" in flash
    assert (
        f'href="/drivers/{academy.driver.id}/coaching?session={session.id}#session-{session.id}"'
        in flash
    )
    assert f'action="/coaching/sessions/{session.id}/undo"' in flash
    token = re.search(r'name="csrf_token" value="([^"]*)"', flash)
    assert token is not None


def test_undo_deletes_the_session_just_logged_with_the_reason_undone(client, academy, rubric):
    login(client, academy.coach)
    client.post(
        "/coaching/sessions/new",
        data=session_form(
            [academy.driver.id], session_type="fitness", **{f"score_{rubric['racecraft'].id}": "7"}
        ),
    )
    session_id = db.session.execute(db.select(CoachingSession.id)).scalar_one()
    response = client.post(f"/coaching/sessions/{session_id}/undo")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(CoachingSession, session_id) is None
    [event] = _deleted_events()
    assert event.after == {"reason": "undone"}


def test_undo_is_refused_as_a_get(client, academy, rubric):
    session = _session(academy, rubric)
    login(client, academy.coach)
    assert client.get(f"/coaching/sessions/{session.id}/undo").status_code == 405
    assert db.session.get(CoachingSession, session.id) is not None


# Paging the coaching tab ----------------------------------------------------------------


def _listed(page: str) -> list[str]:
    return re.findall(r'<details class="session" id="session-(\d+)"', page)


def test_the_tab_lists_the_latest_ten_sessions_and_the_rest_on_demand(
    client, academy, rubric, sepang
):
    bulk_sessions(academy.driver, academy.coach, list(rubric.values()), 24, sepang)
    ids_newest_first = [
        str(i)
        for i in db.session.execute(
            db.select(CoachingSession.id).order_by(
                CoachingSession.held_on.desc(), CoachingSession.id.desc()
            )
        ).scalars()
    ]
    login(client, academy.coach)
    url = f"/drivers/{academy.driver.id}/coaching"
    page = client.get(url).get_data(as_text=True)
    assert _listed(page) == ids_newest_first[:10]
    assert "latest 10 of 24" in page
    # Only the latest is open; the others are one line each until opened.
    assert page.count('class="session" id=') == 10
    assert page.count(" open>") == 1
    assert "Show 10 older sessions" in page
    more = client.get(f"{url}?shown=20").get_data(as_text=True)
    assert _listed(more) == ids_newest_first[:20]
    assert "Show 4 older sessions" in more
    every = client.get(f"{url}?shown=40").get_data(as_text=True)
    assert _listed(every) == ids_newest_first
    assert "older session" not in every


def test_a_session_asked_for_is_listed_and_open_even_when_older(client, academy, rubric, sepang):
    bulk_sessions(academy.driver, academy.coach, list(rubric.values()), 15, sepang)
    oldest = db.session.execute(
        db.select(CoachingSession.id).order_by(CoachingSession.held_on).limit(1)
    ).scalar_one()
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/coaching?session={oldest}").get_data(
        as_text=True
    )
    assert len(_listed(page)) == 15
    assert f'id="session-{oldest}" open>' in page
