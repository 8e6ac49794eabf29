"""Ways back in the browser: a coach logs a session, undoes it from the message; logs it again,
deletes it with a reason from the session list. And the director's menu fits one line at
1280 and 1366 px (common laptop widths), its occasional tools in a "More" menu that also works
on a phone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from academy.enums import Role
from academy.extensions import db
from academy.models import AuditEvent, CoachingSession
from academy.rubric import ensure_default_rubric
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user

pytestmark = pytest.mark.browser


def _log(page, day: date) -> None:
    page.goto("/coaching/sessions/new")
    page.check("text=Ren Sato (佐藤 蓮)")
    page.fill("input[name=held_on]", day.isoformat())
    page.select_option("select[name=session_type]", "fitness")
    page.get_by_label("Racecraft", exact=True).select_option("6")
    page.click("input[type=submit][value='Log session']")
    page.wait_for_url("**/coaching*")


def _sessions() -> int:
    db.session.expire_all()
    return db.session.execute(db.select(db.func.count(CoachingSession.id))).scalar()


def test_a_coach_undoes_a_session_and_deletes_another_with_a_reason(page):
    ensure_default_rubric()
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    make_driver(legal_name="Ren Sato", native_name="佐藤 蓮", coach=coach)
    yesterday = date.today() - timedelta(days=1)
    sign_in(page, coach.email, PASSWORD)
    page.wait_for_url("**/dashboard")

    _log(page, yesterday)
    flash = page.locator(".flash-success")
    assert "logged for Ren Sato" in flash.inner_text()
    assert _sessions() == 1
    flash.get_by_role("button", name="Undo").click()
    page.wait_for_load_state()
    assert "is deleted; the audit log keeps it" in page.locator(".flashes").inner_text()
    assert _sessions() == 0

    _log(page, yesterday)
    page.locator(".flash-success").get_by_role("link", name="View").click()
    page.locator("details.session[open]").get_by_role("link", name="Delete").click()
    page.click("input[type=submit][value='Delete the session']")
    assert "Say why" in page.locator(".field.has-error").inner_text()  # no reason: refused
    page.fill("textarea[name=reason]", "Logged for the wrong driver.")
    page.click("input[type=submit][value='Delete the session']")
    page.wait_for_url("**/coaching")
    assert "No sessions logged yet." in page.content()
    reasons = [
        event.after["reason"]
        for event in db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action == "coaching_session_deleted")
        ).scalars()
    ]
    assert reasons == ["undone", "Logged for the wrong driver."]


@pytest.mark.parametrize("width", [1280, 1366])
def test_the_directors_menu_is_one_line_on_a_laptop(page, width):
    director = make_user(Role.ADMIN, name="Director Lindqvist")
    page.set_viewport_size({"width": width, "height": 768})
    sign_in(page, director.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    items = page.locator(".mainnav > ul > li")
    tops = {round(box["y"]) for box in (items.nth(i).bounding_box() for i in range(items.count()))}
    assert len(tops) == 1, f"the menu wraps onto {len(tops)} lines"
    account = page.locator(".mainnav .account").bounding_box()
    first = items.nth(0).bounding_box()
    assert abs(account["y"] - first["y"]) < first["height"], "the account links wrap below"
    assert not page.locator(".mainnav").get_by_role("link", name="Audit log").is_visible()
    page.hover(".nav-more-button")
    page.locator(".mainnav").get_by_role("link", name="Audit log").click()
    page.wait_for_url("**/admin/audit")


def test_the_directors_occasional_tools_are_in_the_phone_menu(page):
    director = make_user(Role.ADMIN, name="Director Lindqvist")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, director.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.click(".nav-toggle-label")
    for name in ("Scouting", "Rubric", "Users", "Rule sets", "Audit log", "Jobs"):
        assert page.locator(".mainnav").get_by_role("link", name=name).is_visible(), name
    page.locator(".mainnav").get_by_role("link", name="Rule sets").click()
    page.wait_for_url("**/admin/rules/")
