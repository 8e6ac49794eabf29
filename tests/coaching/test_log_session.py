"""A coach logs a session, with grades, for their drivers; bad input is refused with a reason."""

from __future__ import annotations

from datetime import timedelta

from academy.enums import SessionType
from academy.extensions import db
from academy.models import AuditEvent, CoachingSession, Grade
from tests.builders import academy_day, login, make_driver
from tests.coaching.conftest import session_form


def _sessions():
    return list(
        db.session.execute(db.select(CoachingSession).order_by(CoachingSession.id)).scalars()
    )


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_log_form_defaults_the_date_to_today_and_lists_only_the_coachs_drivers(
    client, academy, rubric
):
    login(client, academy.coach)
    page = client.get("/coaching/sessions/new").get_data(as_text=True)
    assert f'value="{academy_day().isoformat()}"' in page
    assert "Ren Sato" in page
    assert "Li Haoran" not in page


def test_log_form_offers_a_grade_select_per_active_competency(client, academy, rubric):
    login(client, academy.coach)
    page = client.get("/coaching/sessions/new").get_data(as_text=True)
    for competency in rubric.values():
        assert f'name="score_{competency.id}"' in page
        assert f'name="comment_{competency.id}"' in page


def test_coach_logs_a_track_session_with_grades(client, academy, rubric, sepang):
    login(client, academy.coach)
    racecraft, consistency = rubric["racecraft"], rubric["consistency"]
    response = client.post(
        "/coaching/sessions/new",
        data=session_form(
            [academy.driver.id],
            circuit_id=str(sepang.id),
            laps="32",
            best_lap="1:58.412",
            night="y",
            **{
                f"score_{racecraft.id}": "7",
                f"comment_{racecraft.id}": "Brave in T1",
                f"score_{consistency.id}": "6",
            },
        ),
    )
    assert response.status_code == 302
    [session] = _sessions()
    assert (session.driver_id, session.coach_id) == (academy.driver.id, academy.coach.id)
    assert session.session_type is SessionType.TRACK
    assert (session.circuit_id, session.laps, session.best_lap_ms) == (sepang.id, 32, 118_412)
    assert session.night is True
    grades = {g.competency_id: g for g in session.grades}
    assert set(grades) == {racecraft.id, consistency.id}
    assert (grades[racecraft.id].score, grades[racecraft.id].comment) == (7, "Brave in T1")
    assert grades[racecraft.id].revision == 1
    assert grades[racecraft.id].graded_by_id == academy.coach.id


def test_blank_grade_means_not_assessed(client, academy, rubric):
    login(client, academy.coach)
    fitness = rubric["fitness"]
    client.post(
        "/coaching/sessions/new",
        data=session_form(
            [academy.driver.id],
            session_type="fitness",
            conditions="",
            **{f"score_{fitness.id}": "8", f"score_{rubric['media'].id}": ""},
        ),
    )
    [session] = _sessions()
    assert [g.competency_id for g in session.grades] == [fitness.id]


def test_logging_for_several_drivers_makes_one_session_each(client, academy, rubric):
    second = make_driver(legal_name="Yuki Nakamura", coach=academy.coach)
    login(client, academy.coach)
    media = rubric["media"]
    response = client.post(
        "/coaching/sessions/new",
        data=session_form(
            [academy.driver.id, second.id], session_type="media", **{f"score_{media.id}": "6"}
        ),
    )
    assert response.status_code == 302
    sessions = _sessions()
    assert sorted(s.driver_id for s in sessions) == sorted([academy.driver.id, second.id])
    assert all(s.grades[0].score == 6 and s.grades[0].driver_id == s.driver_id for s in sessions)


def test_logging_a_session_is_audited(client, academy, rubric):
    login(client, academy.coach)
    client.post(
        "/coaching/sessions/new",
        data=session_form(
            [academy.driver.id],
            session_type="classroom",
            **{f"score_{rubric['racecraft'].id}": "5"},
        ),
    )
    [session] = _sessions()
    event = db.session.execute(db.select(AuditEvent)).scalar_one()
    assert (event.action, event.entity_type, event.entity_id) == (
        "coaching_session_logged",
        "coaching_sessions",
        session.id,
    )
    assert event.actor_id == academy.coach.id
    assert event.after["grades"][0]["score"] == 5


def test_director_may_log_for_any_driver(client, academy, rubric):
    login(client, academy.admin)
    response = client.post(
        "/coaching/sessions/new",
        data=session_form([academy.other_driver.id], session_type="fitness"),
    )
    assert response.status_code == 302
    [session] = _sessions()
    assert session.driver_id == academy.other_driver.id
    assert session.coach_id == academy.admin.id


def test_a_single_session_redirects_to_the_drivers_coaching_page(client, academy, rubric):
    login(client, academy.coach)
    response = client.post(
        "/coaching/sessions/new", data=session_form([academy.driver.id], session_type="media")
    )
    [session] = _sessions()
    assert response.headers["Location"].endswith(
        f"/drivers/{academy.driver.id}/coaching#session-{session.id}"
    )


# Bad input ---------------------------------------------------------------------------------


def _refused(client, data) -> str:
    response = client.post("/coaching/sessions/new", data=data)
    assert response.status_code == 422
    assert _sessions() == []
    assert db.session.execute(db.select(Grade)).first() is None
    return _text(response)


def test_coach_grading_someone_elses_driver_is_refused(client, academy, rubric):
    login(client, academy.coach)
    page = _refused(
        client,
        session_form(
            [academy.other_driver.id], session_type="media", **{f"score_{rubric['media'].id}": "7"}
        ),
    )
    assert f"Driver #{academy.other_driver.id} is not one of your drivers" in page


def test_one_foreign_driver_among_own_drivers_refuses_the_whole_log(client, academy, rubric):
    login(client, academy.coach)
    page = _refused(
        client, session_form([academy.driver.id, academy.other_driver.id], session_type="media")
    )
    assert "is not one of your drivers" in page


def test_unknown_driver_is_refused(client, academy, rubric):
    login(client, academy.coach)
    assert "There is no driver #999999" in _refused(
        client, session_form([999999], session_type="media")
    )


def test_no_driver_ticked_is_refused(client, academy, rubric):
    login(client, academy.coach)
    assert "Tick at least one driver." in _refused(client, session_form([], session_type="media"))


def test_grade_above_ten_is_refused(client, academy, rubric):
    login(client, academy.coach)
    racecraft = rubric["racecraft"]
    page = _refused(
        client,
        session_form([academy.driver.id], session_type="media", **{f"score_{racecraft.id}": "11"}),
    )
    assert "Racecraft: grades go from 1 to 10 (got “11”)" in page


def test_grade_of_zero_is_refused(client, academy, rubric):
    login(client, academy.coach)
    racecraft = rubric["racecraft"]
    page = _refused(
        client,
        session_form([academy.driver.id], session_type="media", **{f"score_{racecraft.id}": "0"}),
    )
    assert "Racecraft: grades go from 1 to 10 (got “0”)" in page


def test_non_numeric_grade_is_refused(client, academy, rubric):
    login(client, academy.coach)
    racecraft = rubric["racecraft"]
    page = _refused(
        client,
        session_form([academy.driver.id], session_type="media", **{f"score_{racecraft.id}": "-3"}),
    )
    assert "grades go from 1 to 10" in page


def test_session_in_the_future_is_refused(client, academy, rubric):
    login(client, academy.coach)
    tomorrow = academy_day() + timedelta(days=1)
    page = _refused(
        client,
        session_form([academy.driver.id], session_type="media", held_on=tomorrow.isoformat()),
    )
    assert "is in the future" in page


def test_session_today_is_accepted(client, academy, rubric):
    login(client, academy.coach)
    response = client.post(
        "/coaching/sessions/new",
        data=session_form(
            [academy.driver.id], session_type="media", held_on=academy_day().isoformat()
        ),
    )
    assert response.status_code == 302


def test_grading_a_retired_competency_is_refused(client, academy, rubric):
    from academy.clock import utcnow

    night = rubric["night_driving"]
    night.retired_at = utcnow()
    db.session.commit()
    login(client, academy.coach)
    page = _refused(
        client,
        session_form([academy.driver.id], session_type="media", **{f"score_{night.id}": "7"}),
    )
    assert "Night driving is retired from the rubric: it takes no new grades." in page


def test_retired_competency_is_not_on_the_form(client, academy, rubric):
    from academy.clock import utcnow

    night = rubric["night_driving"]
    night.retired_at = utcnow()
    db.session.commit()
    login(client, academy.coach)
    assert f'name="score_{night.id}"' not in client.get("/coaching/sessions/new").get_data(
        as_text=True
    )


def test_best_lap_with_zero_laps_is_refused(client, academy, rubric, sepang):
    login(client, academy.coach)
    page = _refused(
        client,
        session_form([academy.driver.id], circuit_id=str(sepang.id), laps="0", best_lap="1:58.000"),
    )
    assert "A best lap needs at least one lap: laps is 0." in page


def test_impossibly_fast_lap_for_the_circuit_is_refused(client, academy, rubric, sepang):
    login(client, academy.coach)
    page = _refused(
        client,
        session_form(
            [academy.driver.id], circuit_id=str(sepang.id), laps="10", best_lap="0:45.000"
        ),
    )
    assert "faster than any car laps it" in page
    assert "Sepang International Circuit (5.543 km)" in page


def test_impossibly_slow_lap_for_the_circuit_is_refused(client, academy, rubric, sepang):
    login(client, academy.coach)
    page = _refused(
        client,
        session_form(
            [academy.driver.id], circuit_id=str(sepang.id), laps="10", best_lap="12:00.000"
        ),
    )
    assert "too slow for a timed lap" in page


def test_malformed_lap_time_is_refused(client, academy, rubric, sepang):
    login(client, academy.coach)
    page = _refused(
        client,
        session_form(
            [academy.driver.id], circuit_id=str(sepang.id), laps="10", best_lap="1.58:412"
        ),
    )
    assert "is not a lap time: type minutes:seconds.thousandths, e.g. 1:45.123" in page


def test_laps_in_a_fitness_session_are_refused(client, academy, rubric):
    login(client, academy.coach)
    page = _refused(client, session_form([academy.driver.id], session_type="fitness", laps="12"))
    assert "A fitness session has no laps" in page


def test_track_session_without_a_circuit_is_refused(client, academy, rubric):
    login(client, academy.coach)
    assert "Choose the circuit of this track session." in _refused(
        client, session_form([academy.driver.id])
    )


def test_simulator_session_without_a_title_is_refused(client, academy, rubric):
    login(client, academy.coach)
    assert "Name the simulator" in _refused(
        client, session_form([academy.driver.id], session_type="simulator")
    )


def test_simulator_session_with_a_title_is_logged(client, academy, rubric):
    login(client, academy.coach)
    response = client.post(
        "/coaching/sessions/new",
        data=session_form(
            [academy.driver.id],
            session_type="simulator",
            simulator_title="Le Mans, rFactor 2",
            laps="40",
            best_lap="3:31.9",
        ),
    )
    assert response.status_code == 302
    [session] = _sessions()
    assert (session.simulator_title, session.best_lap_ms) == ("Le Mans, rFactor 2", 211_900)


def test_refused_form_keeps_what_the_coach_typed(client, academy, rubric):
    login(client, academy.coach)
    racecraft = rubric["racecraft"]
    page = _refused(
        client,
        session_form(
            [academy.driver.id],
            session_type="media",
            notes="Sponsor day at Sepang",
            **{f"score_{racecraft.id}": "11"},
        ),
    )
    assert "Sponsor day at Sepang" in page


def test_preselecting_another_coachs_driver_is_forbidden(client, academy, rubric):
    login(client, academy.coach)
    assert client.get(f"/coaching/sessions/new?driver={academy.other_driver.id}").status_code == 403


def test_driver_cannot_log_a_session(client, academy, rubric):
    login(client, academy.driver_user)
    response = client.post(
        "/coaching/sessions/new", data=session_form([academy.driver.id], session_type="media")
    )
    assert response.status_code == 403
    assert _sessions() == []


def test_principal_cannot_log_a_session(client, academy, rubric):
    login(client, academy.principal)
    response = client.post(
        "/coaching/sessions/new", data=session_form([academy.driver.id], session_type="media")
    )
    assert response.status_code == 403
    assert _sessions() == []


def test_fields_hidden_by_the_browser_for_the_type_may_be_left_out(client, academy, rubric):
    """The form's script disables the circuit, laps and best lap of a fitness session."""
    login(client, academy.coach)
    data = session_form([academy.driver.id], session_type="fitness")
    for name in ("circuit_id", "laps", "best_lap", "simulator_title"):
        del data[name]
    assert client.post("/coaching/sessions/new", data=data).status_code == 302
    [session] = _sessions()
    assert (session.circuit_id, session.laps, session.best_lap_ms) == (None, None, None)
