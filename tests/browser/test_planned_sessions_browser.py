"""Planning ahead in a real browser: a coach plans a session for two drivers, finds it on the
calendar as planned, is refused a date that has passed with the form kept, and on the day
records it with a grade; the calendar then shows the held session instead of the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest

from academy.enums import PlanStatus, Role
from academy.extensions import db
from academy.models import CoachingSession, PlannedSession
from academy.rubric import ensure_default_rubric
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, academy_day, make_driver, make_user

pytestmark = pytest.mark.browser


def test_a_coach_plans_a_session_then_records_it_on_the_day(page):
    ensure_default_rubric()
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    make_driver(legal_name="Ren Sato", native_name="佐藤 蓮", coach=coach)
    make_driver(legal_name="Aoi Yamamoto", coach=coach)
    db.session.commit()
    sign_in(page, coach.email, PASSWORD)
    page.wait_for_url("**/dashboard")

    page.goto("/calendar")
    page.click("#calendar-plan")
    page.fill("input[name=planned_on]", (academy_day() - timedelta(days=2)).isoformat())
    page.fill("input[name=starts_at]", "09:30")
    page.check("text=Ren Sato (佐藤 蓮)")
    page.check("text=Aoi Yamamoto")
    page.select_option("select[name=session_type]", "simulator")
    page.fill("input[name=simulator_title]", "Sepang, team simulator")
    page.fill("textarea[name=notes]", "Qualifying simulation.")
    page.click("input[type=submit][value='Plan session']")
    error = page.locator(".field.has-error").first.inner_text()
    assert "has passed" in error  # refused, beside the date
    assert page.input_value("input[name=simulator_title]") == "Sepang, team simulator"
    assert page.input_value("textarea[name=notes]") == "Qualifying simulation."

    page.fill("input[name=planned_on]", academy_day().isoformat())
    page.click("input[type=submit][value='Plan session']")
    page.wait_for_url("**/coaching/plans*")
    assert "it is on the calendar" in page.locator(".flash-success").inner_text()
    page.goto("/calendar")
    planned = page.locator(".calendar-days .calendar-plan")
    assert planned.count() == 1
    assert "Planned" in planned.inner_text() and "09:30" in planned.inner_text()

    planned.get_by_role("link", name="Record").click()
    page.uncheck("text=Aoi Yamamoto")  # she did not come
    page.get_by_label("Racecraft", exact=True).select_option("7")
    page.click("input[type=submit][value='Record session']")
    page.wait_for_url("**/coaching*")
    assert "logged for Ren Sato" in page.locator(".flash-success").inner_text()
    db.session.expire_all()
    plan = db.session.execute(db.select(PlannedSession)).scalar_one()
    assert plan.status is PlanStatus.HELD
    sessions = db.session.execute(db.select(CoachingSession)).scalars().all()
    assert [session.driver.legal_name for session in sessions] == ["Ren Sato"]
    page.goto("/calendar")
    assert page.locator(".calendar-days .calendar-plan").count() == 0
    assert page.locator(".calendar-days .calendar-session").count() == 1
