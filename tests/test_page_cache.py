"""The stored content of the driver page, the progress page and the driver's dashboard
(academy/page_cache.py) is served only while every input it is made of is unchanged: each test
shows a page, sees the second view served from the store, changes one input and sees the page
change. A wrong hit here is a stale page shown to someone."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest

from academy.enums import LicenceGrade
from academy.extensions import db
from academy.models import Licence, LicenceApplication
from academy.page_cache import cache
from tests.builders import academy_day, login, make_cohort
from tests.progress.builders import add_grade, add_result, add_session, make_event
from tests.rules_admin.test_rule_set_pages import OLD, _record

PAGES = {
    "driver": "/drivers/{driver}",
    "progress": "/drivers/{driver}/progress",
    "dashboard": "/dashboard",
}


def _get(client, path: str) -> tuple[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    text = " ".join(html.unescape(response.get_data(as_text=True)).split())
    return text, response.headers.get("X-Page-Cache", "")


def _stored(client, path: str) -> str:
    """The page, shown twice: the second time from the store."""
    first, _ = _get(client, path)
    second, state = _get(client, path)
    assert state == "hit", path
    assert _main(second) == _main(first)
    return second


def _main(page: str) -> str:
    """The page's main content (the layout around it shows the inbox count kept from the
    view before)."""
    return page[page.index("<main") : page.index("</main>")]


def _changed(client, path: str) -> str:
    page, state = _get(client, path)
    assert state == "miss", f"{path} served from the store after a change"
    return page


@pytest.mark.parametrize("page", PAGES)
def test_a_new_result_shows_at_once(client, academy, page):
    path = PAGES[page].format(driver=academy.driver.id)
    login(client, academy.driver_user)
    before = _stored(client, path)
    add_result(academy.driver, make_event(academy_day() - timedelta(days=3), name="Fuji 4 Hours"))
    assert _changed(client, path) != before


def test_a_grade_changes_the_progress_page(client, academy):
    path = f"/drivers/{academy.driver.id}/progress"
    login(client, academy.coach)
    session = add_session(academy.driver, academy.coach, academy_day() - timedelta(days=2))
    before = _stored(client, path)
    add_grade(session, "racecraft", 9)
    assert _changed(client, path) != before


@pytest.mark.parametrize("page", PAGES)
def test_a_new_licence_shows_at_once(client, academy, page):
    path = PAGES[page].format(driver=academy.driver.id)
    login(client, academy.driver_user)
    before = _stored(client, path)
    today = academy_day()
    db.session.add(
        Licence(
            driver_id=academy.driver.id,
            grade=LicenceGrade.INTERNATIONAL_B,
            asn="JAF",
            number="B-CACHE-1",
            issued_on=today - timedelta(days=1),
            expires_on=today + timedelta(days=5),
        )
    )
    db.session.commit()
    assert _changed(client, path) != before


@pytest.mark.parametrize("page", PAGES)
def test_a_profile_edit_shows_at_once(client, academy, page):
    """Fields no facts_version counts (the name, nationality, biography) are in the key."""
    path = PAGES[page].format(driver=academy.driver.id)
    login(client, academy.driver_user)
    _stored(client, path)
    academy.driver.legal_name = "Ren Sato-Whitmore"
    academy.driver.nationality = "GB"
    db.session.commit()
    assert "Ren Sato-Whitmore" in _changed(client, path)


def test_consent_shows_on_the_driver_page(client, academy):
    path = f"/drivers/{academy.driver.id}"
    login(client, academy.admin)
    before = _stored(client, path)
    academy.driver.consent_scouting = False
    db.session.commit()
    assert _changed(client, path) != before


def test_a_renamed_cohort_and_coach_show_on_the_driver_page(client, academy):
    path = f"/drivers/{academy.driver.id}"
    cohort = make_cohort()
    academy.driver.cohort_id = cohort.id
    db.session.commit()
    login(client, academy.admin)
    _stored(client, path)
    cohort.name = "Le Mans 2027 group"
    db.session.commit()
    assert "Le Mans 2027 group" in _changed(client, path)
    academy.coach.display_name = "Coach Tanaka-Ito"
    db.session.commit()
    assert "Coach Tanaka-Ito" in _changed(client, path)


@pytest.mark.parametrize("page", ["progress", "dashboard"])
def test_activating_another_rule_set_shows_at_once(client, academy, page):
    path = PAGES[page].format(driver=academy.driver.id)
    record = _record(OLD)
    login(client, academy.driver_user)
    _stored(client, path)
    record.active = True
    db.session.commit()
    after = _changed(client, path)
    if page == "progress":
        assert "2026.1" in after


def test_a_licence_application_shows_on_the_dashboard(client, academy):
    login(client, academy.driver_user)
    before = _stored(client, "/dashboard")
    db.session.add(
        LicenceApplication(
            driver_id=academy.driver.id,
            target_grade=LicenceGrade.INTERNATIONAL_B,
            rule_set_key="alms-to-le-mans",
            created_by_id=academy.coach.id,
        )
    )
    db.session.commit()
    after = _changed(client, "/dashboard")
    assert after != before and "Your licence applications" in after


@pytest.mark.parametrize("page", PAGES)
def test_a_new_day_is_worked_out_anew(client, academy, monkeypatch, page):
    path = PAGES[page].format(driver=academy.driver.id)
    login(client, academy.driver_user)
    _stored(client, path)
    tomorrow = academy_day() + timedelta(days=1)
    for module in ("academy.drivers.routes", "academy.progress.routes", "academy.main.routes"):
        monkeypatch.setattr(f"{module}.academy_today", lambda: tomorrow)
    _changed(client, path)


def test_another_day_and_evidence_asked_for_are_other_pages(client, academy):
    path = f"/drivers/{academy.driver.id}/progress"
    login(client, academy.driver_user)
    today = _stored(client, path)
    day = date(2026, 1, 15)
    earlier, state = _get(client, f"{path}?as_of={day.isoformat()}")
    assert state == "miss" and earlier != today and "2026-01-15" in earlier
    _, state = _get(client, f"{path}?evidence=all")
    assert state == "miss"


@pytest.mark.parametrize("page", ["driver", "progress"])
def test_each_viewer_has_their_own_content(client, academy, page):
    """The director, the coach and the driver see other links and tabs: never each other's."""
    path = PAGES[page].format(driver=academy.driver.id)
    seen = {}
    for who in ("admin", "coach", "driver_user"):
        login(client, getattr(academy, who))
        page_text, state = _get(client, path)
        assert state == "miss", who
        seen[who] = page_text
        client.post("/logout")
    assert "Add a result" in seen["admin"] or page == "progress"
    assert "Add a result" not in seen["driver_user"]


def test_another_coachs_driver_is_refused_even_when_stored(client, academy):
    path = f"/drivers/{academy.driver.id}/progress"
    login(client, academy.coach)
    _stored(client, path)
    client.post("/logout")
    login(client, academy.other_coach)
    assert client.get(path).status_code == 403
    assert client.get(f"/drivers/{academy.driver.id}").status_code == 403


def test_the_layout_is_drawn_per_request(client, academy):
    """Flash messages and the signed-in user's name are not stored with the content."""
    path = f"/drivers/{academy.driver.id}"
    login(client, academy.admin)
    _stored(client, path)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "A message for this request only")]
    page, state = _get(client, path)
    assert state == "hit" and "A message for this request only" in page
    page, state = _get(client, path)
    assert "A message for this request only" not in page


def test_tests_start_with_an_empty_store(app):
    assert cache.get("anything") is None


BOARD = "/pathway/board"


def test_the_board_is_stored_until_any_driver_on_it_changes(client, academy):
    login(client, academy.admin)
    before = _stored(client, BOARD)
    add_result(academy.driver, make_event(academy_day() - timedelta(days=3), name="Fuji 4 Hours"))
    _changed(client, BOARD)
    _stored(client, BOARD)
    academy.other_driver.legal_name = "Mika Hara-Lindqvist"
    db.session.commit()
    after = _changed(client, BOARD)
    assert "Mika Hara-Lindqvist" in after and after != before


def test_the_board_is_stored_per_viewer_filter_and_day(client, academy, monkeypatch):
    login(client, academy.admin)
    _stored(client, BOARD)
    for other in (f"{BOARD}?categorisation=silver", f"{BOARD}?as_of=2026-01-15"):
        _, state = _get(client, other)
        assert state == "miss", other
    client.post("/logout")
    login(client, academy.coach)
    coach_view = _changed(client, BOARD)
    assert "coached by you" in coach_view
    tomorrow = academy_day() + timedelta(days=1)
    monkeypatch.setattr("academy.progress.routes.academy_today", lambda: tomorrow)
    _changed(client, BOARD)


def test_activating_another_rule_set_redraws_the_board(client, academy):
    record = _record(OLD)
    login(client, academy.admin)
    _stored(client, BOARD)
    record.active = True
    db.session.commit()
    assert "2026.1" in _changed(client, BOARD)
