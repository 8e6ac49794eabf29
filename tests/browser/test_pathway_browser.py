"""A driver's requirement goes from "not met" to "met" when the coach records a result."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from academy.enums import Role
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user
from tests.progress.builders import add_result, make_event

pytestmark = pytest.mark.browser

RACES = '[id="req-alms-lmp3.races"]'


def _open_stage(page) -> None:
    """Racing in ALMS LMP3 reaches the stage (rule set 2026.2), so its panel may be closed."""
    if page.locator("#stage-alms-lmp3").get_attribute("open") is None:
        page.locator("#stage-alms-lmp3 > summary").click()


def test_a_coach_records_a_result_and_the_progress_page_shows_the_requirement_met(page):
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    driver = make_driver(legal_name="Haruto Kobayashi", coach=coach)
    today = date.today()
    for weeks in (10, 9, 8):
        add_result(driver, make_event(today - timedelta(weeks=weeks)))
    fourth = make_event(today - timedelta(weeks=2), name="ALMS Yas Marina race 2")

    sign_in(page, coach.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto(f"/drivers/{driver.id}/progress")
    _open_stage(page)
    requirement = page.locator(RACES)
    assert requirement.locator(".badge").first.inner_text() == "Not met"
    assert "1 more classified start" in requirement.inner_text()

    page.goto(f"/drivers/{driver.id}/results/new?event_id={fourth.id}")
    page.fill("input[name=car_number]", "24")
    page.fill("input[name=team]", "Ultimate Racing Asia")
    page.select_option("select[name=race_class]", "LMP3")
    page.select_option("select[name=status]", "classified")
    page.fill("input[name=laps]", "112")
    page.fill("input[name=drive_time]", "1:52:00")
    page.click("input[type=submit][value='Save result']")
    page.wait_for_url(f"**/drivers/{driver.id}/history")

    page.goto(f"/drivers/{driver.id}/progress")
    _open_stage(page)
    requirement = page.locator(RACES)
    assert requirement.locator(".badge").first.inner_text() == "Met"
    assert "ALMS Yas Marina race 2" in requirement.inner_text()
