"""A grade is never overwritten: a correction is a new revision with who and why; two editors
at once: the second save is refused and nothing of the first is lost."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from academy.extensions import db
from academy.models import AuditEvent, CoachingSession, Grade
from tests.builders import login
from tests.coaching.conftest import form_fields, make_session

DAY = date.today() - timedelta(days=3)


@pytest.fixture
def graded(academy, rubric, sepang) -> CoachingSession:
    return make_session(
        academy.driver,
        academy.coach,
        held_on=DAY,
        circuit=sepang,
        best_lap_ms=118_000,
        scores={rubric["racecraft"]: 6, rubric["consistency"]: 7},
    )


def _edit_form(client, session_id: int) -> dict:
    """The correction form as the browser would send it back untouched (with the version)."""
    page = client.get(f"/coaching/sessions/{session_id}/edit").get_data(as_text=True)
    return form_fields(page)


def _grades(session_id: int, competency_id: int) -> list[Grade]:
    return list(
        db.session.execute(
            db.select(Grade)
            .where(Grade.session_id == session_id, Grade.competency_id == competency_id)
            .order_by(Grade.revision)
        ).scalars()
    )


def test_edit_form_carries_the_session_version(client, academy, graded):
    login(client, academy.coach)
    assert _edit_form(client, graded.id)["version"] == str(graded.version)


def test_correcting_a_grade_makes_a_new_revision_and_keeps_the_old_one(
    client, academy, rubric, graded
):
    racecraft = rubric["racecraft"]
    login(client, academy.coach)
    data = _edit_form(client, graded.id)
    data[f"score_{racecraft.id}"] = "8"
    data["correction_reason"] = "Mixed up with the other car's onboard."
    response = client.post(f"/coaching/sessions/{graded.id}/edit", data=data)
    assert response.status_code == 302
    first, second = _grades(graded.id, racecraft.id)
    assert (first.revision, first.score) == (1, 6)
    assert (second.revision, second.score, second.supersedes_id) == (2, 8, first.id)
    assert second.correction_reason == "Mixed up with the other car's onboard."
    assert second.graded_by_id == academy.coach.id


def test_unchanged_grades_get_no_new_revision(client, academy, rubric, graded):
    login(client, academy.coach)
    data = _edit_form(client, graded.id)
    data[f"score_{rubric['racecraft'].id}"] = "8"
    data["correction_reason"] = "Re-watched the onboard."
    client.post(f"/coaching/sessions/{graded.id}/edit", data=data)
    assert len(_grades(graded.id, rubric["consistency"].id)) == 1


def test_correcting_a_grade_without_a_reason_is_refused(client, academy, rubric, graded):
    racecraft = rubric["racecraft"]
    login(client, academy.coach)
    data = _edit_form(client, graded.id)
    data[f"score_{racecraft.id}"] = "8"
    response = client.post(f"/coaching/sessions/{graded.id}/edit", data=data)
    assert response.status_code == 422
    assert "Say why you are correcting a grade" in response.get_data(as_text=True)
    assert [g.score for g in _grades(graded.id, racecraft.id)] == [6]


def test_removing_a_grade_is_refused(client, academy, rubric, graded):
    racecraft = rubric["racecraft"]
    login(client, academy.coach)
    data = _edit_form(client, graded.id)
    data[f"score_{racecraft.id}"] = ""
    data["correction_reason"] = "Not assessed after all."
    response = client.post(f"/coaching/sessions/{graded.id}/edit", data=data)
    assert response.status_code == 422
    assert "Racecraft: a grade is never removed." in response.get_data(as_text=True)
    assert len(_grades(graded.id, racecraft.id)) == 1


def test_a_correction_out_of_range_is_refused(client, academy, rubric, graded):
    racecraft = rubric["racecraft"]
    login(client, academy.coach)
    data = _edit_form(client, graded.id)
    data[f"score_{racecraft.id}"] = "12"
    data["correction_reason"] = "typo"
    assert client.post(f"/coaching/sessions/{graded.id}/edit", data=data).status_code == 422
    assert len(_grades(graded.id, racecraft.id)) == 1


def test_a_grade_added_later_is_revision_one(client, academy, rubric, graded):
    media = rubric["media"]
    login(client, academy.coach)
    data = _edit_form(client, graded.id)
    data[f"score_{media.id}"] = "5"
    assert client.post(f"/coaching/sessions/{graded.id}/edit", data=data).status_code == 302
    [grade] = _grades(graded.id, media.id)
    assert (grade.revision, grade.score, grade.supersedes_id) == (1, 5, None)


def test_a_second_correction_supersedes_the_first(client, academy, rubric, graded):
    racecraft = rubric["racecraft"]
    login(client, academy.coach)
    for score, reason in (("8", "first look"), ("7", "second look")):
        data = _edit_form(client, graded.id)
        data[f"score_{racecraft.id}"] = score
        data["correction_reason"] = reason
        assert client.post(f"/coaching/sessions/{graded.id}/edit", data=data).status_code == 302
    grades = _grades(graded.id, racecraft.id)
    assert [(g.revision, g.score) for g in grades] == [(1, 6), (2, 8), (3, 7)]
    assert grades[2].supersedes_id == grades[1].id


def test_correction_is_audited_with_before_and_after(client, academy, rubric, graded):
    racecraft = rubric["racecraft"]
    login(client, academy.coach)
    data = _edit_form(client, graded.id)
    data[f"score_{racecraft.id}"] = "8"
    data["correction_reason"] = "Re-watched the onboard."
    client.post(f"/coaching/sessions/{graded.id}/edit", data=data)
    events = {e.action: e for e in db.session.execute(db.select(AuditEvent)).scalars()}
    assert events["grade_corrected"].before["score"] == 6
    assert events["grade_corrected"].after["score"] == 8
    assert events["coaching_session_corrected"].after["reason"] == "Re-watched the onboard."
    assert events["coaching_session_corrected"].actor_id == academy.coach.id


def test_history_shows_every_revision_with_who_and_why(client, academy, rubric, graded):
    racecraft = rubric["racecraft"]
    login(client, academy.admin)
    data = _edit_form(client, graded.id)
    data[f"score_{racecraft.id}"] = "9"
    data["correction_reason"] = "Best overtake of the weekend."
    client.post(f"/coaching/sessions/{graded.id}/edit", data=data)
    login(client, academy.driver_user)
    page = " ".join(
        client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True).split()
    )
    assert "Corrected · 2 revisions" in page
    assert "— by Coach Tanaka" in page
    assert "— by Director Lindqvist" in page
    assert "“Best overtake of the weekend.”" in page


def test_session_fields_can_be_corrected_without_a_reason(client, academy, graded):
    login(client, academy.coach)
    data = _edit_form(client, graded.id)
    data["laps"] = "41"
    assert client.post(f"/coaching/sessions/{graded.id}/edit", data=data).status_code == 302
    db.session.refresh(graded)
    assert graded.laps == 41
    assert graded.version == 2


def test_bad_input_on_correction_is_refused(client, academy, graded):
    login(client, academy.coach)
    data = _edit_form(client, graded.id)
    data["held_on"] = (date.today() + timedelta(days=2)).isoformat()
    response = client.post(f"/coaching/sessions/{graded.id}/edit", data=data)
    assert response.status_code == 422
    assert "is in the future" in response.get_data(as_text=True)


def test_coach_of_another_driver_cannot_correct(client, academy, rubric, graded):
    login(client, academy.other_coach)
    assert client.get(f"/coaching/sessions/{graded.id}/edit").status_code == 403
    assert client.post(f"/coaching/sessions/{graded.id}/edit", data={}).status_code == 403


def test_driver_cannot_correct_own_grades(client, academy, graded):
    login(client, academy.driver_user)
    assert client.post(f"/coaching/sessions/{graded.id}/edit", data={}).status_code == 403


def test_unknown_session_is_404(client, academy):
    login(client, academy.coach)
    assert client.get("/coaching/sessions/999999/edit").status_code == 404


# Two editors at once -----------------------------------------------------------------------


def test_second_of_two_concurrent_saves_is_refused_and_the_first_is_kept(
    app, academy, rubric, graded
):
    racecraft, consistency = rubric["racecraft"], rubric["consistency"]
    coach_client, director_client = app.test_client(), app.test_client()
    login(coach_client, academy.coach)
    login(director_client, academy.admin)
    coach_form = _edit_form(coach_client, graded.id)
    director_form = _edit_form(director_client, graded.id)

    coach_form[f"score_{racecraft.id}"] = "8"
    coach_form["laps"] = "44"
    coach_form["correction_reason"] = "Coach: re-watched the onboard."
    assert (
        coach_client.post(f"/coaching/sessions/{graded.id}/edit", data=coach_form).status_code
        == 302
    )

    director_form[f"score_{consistency.id}"] = "9"
    director_form["correction_reason"] = "Director: lap chart says otherwise."
    response = director_client.post(f"/coaching/sessions/{graded.id}/edit", data=director_form)

    assert response.status_code == 409
    page = " ".join(response.get_data(as_text=True).split())
    assert re.search(
        r"This session was changed by Coach Tanaka at \d\d:\d\d UTC while you were editing; "
        r"your changes were not saved — here they are, re-apply them\.",
        page,
    )
    # The director's own changes are shown back so they can re-apply them.
    assert "Director: lap chart says otherwise." in page
    assert '<td>Consistency</td><td class="yours">9</td><td>7</td>' in page
    # Nothing of the first save is lost, and nothing of the second is saved.
    db.session.expire_all()
    assert [g.score for g in _grades(graded.id, racecraft.id)] == [6, 8]
    assert [g.score for g in _grades(graded.id, consistency.id)] == [7]
    session = db.session.get(CoachingSession, graded.id)
    assert (session.laps, session.version) == (44, 2)


def test_after_a_conflict_the_form_carries_the_new_version_and_the_saved_values(
    app, academy, rubric, graded
):
    racecraft = rubric["racecraft"]
    first, second = app.test_client(), app.test_client()
    login(first, academy.coach)
    login(second, academy.admin)
    first_form, second_form = _edit_form(first, graded.id), _edit_form(second, graded.id)
    first_form[f"score_{racecraft.id}"] = "8"
    first_form["correction_reason"] = "first"
    first.post(f"/coaching/sessions/{graded.id}/edit", data=first_form)
    second_form["laps"] = "50"
    response = second.post(f"/coaching/sessions/{graded.id}/edit", data=second_form)
    page = response.get_data(as_text=True)
    assert form_fields(page)[f"score_{racecraft.id}"] == "8"
    assert form_fields(page)["version"] == "2"

    retry = _edit_form(second, graded.id)
    retry["laps"] = "50"
    assert second.post(f"/coaching/sessions/{graded.id}/edit", data=retry).status_code == 302
    db.session.expire_all()
    assert db.session.get(CoachingSession, graded.id).laps == 50
    assert [g.score for g in _grades(graded.id, racecraft.id)] == [6, 8]


def test_a_stale_version_is_refused_even_when_only_grades_change(app, academy, rubric, graded):
    """Grade corrections touch the session row, so its version moves and guards the grades."""
    racecraft = rubric["racecraft"]
    first, second = app.test_client(), app.test_client()
    login(first, academy.coach)
    login(second, academy.coach)
    first_form, second_form = _edit_form(first, graded.id), _edit_form(second, graded.id)
    for form, score in ((first_form, "8"), (second_form, "4")):
        form[f"score_{racecraft.id}"] = score
        form["correction_reason"] = f"to {score}"
    assert first.post(f"/coaching/sessions/{graded.id}/edit", data=first_form).status_code == 302
    assert second.post(f"/coaching/sessions/{graded.id}/edit", data=second_form).status_code == 409
    db.session.expire_all()
    assert [g.score for g in _grades(graded.id, racecraft.id)] == [6, 8]


def test_a_refused_save_lists_only_what_the_second_editor_changed(app, academy, rubric, graded):
    racecraft, consistency = rubric["racecraft"], rubric["consistency"]
    first, second = app.test_client(), app.test_client()
    login(first, academy.coach)
    login(second, academy.admin)
    first_form, second_form = _edit_form(first, graded.id), _edit_form(second, graded.id)
    first_form[f"score_{racecraft.id}"] = "8"
    first_form["correction_reason"] = "first"
    first.post(f"/coaching/sessions/{graded.id}/edit", data=first_form)
    second_form[f"score_{consistency.id}"] = "9"
    second_form["correction_reason"] = "second"
    page = second.post(f"/coaching/sessions/{graded.id}/edit", data=second_form).get_data(
        as_text=True
    )
    conflict = page.split('class="conflict"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>([^<]+)</td>", conflict)
    assert rows == ["Consistency", "Reason for the correction"]
