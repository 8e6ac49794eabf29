"""The coach's endorsement in a real browser: written and signed on the driver's Dossiers tab,
printed in the Le Mans invitation dossier, and listed with where it went."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from academy.enums import Role
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-dayuse")
WORDS = "Kavya drove a faultless triple stint at Sepang in the rain; ready for a Le Mans seat."


def flat(text: str) -> str:
    return "".join(text.split())


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(page.extract_text() or "" for page in reader.pages)


def shot(page, name: str) -> None:
    if SHOTS.is_dir():  # kept for a person to look at, when the folder exists
        for width, label in ((1280, "desktop"), (390, "phone")):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_a_coach_endorses_a_driver_and_the_invitation_dossier_prints_it(page, app, tmp_path):
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    driver = make_driver(legal_name="Kavya Iyer", native_name="காவ்யா ஐயர்", coach=coach)
    sign_in(page, coach.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto(f"/drivers/{driver.id}/dossiers")

    with page.expect_download() as before:
        page.click("button[data-kind=invitation]")
    saved = tmp_path / "before.pdf"
    before.value.save_as(saved)
    assert flat("No coach has signed an endorsement of this driver for Le Mans.") in flat(
        pdf_text(saved)
    )

    page.click("#write-endorsement")
    page.fill("textarea[name=text]", WORDS)
    page.fill("input[name=signature]", "Someone Else")
    page.click("#endorsement-form input[type=submit]")
    assert "Sign with your own name" in page.locator("main").inner_text()
    assert page.input_value("textarea[name=text]") == WORDS  # what was typed is kept
    shot(page, "endorsement-form-error")
    page.fill("input[name=signature]", "Hiroshi Tanaka")
    page.click("#endorsement-form input[type=submit]")
    page.wait_for_url("**/endorsements")
    assert (
        "Printed in Kavya Iyer's Le Mans invitation dossier from now on"
        in page.locator("main").inner_text()
    )

    page.goto(f"/drivers/{driver.id}/dossiers")
    with page.expect_download() as after:
        page.click("button[data-kind=invitation]")
    saved = tmp_path / "after.pdf"
    after.value.save_as(saved)
    text = flat(pdf_text(saved))
    assert flat(WORDS) in text
    assert flat("Signed by Hiroshi Tanaka, coach") in text
    assert flat("காவ்யா ஐயர்") in text

    page.goto("/endorsements")
    main = page.locator("main").inner_text()
    assert "Went into 1 copy" in main
    shot(page, "endorsements-list")
