"""A forgotten password in Chromium, by e-mail through a real SMTP server on loopback: ask for
the link, read the message the server received, open the link, set a new password, sign in
with it; the link then fails the second time, and an expired link fails. The director's
accounts page with its reset and role tools. Screenshots go to $SHOTS_DIR when set."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from academy.enums import Role
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user
from tests.inbox.conftest import smtp  # noqa: F401  (the loopback SMTP server fixture)

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS_DIR")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NEW_PASSWORD = "Suzuka-Esses-Twilight-9"


def shoot(page, name: str) -> None:
    if SHOTS:
        for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{size}.png"), full_page=True)
        page.set_viewport_size(DESKTOP)


def link_in(received) -> str:
    """The path of the reset link in the e-mail's text part (its host is PUBLIC_BASE_URL)."""
    [path] = re.findall(
        r"https://academy\.example\.com(/password/reset/\S+)", received.part("text/plain")
    )
    return path


def ask_for_link(page, email: str) -> None:
    page.goto("/login")
    page.click("text=Forgotten your password?")
    page.wait_for_url("**/password/forgot")
    page.fill("input[name=email]", email)
    page.click("input[type=submit]")
    page.wait_for_url("**/login")
    assert "is on its way" in page.locator("main").inner_text()


def test_a_forgotten_password_is_reset_by_the_emailed_link(page, app, smtp, monkeypatch):  # noqa: F811
    user = make_user(Role.DRIVER, name="Kavya Iyer காவ்யா", email="kavya@example.com")
    make_driver(legal_name="Kavya Iyer", native_name="காவ்யா ஐயர்", user=user)

    page.goto("/login")
    shoot(page, "login")
    page.click("text=Forgotten your password?")
    shoot(page, "forgot-password")
    ask_for_link(page, "kavya@example.com")
    shoot(page, "forgot-password-sent")
    [received] = smtp.to("kavya@example.com")
    assert "Dear Kavya Iyer காவ்யா," in received.part("text/plain")
    link = link_in(received)

    page.goto(link)
    assert "For Kavya Iyer காவ்யா (kavya@example.com)" in page.locator("main").inner_text()
    shoot(page, "reset-password")
    page.fill("input[name=new_password]", NEW_PASSWORD)
    page.fill("input[name=confirm]", NEW_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/login")
    assert "Your new password is set" in page.locator("main").inner_text()

    sign_in(page, "kavya@example.com", NEW_PASSWORD)
    page.wait_for_url("**/dashboard")

    # The second time (signed out), the link fails and says why, with the way to a new one.
    page.context.clear_cookies()
    response = page.goto(link)
    assert response.status == 410
    assert "already been used" in page.locator("#reset-problem").inner_text()
    assert page.locator("input[name=new_password]").count() == 0
    shoot(page, "reset-password-used")

    # An expired link fails too.
    monkeypatch.setitem(app.config, "PASSWORD_RESET_SECONDS", 1)
    ask_for_link(page, "kavya@example.com")
    expiring = link_in(smtp.to("kavya@example.com")[-1])
    assert expiring != link
    time.sleep(2.1)
    response = page.goto(expiring)
    assert response.status == 410
    assert "This link has expired" in page.locator("#reset-problem").inner_text()
    shoot(page, "reset-password-expired")
    # The old password never came back; the new one still signs in.
    sign_in(page, "kavya@example.com", PASSWORD)
    assert "Wrong email or password" in page.locator("main").inner_text()


def test_the_director_resets_and_changes_roles_on_the_accounts_page(page, app, smtp):  # noqa: F811
    director = make_user(Role.ADMIN, name="Margaret Lindqvist", email="director@example.com")
    make_user(Role.PRINCIPAL, name="Daniel Okafor", email="okafor@example.com")
    coach = make_user(Role.COACH, name="Hiroshi Tanaka 田中", email="tanaka@example.com")
    make_driver(legal_name="Ren Sato", native_name="佐藤 蓮", coach=coach)
    sign_in(page, director.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto("/admin/users")
    shoot(page, "admin-users")

    row = page.locator("tr", has_text="okafor@example.com")
    row.locator("select[name=role]").select_option("coach")
    row.locator("button", has_text="Change").click()
    page.wait_for_url("**/admin/users")
    assert "Daniel Okafor is now coach." in page.locator("main").inner_text()
    shoot(page, "admin-users-role-changed")

    row = page.locator("tr", has_text="tanaka@example.com")
    row.locator("select[name=role]").select_option("principal")
    row.locator("button", has_text="Change").click()
    assert "coaches 1 driver" in page.locator("main").inner_text()

    row = page.locator("tr", has_text="tanaka@example.com")
    row.locator("button", has_text="Send reset link").click()
    page.wait_for_url("**/admin/users")
    assert "is on its way to tanaka@example.com" in page.locator("main").inner_text()
    assert len(smtp.to("tanaka@example.com")) == 1
