"""Pages that ran past the right edge of a phone (390 px) now fit: the comparison of three
drivers, events, race history, the coach's drivers with their licences, the audit log. Each
table stays within the screen and no card scrolls sideways."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from academy.enums import Categorisation, Role
from academy.extensions import db
from academy.models import AuditEvent
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user
from tests.progress.builders import race_history

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def academy_on_a_phone(app):
    director = make_user(Role.ADMIN, name="Margaret Lindqvist")
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    drivers = [
        make_driver(
            legal_name=name,
            native_name=native,
            coach=coach,
            date_of_birth=date(2004, 5, 17),
            categorisation=Categorisation.SILVER,
            consent_scouting=True,
        )
        for name, native in (
            ("Ren Sato", "佐藤 蓮"),
            ("Haruto Kobayashi", "小林 陽翔"),
            ("Thanakorn Srisuk", "ธนกร ศรีสุข"),
        )
    ]
    for index, driver in enumerate(drivers):
        race_history(driver, 3, first=date(2025, 1, 10 + index))
        db.session.add(
            AuditEvent(
                action="driver_updated",
                entity_type="drivers",
                entity_id=driver.id,
                actor_id=director.id,
                at=datetime(2026, 11, 21, 9, index),
                before={"biography": "Karting champion"},
                after={"biography": "Karting champion, now in LMP2 with a long biography"},
            )
        )
    db.session.commit()
    return director, coach, drivers


def overflow(page) -> list[str]:
    """What sticks out: tables past the screen's edge, cards that scroll sideways."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const table of document.querySelectorAll('main table')) {
            const right = table.getBoundingClientRect().right;
            if (right > width + 1) out.push(`table ${table.className} ends at ${right}`);
          }
          for (const box of document.querySelectorAll('main .card, main .table-scroll')) {
            if (box.scrollWidth > box.clientWidth + 1)
              out.push(`${box.className} scrolls ${box.scrollWidth - box.clientWidth}px`);
          }
          return out;
        }"""
    )


def test_staff_pages_fit_a_phone(page, academy_on_a_phone):
    director, coach, drivers = academy_on_a_phone
    page.set_viewport_size(PHONE)
    sign_in(page, coach.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    for path in ("/dashboard", "/results/events", f"/drivers/{drivers[0].id}/history"):
        page.goto(path)
        assert overflow(page) == [], path
    # The coach's drivers: each licence is on the screen, beside its label.
    page.goto("/dashboard")
    licences = page.locator("table.my-drivers td[data-label=Licence]")
    assert licences.count() == 3
    for index in range(3):
        box = licences.nth(index).bounding_box()
        assert box["x"] + box["width"] <= 390


def test_the_director_compares_three_drivers_and_reads_the_audit_log_on_a_phone(
    page, academy_on_a_phone
):
    director, _coach, drivers = academy_on_a_phone
    page.set_viewport_size(PHONE)
    sign_in(page, director.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto("/scouting/compare?" + "&".join(f"driver_id={d.id}" for d in drivers))
    assert overflow(page) == []
    heads = page.locator("#compare-table .compare-head")
    assert heads.count() == 3
    for index in range(3):
        box = heads.nth(index).bounding_box()
        assert box["x"] + box["width"] <= 390, "a driver's column is off the screen"
    page.goto("/admin/audit")
    assert overflow(page) == []
