"""The current grade per competency is one rule (coaching.queries.current_grades): the grade
that stands in the most recent session held. The coach's view of a driver's coaching page, the
driver's own, the scouting dossier and the API's pathway answer agree on it, also when a grade
was corrected and when a session was entered after a later one was held."""

from __future__ import annotations

import re
from datetime import timedelta

from academy.clock import utcnow
from academy.coaching.queries import current_grades
from academy.dossiers.loader import load_dossier_input
from academy.dossiers.pdf.model import Verification
from academy.enums import DossierKind
from academy.extensions import db
from academy.progress.rule_sets import current_rule_set
from tests.builders import academy_day, login, make_cohort
from tests.progress.builders import add_grade, add_session, competency


def _standing_table_score(html: str, name: str) -> str:
    row = re.search(rf"<td>{name}</td>\s*<td class=\"num\">(.*?)</td>", html, re.S)
    assert row, f"no row for {name}"
    return re.sub(r"<[^>]+>", "", row.group(1)).strip()


def test_coach_page_driver_page_dossier_and_api_agree_on_the_current_grade(client, academy):
    today = academy_day()
    driver, coach = academy.driver, academy.coach
    driver.cohort = make_cohort()
    db.session.commit()
    oldest = add_session(driver, coach, today - timedelta(days=30))
    add_grade(oldest, "racecraft", 5)
    latest = add_session(driver, coach, today - timedelta(days=10))
    corrected = add_grade(latest, "racecraft", 6)
    add_grade(latest, "racecraft", 8, supersedes=corrected)  # the correction stands
    # Entered last (the highest id) but held before `latest`: not the current grade.
    entered_late = add_session(driver, coach, today - timedelta(days=20))
    add_grade(entered_late, "racecraft", 3)
    name = competency("racecraft").name

    [current] = [
        grade
        for grade in current_grades([driver.id])
        if grade.competency_id == competency("racecraft").id
    ]
    assert (current.score, current.held_on) == (8, latest.held_on)

    login(client, coach)
    coach_page = client.get(f"/drivers/{driver.id}/coaching").get_data(as_text=True)
    assert _standing_table_score(coach_page, name) == "8"
    api = client.get(f"/api/v1/drivers/{driver.id}/pathway").get_json()
    grades = [
        item
        for stage in api["stages"]
        for requirement in stage["requirements"]
        for item in requirement["evidence"]
        if item["kind"] == "grade" and item["detail"].startswith("racecraft")
    ]
    assert grades, "the rule set reads racecraft grades"
    newest = max(grades, key=lambda item: item["on"])
    assert newest["on"] == latest.held_on.isoformat() and newest["detail"] == "racecraft 8"
    assert not any(item["detail"] == "racecraft 6" for item in grades)

    client.post("/logout")
    login(client, academy.driver_user)
    own_page = client.get("/coaching/me", follow_redirects=True).get_data(as_text=True)
    assert _standing_table_score(own_page, name) == "8"

    data = load_dossier_input(
        driver.id,
        DossierKind.SCOUTING,
        rule_set=current_rule_set(),
        generated_at=utcnow(),
        generated_by="Test",
        academy_name="Test Academy",
        verification=Verification("7KQ2M-XW4PD", "https://example/verify/7KQ2M-XW4PD"),
    )
    assert data.cohort.driver_scores[name] == 8.0


def test_the_current_grade_as_of_a_day_ignores_later_sessions(app, academy):
    today = academy_day()
    driver, coach = academy.driver, academy.coach
    before = add_session(driver, coach, today - timedelta(days=30))
    add_grade(before, "racecraft", 5)
    after = add_session(driver, coach, today - timedelta(days=5))
    add_grade(after, "racecraft", 9)
    scores = {row.held_on: row.score for row in current_grades([driver.id], today - timedelta(10))}
    assert scores == {before.held_on: 5}
