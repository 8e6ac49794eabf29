"""A coach goes from a driver's race history to the debrief of a real race (Le Mans 2023)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from academy.enums import Role
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user
from tests.results.independent import REAL_DATA

pytestmark = pytest.mark.browser

# Set SCREENSHOT_DIR to keep pictures of the pages at desktop and phone widths.
SHOTS = os.environ.get("SCREENSHOT_DIR")


def shoot(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width, label in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_coach_opens_the_debrief_of_a_le_mans_race_from_the_history(page, app, runner):
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    driver = make_driver(legal_name="Ryo Hirakawa", coach=coach)
    created = runner.invoke(
        args=[
            "events",
            "create",
            "--series",
            "LM24",
            "--season",
            "2023",
            "--circuit",
            "Le Mans",
            "--date",
            "2023-06-10",
            "--hours",
            "24",
        ]
    )
    event_id = created.output.split()[-1]
    lap_analysis = REAL_DATA / "wec-2023-lemans-24h-lap-analysis.csv"
    imported = runner.invoke(args=["import-results", str(lap_analysis), "--event", event_id])
    assert imported.exit_code == 0, imported.output

    sign_in(page, coach.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto(f"/drivers/{driver.id}/history")
    shoot(page, "history")
    page.click("text=Debrief")
    page.wait_for_url(f"**/drivers/{driver.id}/results/*/debrief")
    assert "Race debrief" in page.locator("h1").inner_text()
    assert page.locator("svg.lap-chart circle.dot.mine").count() > 100
    assert page.locator("svg.lap-chart rect.band").count() > 0  # safety car at Le Mans 2023
    stints = page.locator("section:has(h2:text('Stints')) tbody tr")
    assert stints.count() >= 8
    shoot(page, "debrief")
    page.goto(f"/results/events/{event_id}")
    shoot(page, "event")
    page.goto("/results/events/new")
    shoot(page, "event-form")


def test_coach_answers_an_unknown_class_in_the_preview(page, app, tmp_path, monkeypatch):
    from tests.drivers.racing import make_event

    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_FOLDER", str(tmp_path / "uploads"))
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    event = make_event(series="ELMS", season="2014", circuit="Silverstone Circuit")
    variant = tmp_path / "silverstone-2014.csv"
    original = REAL_DATA / "elms-2014-silverstone-classification.csv"
    variant.write_bytes(original.read_bytes().replace(b";GTC;", b";GT CHALLENGE;"))

    sign_in(page, coach.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto(f"/results/import?event_id={event.id}")
    page.set_input_files("input[name=timing_file]", str(variant))
    page.click("text=Read the file")
    page.wait_for_url("**/results/import/*")
    assert "Classes the academy does not know" in page.locator("main").inner_text()
    shoot(page, "preview-unknown-class")
    page.select_option(".class-questions select[name=target]", "GTC")
    page.click(".class-questions input[type=submit]")
    page.wait_for_url("**/results/import/*")
    assert "Classes the academy does not know" not in page.locator("main").inner_text()
    page.click("text=Import 38 cars into this event")
    page.wait_for_url(f"**/results/events/{event.id}")
    assert "GTC" in page.locator("main").inner_text()
    shoot(page, "event-after-import")
