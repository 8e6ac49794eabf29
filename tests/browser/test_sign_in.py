from __future__ import annotations

import pytest

from academy.enums import Role
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user

pytestmark = pytest.mark.browser


def test_coach_signs_in_through_the_browser_and_reaches_the_dashboard(page):
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    make_driver(legal_name="Ren Sato", native_name="佐藤 蓮", coach=coach)
    sign_in(page, coach.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    assert page.locator("h1").inner_text() == "Good day, Hiroshi Tanaka"
    assert "Ren Sato (佐藤 蓮)" in page.locator("main").inner_text()


def test_wrong_password_stays_on_the_sign_in_page_with_the_reason(page):
    coach = make_user(Role.COACH)
    sign_in(page, coach.email, "not-the-password")
    assert "Wrong email or password." in page.locator(".error").inner_text()
    assert page.url.endswith("/login")


def test_sign_out_from_the_menu(page):
    admin = make_user(Role.ADMIN)
    sign_in(page, admin.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.click("text=Sign out")
    page.wait_for_url("**/login")
    assert "You are signed out." in page.locator(".flashes").inner_text()
