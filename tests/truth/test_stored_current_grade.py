"""Today's current grades are stored (latest_grades, kept by the triggers of migration 0014);
a past day's are ranked from the history. Both follow one rule: over seeded random histories
(sessions entered out of order, several on one day, corrections of corrections, sessions
deleted, sessions moved to another day) the stored answer is the one ranked from the history,
after every write, whichever path made it."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, text

from academy.clock import academy_today
from academy.coaching import analysis, queries, service
from academy.coaching.queries import _current_grades_from_history, current_grades
from academy.enums import SessionType
from academy.extensions import db
from academy.models import CoachingSession, Grade, StoredLatestGrade
from academy.rubric import ensure_default_rubric
from tests.builders import login, make_cohort, make_driver
from tests.coaching.conftest import form_fields, session_form
from tests.truth.test_current_grade import _standing_table_score

SEEDS = range(12)


def _details(held_on: date) -> service.SessionDetails:
    return service.SessionDetails(
        held_on=held_on,
        session_type=SessionType.SIMULATOR,
        circuit_id=None,
        simulator_title="rFactor 2",
        laps=None,
        best_lap_ms=None,
        conditions="",
        night=False,
        aco_approved=False,
        notes="",
    )


def _as_pairs(grades) -> dict[tuple[int, int], tuple[int, date, int]]:
    return {(g.driver_id, g.competency_id): (g.score, g.held_on, g.session_id) for g in grades}


def _stored_is_the_history(driver_ids: list[int]) -> None:
    far = academy_today() + timedelta(days=3650)
    stored = _as_pairs(current_grades(driver_ids))
    assert stored == _as_pairs(_current_grades_from_history(driver_ids, far))
    assert stored == _as_pairs(db.session.execute(db.select(StoredLatestGrade)).scalars())


def _random_write(rng: random.Random, drivers, competency_ids, coach, today: date) -> None:
    """One of the coaching writes, with random content, committed as the views commit."""
    sessions = list(db.session.execute(db.select(CoachingSession)).scalars())
    action = rng.choice(["log", "log", "log", "correct", "delete", "move"] if sessions else ["log"])
    if action == "log":
        chosen = rng.sample(drivers, k=rng.randint(1, len(drivers)))
        scores = {
            competency_id: (rng.randint(1, 10), "")
            for competency_id in rng.sample(competency_ids, k=rng.randint(0, 4))
        }
        # A handful of days, so several sessions fall on one day and ties go by the session.
        service.log_sessions(chosen, _details(today - timedelta(rng.randint(0, 6))), scores, coach)
    else:
        session = rng.choice(sessions)
        if action == "delete":
            service.delete_session(session, "logged for the wrong driver")
        else:
            lines = analysis.grade_lines(queries.grades_of_session(session.id)).get(session.id, {})
            corrections = [
                (line.current, rng.randint(1, 10), "re-graded")
                for line in lines.values()
                if rng.random() < 0.6
            ]
            graded = set(lines)
            additions = [
                (competency_id, rng.randint(1, 10), "")
                for competency_id in competency_ids
                if competency_id not in graded and rng.random() < 0.2
            ]
            held_on = session.held_on
            if action == "move":
                held_on = today - timedelta(rng.randint(0, 6))
            service.correct_session(
                session, _details(held_on), corrections, additions, "seen on the video", coach
            )
    db.session.commit()


@pytest.mark.parametrize("seed", SEEDS)
def test_stored_current_grades_are_the_history_after_every_write(app, academy, seed):
    rng = random.Random(seed)
    ensure_default_rubric()
    db.session.commit()
    competency_ids = [c.id for c in queries.competencies()]
    drivers = [academy.driver, academy.other_driver, make_driver(legal_name="Kaito Mori")]
    db.session.commit()
    driver_ids = [driver.id for driver in drivers]
    today = academy_today()
    for _ in range(25):
        _random_write(rng, drivers, competency_ids, academy.coach, today)
        _stored_is_the_history(driver_ids)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_past_day_and_today_give_the_same_grades_as_the_history(app, academy, seed):
    """Bulk inserts (as the demo and benchmark builders import) on random histories; every
    day of the history asked as of that day agrees with the history, today's with the table."""
    rng = random.Random(seed)
    ensure_default_rubric()
    db.session.commit()
    competency_ids = [c.id for c in queries.competencies()]
    driver_ids = [academy.driver.id, academy.other_driver.id]
    today = academy_today()
    rows = [
        {
            "driver_id": rng.choice(driver_ids),
            "coach_id": academy.coach.id,
            "held_on": today - timedelta(rng.randint(0, 20)),
            "session_type": SessionType.SIMULATOR,
        }
        for _ in range(30)
    ]
    session_ids = list(
        db.session.scalars(insert(CoachingSession).returning(CoachingSession.id), rows)
    )
    grades = [
        {
            "session_id": session_id,
            "driver_id": row["driver_id"],
            "competency_id": competency_id,
            "score": rng.randint(1, 10),
            "revision": 1,
            "graded_by_id": academy.coach.id,
        }
        for session_id, row in zip(session_ids, rows, strict=True)
        for competency_id in rng.sample(competency_ids, k=rng.randint(1, 3))
    ]
    db.session.execute(insert(Grade), grades)
    db.session.commit()
    _stored_is_the_history(driver_ids)
    for back in range(0, 22):
        day = today - timedelta(back)
        assert _as_pairs(current_grades(driver_ids, day)) == _as_pairs(
            _current_grades_from_history(driver_ids, day)
        )


def test_a_day_before_a_session_logged_ahead_is_ranked_from_the_history(app, academy):
    ensure_default_rubric()
    db.session.commit()
    [racecraft, *_] = queries.competencies()
    today = academy_today()
    service.log_sessions([academy.driver], _details(today), {racecraft.id: (5, "")}, academy.coach)
    service.log_sessions(
        [academy.driver], _details(today + timedelta(3)), {racecraft.id: (9, "")}, academy.coach
    )
    db.session.commit()
    [stored] = current_grades([academy.driver.id])
    [on_the_day] = current_grades([academy.driver.id], today)
    assert (stored.score, on_the_day.score) == (9, 5)


def test_log_edit_and_delete_through_the_pages_keep_the_stored_grade(client, academy):
    ensure_default_rubric()
    db.session.commit()
    [racecraft, *_] = queries.competencies()
    login(client, academy.coach)
    today = academy_today()
    for days_ago, score in ((3, 6), (10, 4)):
        form = session_form(
            [academy.driver.id],
            session_type="fitness",
            conditions="",
            held_on=(today - timedelta(days_ago)).isoformat(),
            **{f"score_{racecraft.id}": str(score)},
        )
        assert client.post("/coaching/sessions/new", data=form).status_code == 302

    def stored_score() -> int | None:
        db.session.expire_all()
        row = db.session.get(StoredLatestGrade, (academy.driver.id, racecraft.id))
        return row.score if row else None

    assert stored_score() == 6
    latest, older = db.session.execute(
        db.select(CoachingSession).order_by(CoachingSession.held_on.desc())
    ).scalars()
    form = form_fields(client.get(f"/coaching/sessions/{latest.id}/edit").get_data(as_text=True))
    form[f"score_{racecraft.id}"] = "8"
    form["correction_reason"] = "Misread the data"
    assert client.post(f"/coaching/sessions/{latest.id}/edit", data=form).status_code == 302
    assert stored_score() == 8
    response = client.post(
        f"/coaching/sessions/{latest.id}/delete", data={"reason": "Logged for the wrong day"}
    )
    assert response.status_code == 302
    assert stored_score() == 4
    client.post(f"/coaching/sessions/{older.id}/delete", data={"reason": "Duplicate"})
    assert stored_score() is None


def test_cohort_medians_and_the_coaching_page_read_the_stored_grades(client, academy):
    """A stored grade changed behind the triggers' back (by hand) shows: the pages read the
    table, not the history."""
    ensure_default_rubric()
    cohort = make_cohort()
    academy.driver.cohort = cohort
    db.session.commit()
    [racecraft, *_] = queries.competencies()
    service.log_sessions(
        [academy.driver], _details(academy_today()), {racecraft.id: (5, "")}, academy.coach
    )
    db.session.commit()
    assert queries.cohort_current_score_counts(cohort.id) == {racecraft.id: {5: 1}}
    db.session.execute(text("UPDATE latest_grades SET score = 7"))
    db.session.commit()
    assert queries.cohort_current_score_counts(cohort.id) == {racecraft.id: {7: 1}}
    login(client, academy.coach)
    page = client.get(f"/drivers/{academy.driver.id}/coaching").get_data(as_text=True)
    assert _standing_table_score(page, racecraft.name) == "7"
