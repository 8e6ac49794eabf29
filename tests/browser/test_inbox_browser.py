"""The inbox as people see it: at the top of each dashboard, on a desktop and on a phone (the
driver's "what is still missing" above the fold), with its count in the navigation.
Screenshots go to $SHOTS_DIR when set."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from academy.enums import ApplicationStatus, Role
from academy.extensions import db
from academy.models import Job
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user
from tests.licensing.test_licensing_routes import make_application

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS_DIR")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def busy_academy(app):
    today = date.today()
    admin = make_user(Role.ADMIN, name="Director Lindqvist")
    coach = make_user(Role.COACH, name="Coach Tanaka")
    principal = make_user(Role.PRINCIPAL, name="Principal Okafor")
    driver_user = make_user(Role.DRIVER, name="Ren Sato")
    ren = make_driver(
        legal_name="Ren Sato",
        native_name="佐藤 蓮",
        coach=coach,
        user=driver_user,
        consent_scouting=True,
        licence_expires=today + timedelta(days=25),
    )
    kamui = make_driver(
        legal_name="Kamui Kobayashi",
        native_name="小林 可夢偉",
        coach=coach,
        consent_scouting=True,
        medical_expires=today - timedelta(days=3),
    )
    make_application(ren, coach, ApplicationStatus.ENDORSED)
    make_application(kamui, coach)
    db.session.add(Job(kind="notify", status="failed", error="SMTPConnectError: refused"))
    db.session.commit()
    return {"admin": admin, "coach": coach, "principal": principal, "driver": driver_user}


def shoot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("role", ["admin", "coach", "driver", "principal"])
def test_the_inbox_opens_each_dashboard_on_desktop_and_phone(page, busy_academy, role):
    sign_in(page, busy_academy[role].email, PASSWORD)
    page.wait_for_url("**/dashboard")
    inbox = page.locator("#inbox")
    assert inbox.locator("li a").count() >= 1
    count = inbox.locator("#inbox-title .badge").inner_text()
    assert page.locator("nav.mainnav .badge").first.inner_text() == count
    shoot(page, f"dashboard-{role}-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    box = inbox.bounding_box()
    assert box is not None and box["y"] < PHONE["height"] / 2  # at the top, not below the fold
    shoot(page, f"dashboard-{role}-phone")
    first = inbox.locator("li a").first
    href = first.get_attribute("href")
    first.click()
    page.wait_for_load_state()
    assert page.url.endswith(href)
    assert "Not allowed" not in page.locator("main").inner_text()
