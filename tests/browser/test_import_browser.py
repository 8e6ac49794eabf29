"""A coach takes the real Le Mans timing file to updated driver histories, in the browser."""

from __future__ import annotations

import pytest

from academy.enums import Role
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user
from tests.drivers.racing import make_event
from tests.results.import_db_helpers import REAL_FILE

pytestmark = pytest.mark.browser


def test_coach_imports_the_real_file_and_sees_it_in_the_drivers_history(
    page, app, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_FOLDER", str(tmp_path / "uploads"))
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    driver = make_driver(
        legal_name="Ryo Hirakawa",
        native_name="平川 亮",
        romanised_name="Hirakawa Ryo",
        coach=coach,
    )
    event = make_event(series="LM24", season="2023", circuit="Circuit de la Sarthe", hours=24)

    sign_in(page, coach.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.click("nav.mainnav >> text=Import results")
    page.select_option("select[name=event_id]", str(event.id))
    page.set_input_files("input[name=timing_file]", str(REAL_FILE))
    page.click("text=Read the file")

    page.wait_for_url("**/results/import/*")
    assert page.locator("h1").inner_text() == "Preview: lemans-2023-hour-by-hour.csv"
    found = page.locator("section:has(h2:text('Academy drivers found'))").inner_text()
    assert "Ryo Hirakawa ← “R. HIRAKAWA” · car #8, Hypercar, P2 in class" in found
    assert "Cars (62: Hypercar, LMP2, LMGTE Am" in page.locator("main").inner_text()
    page.click("text=Import 62 cars into this event")

    page.wait_for_url(f"**/results/events/{event.id}")
    assert (
        "Imported lemans-2023-hour-by-hour.csv: 62 cars added"
        in page.locator(".flashes").inner_text()
    )

    page.click("text=Ryo Hirakawa")
    page.wait_for_url(f"**/drivers/{driver.id}/history")
    season = page.locator("section.season").first.inner_text()
    assert "LM24 series 2023" in season
    assert "Circuit de la Sarthe" in season
    assert "#8 Toyota Gazoo Racing" in season
    assert "S. BUEMI, B. HARTLEY" in season
    assert "P2 in class" in season
