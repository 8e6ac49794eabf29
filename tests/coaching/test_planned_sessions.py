"""A coach plans a session ahead: it shows on the calendar and in the feed as planned, takes
no grades before its day, is recorded (held sessions with grades) or cancelled on or after it,
and is never evidence for the pathway or the current grades."""

from __future__ import annotations

from datetime import timedelta

import icalendar

from academy.coaching import queries
from academy.enums import PlanStatus, SessionType
from academy.extensions import db
from academy.models import AuditEvent, CoachingSession, Grade, PlannedSession
from academy.progress.facts_loader import load_driver_facts
from tests.builders import academy_day, login
from tests.coaching.conftest import session_form


def _plan_form(driver_ids, **overrides) -> dict:
    data = {
        "drivers": [str(driver_id) for driver_id in driver_ids],
        "planned_on": (academy_day() + timedelta(days=7)).isoformat(),
        "starts_at": "09:30",
        "ends_at": "12:00",
        "session_type": "simulator",
        "circuit_id": "",
        "simulator_title": "Le Mans, team simulator",
        "notes": "Night stint, traffic management.",
    }
    data.update(overrides)
    return data


def _plan(academy, days_ahead: int, **fields) -> PlannedSession:
    plan = PlannedSession(
        coach_id=academy.coach.id,
        planned_on=academy_day() + timedelta(days=days_ahead),
        session_type=fields.pop("session_type", SessionType.SIMULATOR),
        simulator_title=fields.pop("simulator_title", "Le Mans, team simulator"),
        notes="",
        status=PlanStatus.PLANNED,
        cancel_reason="",
        **fields,
    )
    plan.drivers = [academy.driver]
    db.session.add(plan)
    db.session.commit()
    return plan


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_coach_plans_a_session_ahead_and_it_is_audited(client, academy):
    login(client, academy.coach)
    response = client.post("/coaching/plans/new", data=_plan_form([academy.driver.id]))
    assert response.status_code == 302
    plan = db.session.execute(db.select(PlannedSession)).scalar_one()
    assert plan.status is PlanStatus.PLANNED
    assert [driver.id for driver in plan.drivers] == [academy.driver.id]
    assert plan.starts_at.strftime("%H:%M") == "09:30"
    assert db.session.execute(db.select(CoachingSession)).first() is None
    event = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "session_planned")
    ).scalar_one()
    assert event.after["driver_ids"] == [academy.driver.id]
    assert "Ren Sato" in _text(client.get("/coaching/plans"))


def test_a_refused_plan_keeps_what_was_typed_and_says_why_beside_the_field(client, academy):
    login(client, academy.coach)
    yesterday = (academy_day() - timedelta(days=1)).isoformat()
    response = client.post(
        "/coaching/plans/new",
        data=_plan_form([academy.driver.id], planned_on=yesterday, ends_at="08:00"),
    )
    assert response.status_code == 422
    page = _text(response)
    assert "has passed" in page and "log a session that was held instead" in page
    assert "The session ends after it starts." in page
    assert "Night stint, traffic management." in page
    assert 'value="Le Mans, team simulator"' in page
    assert 'value="09:30"' in page
    assert db.session.execute(db.select(PlannedSession)).first() is None


def test_a_coach_cannot_plan_for_a_driver_they_do_not_coach(client, academy):
    login(client, academy.coach)
    response = client.post("/coaching/plans/new", data=_plan_form([academy.other_driver.id]))
    assert response.status_code == 422
    assert "is not one of your drivers" in _text(response)


def test_no_grades_before_the_day_of_a_planned_session(client, academy, rubric):
    plan = _plan(academy, days_ahead=3)
    login(client, academy.coach)
    response = client.get(f"/coaching/plans/{plan.id}/record")
    assert response.status_code == 302
    racecraft = rubric["racecraft"]
    posted = client.post(
        f"/coaching/plans/{plan.id}/record",
        data=session_form(
            [academy.driver.id],
            held_on=academy_day().isoformat(),
            session_type="simulator",
            simulator_title="Le Mans, team simulator",
            **{f"score_{racecraft.id}": "8"},
        ),
    )
    assert posted.status_code == 302
    assert db.session.execute(db.select(Grade)).first() is None
    db.session.refresh(plan)
    assert plan.status is PlanStatus.PLANNED
    assert "grades are entered once it has been held" in _text(client.get("/coaching/plans"))


def test_on_its_day_the_coach_records_the_plan_as_a_held_session_with_grades(
    client, academy, rubric
):
    plan = _plan(academy, days_ahead=0)
    login(client, academy.coach)
    form = client.get(f"/coaching/plans/{plan.id}/record")
    assert form.status_code == 200
    assert "Record the session planned for" in _text(form)
    assert 'value="Le Mans, team simulator"' in form.get_data(as_text=True)
    racecraft = rubric["racecraft"]
    response = client.post(
        f"/coaching/plans/{plan.id}/record",
        data=session_form(
            [academy.driver.id],
            held_on=academy_day().isoformat(),
            session_type="simulator",
            simulator_title="Le Mans, team simulator",
            **{f"score_{racecraft.id}": "8"},
        ),
    )
    assert response.status_code == 302
    session = db.session.execute(db.select(CoachingSession)).scalar_one()
    assert [grade.score for grade in session.grades] == [8]
    db.session.refresh(plan)
    assert plan.status is PlanStatus.HELD
    held = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "planned_session_held")
    ).scalar_one()
    assert held.after["session_ids"] == [session.id]
    # Recorded, it is evidence like any held session.
    facts = load_driver_facts(academy.driver.id)
    assert [fact.id for fact in facts.sessions] == [session.id]
    # Recorded: off the list of plans, and a second recording is refused.
    assert queries.open_plans(academy.coach) == []
    again = client.post(f"/coaching/plans/{plan.id}/record", data={})
    assert again.status_code == 302
    assert len(db.session.execute(db.select(CoachingSession)).all()) == 1


def test_a_cancelled_plan_needs_a_reason_leaves_the_calendar_and_is_audited(client, academy):
    plan = _plan(academy, days_ahead=2)
    login(client, academy.coach)
    assert f'data-plan="{plan.id}"' in client.get("/calendar").get_data(as_text=True)
    refused = client.post(f"/coaching/plans/{plan.id}/cancel", data={"reason": ""})
    assert refused.status_code == 422
    assert "Say why" in _text(refused)
    response = client.post(f"/coaching/plans/{plan.id}/cancel", data={"reason": "Simulator booked"})
    assert response.status_code == 302
    db.session.refresh(plan)
    assert plan.status is PlanStatus.CANCELLED and plan.cancel_reason == "Simulator booked"
    event = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "planned_session_cancelled")
    ).scalar_one()
    assert event.before["status"] == "planned" and event.after["status"] == "cancelled"
    assert f'data-plan="{plan.id}"' not in client.get("/calendar").get_data(as_text=True)


def test_another_coach_cannot_record_or_cancel_a_plan(client, academy):
    plan = _plan(academy, days_ahead=0)
    login(client, academy.other_coach)
    assert client.get(f"/coaching/plans/{plan.id}/record").status_code == 403
    assert client.post(f"/coaching/plans/{plan.id}/cancel", data={"reason": "x"}).status_code == 403


def test_a_plan_shows_as_planned_on_the_calendar_of_its_driver_and_coach_only(client, academy):
    plan = _plan(academy, days_ahead=1)
    for user, sees in (
        (academy.coach, True),
        (academy.driver_user, True),
        (academy.admin, True),
        (academy.other_coach, False),
        (academy.other_driver_user, False),
        (academy.principal, False),
    ):
        login(client, user)
        page = client.get(f"/calendar?month={plan.planned_on:%Y-%m}").get_data(as_text=True)
        assert (f'data-plan="{plan.id}"' in page) is sees, user.display_name
        if sees:
            assert "Planned" in page


def test_the_feed_carries_a_timed_planned_session_in_the_academy_zone(client, academy):
    from datetime import time

    plan = _plan(academy, days_ahead=5, starts_at=time(9, 30), ends_at=time(12, 0))
    login(client, academy.driver_user)
    page = client.post("/calendar/feed").get_data(as_text=True)
    url = page.split('id="feed-url" class="feed-url"')[0].rsplit('value="', 1)[1].split('"')[0]
    client.post("/logout")
    body = client.get(url.replace("http://localhost", "")).data
    items = {
        str(item.get("uid")): item for item in icalendar.Calendar.from_ical(body).walk("VEVENT")
    }
    (item,) = [value for key, value in items.items() if key.startswith(f"plan-{plan.id}@")]
    assert str(item.get("summary")) == "Planned coaching: simulator session with Coach Tanaka"
    start = item.decoded("dtstart")
    assert (start.hour, start.minute) == (9, 30) and start.date() == plan.planned_on
    assert item.decoded("dtend").hour == 12
    assert str(start.tzinfo) == app_zone()


def app_zone() -> str:
    from config import TestConfig

    return TestConfig.ACADEMY_TIMEZONE


def test_a_planned_session_is_evidence_for_nothing(client, academy, rubric):
    """Planned night simulator days on an ACO-approved simulator, past and future, still
    planned: the pathway's facts hold no session, and the driver has no current grade."""
    _plan(academy, days_ahead=0)
    _plan(academy, days_ahead=-3)  # its day has passed, never recorded
    _plan(academy, days_ahead=10, session_type=SessionType.TRACK, simulator_title="")
    facts = load_driver_facts(academy.driver.id, with_session_labels=True)
    assert facts.sessions == ()
    assert facts.grades == ()
    assert queries.current_grades([academy.driver.id]) == []
    assert queries.session_summaries([academy.driver.id]) == {}
    login(client, academy.driver_user)
    progress = _text(client.get(f"/drivers/{academy.driver.id}/coaching"))
    assert "Le Mans, team simulator" not in progress


def test_the_plans_page_and_calendar_cost_the_same_statements_for_1_or_12_plans(
    client, academy, count_queries
):
    login(client, academy.coach)
    _plan(academy, days_ahead=1)
    client.get("/coaching/plans")
    with count_queries() as one:
        client.get("/coaching/plans")
    with count_queries() as one_calendar:
        client.get("/calendar")
    for days in range(2, 13):
        plan = _plan(academy, days_ahead=days)
        plan.drivers = [academy.driver, academy.other_driver]
        db.session.commit()
    with count_queries() as many:
        client.get("/coaching/plans")
    with count_queries() as many_calendar:
        client.get("/calendar")
    assert len(many) == len(one)
    assert len(many_calendar) == len(one_calendar)
