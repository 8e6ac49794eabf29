"""A coach logs a session with grades on the phone-sized form; the driver then sees it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from academy.enums import Role
from academy.extensions import db
from academy.models import Circuit
from academy.rubric import ensure_default_rubric
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user

pytestmark = pytest.mark.browser


def test_coach_logs_a_session_and_the_driver_sees_it(page):
    ensure_default_rubric()
    db.session.add(
        Circuit(name="Sepang International Circuit", country="MYS", length_km=Decimal("5.543"))
    )
    db.session.commit()
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    driver_user = make_user(Role.DRIVER, name="Ren Sato")
    make_driver(legal_name="Ren Sato", native_name="佐藤 蓮", coach=coach, user=driver_user)
    yesterday = date.today() - timedelta(days=1)

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, coach.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto("/coaching/sessions/new")
    page.check("text=Ren Sato (佐藤 蓮)")
    page.fill("input[name=held_on]", yesterday.isoformat())
    page.select_option("select[name=session_type]", "track")
    page.select_option("select[name=circuit_id]", label="Sepang International Circuit")
    page.fill("input[name=laps]", "28")
    page.fill("input[name=best_lap]", "1:58.412")
    page.fill("input[name=conditions]", "dry, 31°C")
    page.fill("textarea[name=notes]", "Long run on used tyres; strong in traffic.")
    page.get_by_label("Racecraft", exact=True).select_option("8")
    page.get_by_label("Comment on racecraft").fill("Clean passes into T1")
    page.get_by_label("Consistency", exact=True).select_option("7")
    page.click("input[type=submit][value='Log session']")
    page.wait_for_url("**/coaching*")
    assert "logged for Ren Sato" in page.locator(".flashes").inner_text()
    page.click("label.nav-toggle-label")  # the phone's menu
    page.click("text=Sign out")
    page.wait_for_url("**/login")

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, driver_user.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.click("nav.mainnav >> text=My coaching")
    page.wait_for_url("**/coaching")
    session = page.locator("details.session").first
    text = session.inner_text()
    assert "Track at Sepang International Circuit" in text
    assert "best 1:58.412" in text
    assert "Clean passes into T1" in text
    assert session.locator("tr", has_text="Racecraft").locator(".score").inner_text() == "8"
    assert session.locator("tr", has_text="Consistency").locator(".score").inner_text() == "7"
    assert page.locator("svg.chart-radar").count() == 1
