"""The director keeps the rubric: add, edit the level guide, retire and restore, history kept."""

from __future__ import annotations

from datetime import date, timedelta

from academy.extensions import db
from academy.models import AuditEvent, Competency, Grade
from academy.rubric import DEFAULT_RUBRIC
from tests.builders import login
from tests.coaching.conftest import make_session


def test_rubric_lists_the_default_competencies(client, academy, rubric):
    login(client, academy.admin)
    page = client.get("/coaching/rubric").get_data(as_text=True)
    for _key, name, _description in DEFAULT_RUBRIC:
        assert name in page


def test_director_adds_a_competency_with_its_level_guide(client, academy, rubric):
    login(client, academy.admin)
    response = client.post(
        "/coaching/rubric/new",
        data={
            "name": "Rain driving",
            "description": "Pace and judgement in the wet.",
            "level_guide": "1-3: off in the first puddle\n9-10: faster than in the dry",
            "position": "9",
        },
    )
    assert response.status_code == 302
    added = db.session.execute(db.select(Competency).filter_by(name="Rain driving")).scalar_one()
    assert added.key == "rain_driving"
    assert added.level_guide.startswith("1-3: off in the first puddle")
    assert added.retired is False
    assert db.session.execute(db.select(AuditEvent.action)).scalar_one() == "competency_added"


def test_a_new_competency_appears_on_the_log_form(client, academy, rubric):
    login(client, academy.admin)
    client.post("/coaching/rubric/new", data={"name": "Rain driving", "position": "9"})
    login(client, academy.coach)
    assert "Rain driving" in client.get("/coaching/sessions/new").get_data(as_text=True)


def test_two_competencies_with_the_same_name_get_different_keys(client, academy, rubric):
    login(client, academy.admin)
    client.post("/coaching/rubric/new", data={"name": "Racecraft", "position": "9"})
    keys = set(db.session.execute(db.select(Competency.key).filter_by(name="Racecraft")).scalars())
    assert keys == {"racecraft", "racecraft_2"}


def test_competency_without_a_name_is_refused(client, academy, rubric):
    login(client, academy.admin)
    response = client.post("/coaching/rubric/new", data={"name": "", "position": "9"})
    assert response.status_code == 422
    assert db.session.execute(db.select(db.func.count(Competency.id))).scalar() == len(rubric)


def test_director_edits_the_level_guide(client, academy, rubric):
    media = rubric["media"]
    login(client, academy.admin)
    response = client.post(
        f"/coaching/rubric/{media.id}/edit",
        data={
            "name": media.name,
            "description": media.description,
            "level_guide": "1-5: avoids the camera\n6-10: sponsors ask for them",
            "position": "8",
        },
    )
    assert response.status_code == 302
    db.session.refresh(media)
    assert media.level_guide == "1-5: avoids the camera\n6-10: sponsors ask for them"
    event = db.session.execute(db.select(AuditEvent)).scalar_one()
    assert event.action == "competency_edited"
    assert event.before["level_guide"] != event.after["level_guide"]


def test_retiring_a_competency_keeps_its_grades_in_the_history(client, academy, rubric):
    night = rubric["night_driving"]
    session = make_session(
        academy.driver,
        academy.coach,
        held_on=date.today() - timedelta(days=5),
        scores={night: 6, rubric["racecraft"]: 7},
    )
    login(client, academy.admin)
    assert client.post(f"/coaching/rubric/{night.id}/retire").status_code == 302
    db.session.refresh(night)
    assert night.retired is True
    assert (
        db.session.execute(
            db.select(Grade).where(Grade.competency_id == night.id, Grade.session_id == session.id)
        )
        .scalar_one()
        .score
        == 6
    )
    login(client, academy.driver_user)
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    assert 'Night driving <small class="muted">(retired)</small>' in page
    assert "Night driving (retired)" in page  # its trend chart stays


def test_a_retired_competency_leaves_the_radar_and_the_cohort_board(client, academy, rubric):
    night = rubric["night_driving"]
    make_session(
        academy.driver, academy.coach, held_on=date.today() - timedelta(days=5), scores={night: 6}
    )
    login(client, academy.admin)
    client.post(f"/coaching/rubric/{night.id}/retire")
    board = client.get("/coaching/cohort").get_data(as_text=True)
    assert "sort=grade-night_driving" not in board
    assert "sort=grade-racecraft" in board
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    assert 'data-competency="Night driving"' not in page


def test_restoring_a_competency_puts_it_back_on_the_form(client, academy, rubric):
    night = rubric["night_driving"]
    login(client, academy.admin)
    client.post(f"/coaching/rubric/{night.id}/retire")
    client.post(f"/coaching/rubric/{night.id}/restore")
    db.session.refresh(night)
    assert night.retired is False
    actions = list(
        db.session.execute(db.select(AuditEvent.action).order_by(AuditEvent.id)).scalars()
    )
    assert actions == ["competency_retired", "competency_restored"]
    login(client, academy.coach)
    assert f'name="score_{night.id}"' in client.get("/coaching/sessions/new").get_data(as_text=True)


def test_retired_grade_shows_read_only_on_the_correction_form(client, academy, rubric):
    night = rubric["night_driving"]
    session = make_session(
        academy.driver, academy.coach, held_on=date.today() - timedelta(days=5), scores={night: 6}
    )
    login(client, academy.admin)
    client.post(f"/coaching/rubric/{night.id}/retire")
    page = client.get(f"/coaching/sessions/{session.id}/edit").get_data(as_text=True)
    assert f'name="score_{night.id}"' not in page
    assert "Retired competencies" in page


def test_coach_cannot_change_the_rubric(client, academy, rubric):
    login(client, academy.coach)
    assert client.post(f"/coaching/rubric/{rubric['media'].id}/retire").status_code == 403
    assert (
        client.post("/coaching/rubric/new", data={"name": "x", "position": "1"}).status_code == 403
    )
    db.session.refresh(rubric["media"])
    assert rubric["media"].retired is False
