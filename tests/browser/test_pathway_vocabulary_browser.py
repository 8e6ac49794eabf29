"""Issue 13 in a real browser: a milestone on the progress page ("reached, not held now"), the
rule set in words, side by side and the preview, and the ACO-approved simulator mark; each page
at desktop and phone width, screenshots kept in /tmp/shots-pathway/."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from academy.enums import LicenceGrade, RaceClass, Role
from academy.extensions import db
from academy.pathway.loader import RULESETS_DIR
from academy.rules_admin.service import activate, load_rule_text
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user
from tests.progress.builders import add_result, make_event

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-pathway")
WIDTHS = {"desktop": 1280, "phone": 390}


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} at {width}px scrolls sideways by {overflow}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def _rule_sets():
    old = (RULESETS_DIR / "archive" / "alms-to-le-mans-2026.1.toml").read_text(encoding="utf-8")
    new = (RULESETS_DIR / "alms-to-le-mans.toml").read_text(encoding="utf-8")
    old_record = load_rule_text(old, "alms-to-le-mans-2026.1.toml", None).record
    new_record = load_rule_text(new, "alms-to-le-mans.toml", None).record
    db.session.flush()
    activate(old_record)
    db.session.commit()
    return old_record, new_record


def test_milestone_rule_set_pages_and_aco_mark_in_the_browser(page):
    admin = make_user(Role.ADMIN, name="Director Lindqvist")
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    today = date.today()
    driver = make_driver(
        legal_name="Haruto Kobayashi",
        coach=coach,
        licence=LicenceGrade.INTERNATIONAL_B,
        licence_expires=today - timedelta(days=10),
    )
    for weeks in (60, 58, 56, 54, 52, 50):
        add_result(driver, make_event(today - timedelta(weeks=weeks)), race_class=RaceClass.LMP2)
    _old, new = _rule_sets()

    sign_in(page, admin.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto(f"/admin/rules/{new.id}")
    assert "Reached by a race in LMP2" in page.inner_text("#stage-alms-lmp2")
    _shoot(page, "rules-words")
    page.goto(f"/admin/rules/{new.id}?view=compare")
    assert page.locator('tr.compare-changed[data-requirement="grade-a.races"]').count() == 1
    _shoot(page, "rules-compare")
    page.goto(f"/admin/rules/{new.id}?view=preview")
    assert page.locator(f'[data-driver="{driver.id}"]').count() == 1
    _shoot(page, "rules-preview")
    page.click("button:has-text('Use this version')")
    page.wait_for_url("**/admin/rules/")

    page.goto(f"/drivers/{driver.id}/progress")
    if page.locator("#stage-alms-lmp2").get_attribute("open") is None:
        page.locator("#stage-alms-lmp2 > summary").click()
    milestone = page.locator("#stage-alms-lmp2 .milestone")
    text = milestone.inner_text()
    assert text.startswith("Reached on") and "reached, not held now" in text
    assert "milestone-not-held" in (milestone.get_attribute("class") or "")
    page.locator("#stage-le-mans-rookie > summary").click()
    _shoot(page, "progress-milestone")

    page.goto("/coaching/sessions/new")
    page.select_option("select[name=session_type]", "simulator")
    assert page.locator("input[name=aco_approved]").is_visible()
    _shoot(page, "coaching-aco-simulator")
