"""The audit log on a phone: one short entry per event, nothing cut off at the edge, the
difference one tap away."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from academy.enums import Role
from academy.extensions import db
from academy.models import AuditEvent
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-dayuse")


def test_each_event_is_one_short_entry_on_a_phone_and_opens_to_its_difference(page, app):
    director = make_user(Role.ADMIN, name="Margaret Lindqvist")
    driver = make_driver(legal_name="Thanakorn Srisuk", native_name="ธนกร ศรีสุข")
    for minute in range(12):
        db.session.add(
            AuditEvent(
                action="driver_updated",
                entity_type="drivers",
                entity_id=driver.id,
                actor_id=director.id,
                at=datetime(2026, 3, 1, 9, minute),
                before={"biography": "Karting champion of Thailand", "nationality": "THA"},
                after={
                    "biography": "Karting champion of Thailand, now in LMP2",
                    "nationality": "THA",
                },
            )
        )
    db.session.commit()
    sign_in(page, director.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/audit")
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "audit-log-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/admin/audit")
    summaries = page.locator(".audit-line summary")
    assert summaries.count() == 12
    line_height = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.audit-line summary')).lineHeight)"
    )
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "audit-log-phone.png"), full_page=True)
    width = page.evaluate("window.innerWidth")
    for index in range(summaries.count()):
        summary = summaries.nth(index)
        box = summary.bounding_box()
        # When, what and who on short lines, within the screen, nothing cut off.
        assert box["height"] < 4.6 * line_height
        assert box["x"] + box["width"] <= width
        assert summary.evaluate("e => e.scrollWidth <= e.clientWidth")
        assert "1 March 2026, 09:" in summary.inner_text()
    first = summaries.first
    assert "driver Thanakorn Srisuk" in first.inner_text()
    first.click(position={"x": 4, "y": 8})  # the marker, not the record link
    diff = page.locator(".audit-line").first.locator("table.audit-diff")
    assert "now in LMP2" in diff.inner_text()
    assert "nationality" not in diff.inner_text()
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "audit-log-phone.png"), full_page=True)
