"""The principal's scouting tools in a real browser: search, sort, put two drivers on the
shortlist, come back later and find them there, compare them; and the list on a phone."""

from __future__ import annotations

from datetime import date

import pytest

from academy.enums import Categorisation, Role
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def scouts(app):
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    principal = make_user(Role.PRINCIPAL, name="Amara Okafor")
    make_driver(
        legal_name="Ren Sato",
        native_name="佐藤 蓮",
        coach=coach,
        nationality="JPN",
        date_of_birth=date(2004, 5, 17),
        categorisation=Categorisation.SILVER,
        consent_scouting=True,
    )
    make_driver(
        legal_name="Min-jun Kim",
        native_name="김민준",
        coach=coach,
        nationality="KOR",
        date_of_birth=date(2001, 2, 3),
        categorisation=Categorisation.GOLD,
        consent_scouting=True,
    )
    make_driver(
        legal_name="Thanakorn Srisuk",
        native_name="ธนกร ศรีสุข",
        coach=coach,
        nationality="THA",
        date_of_birth=date(2006, 8, 9),
        consent_scouting=True,
    )
    make_driver(legal_name="Hidden Driver", coach=coach, consent_scouting=False)
    return principal


def names(page) -> list[str]:
    return [
        text.split(" (")[0]
        for text in page.locator("table.scouting-table a.driver-link").all_inner_texts()
    ]


def test_search_sort_shortlist_reload_and_compare(page, scouts):
    sign_in(page, scouts.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto("/scouting")
    assert names(page) == ["Min-jun Kim", "Ren Sato", "Thanakorn Srisuk"]

    page.fill("input[name=q]", "김민준")
    page.click("#scouting-filters button[type=submit]")
    page.wait_for_url("**/scouting?*q=*")
    assert names(page) == ["Min-jun Kim"]
    page.click("a.button >> text=Clear")

    page.click("a.sort-link[data-sort=age]")  # youngest first
    page.wait_for_url("**sort=age*")
    assert names(page) == ["Thanakorn Srisuk", "Ren Sato", "Min-jun Kim"]
    assert page.locator("th[aria-sort=ascending] a[data-sort=age]").count() == 1
    page.click("a.sort-link[data-sort=age]")  # again: oldest first
    page.wait_for_url("**sort=-age*")
    assert names(page) == ["Min-jun Kim", "Ren Sato", "Thanakorn Srisuk"]

    page.click("button[aria-label='Add Min-jun Kim (김민준) to my shortlist']")
    page.wait_for_url("**sort=-age*")  # back where the button was pressed, sort kept
    page.click("button[aria-label='Add Ren Sato (佐藤 蓮) to my shortlist']")
    page.wait_for_url("**sort=-age*")
    assert "My shortlist (2)" in page.locator("#shortlist-link").inner_text()

    # Another visit: sign out, sign in again, the list is still there.
    page.click("text=Sign out")
    sign_in(page, scouts.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto("/scouting/shortlist")
    page.reload()
    listed = page.locator("table.shortlist-table").inner_text()
    assert "Min-jun Kim" in listed and "Ren Sato" in listed
    assert "Thanakorn" not in listed

    page.click("#compare-selected")  # nothing ticked: a clear error
    assert "Choose at least 2 drivers to compare" in page.locator("#compare-error").inner_text()
    page.go_back()
    for box in page.locator("input.compare-pick").all():
        box.check()
    page.click("#compare-selected")
    page.wait_for_url("**/scouting/compare?*")
    table = page.locator("#compare-table")
    heads = table.locator("thead th.compare-head").all_inner_texts()
    assert [head.split(" (")[0] for head in heads] == ["Min-jun Kim", "Ren Sato"]
    text = table.inner_text()
    for row in ("Stage reached", "Race entries", "Gap to co-drivers", "Licence"):
        assert row in text


def test_on_a_phone_each_driver_is_a_card_with_its_buttons_on_screen(browser, live_server, scouts):
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    try:
        sign_in(page, scouts.email, PASSWORD)
        page.wait_for_url("**/dashboard")
        page.goto("/scouting")
        width = page.evaluate("document.documentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for selector in (".licence-now", "td[data-label=Stage]", "td.row-actions button"):
            for box in page.locator(f"table.scouting-table {selector}").all():
                bounds = box.bounding_box()
                assert bounds is not None and bounds["x"] >= 0
                assert bounds["x"] + bounds["width"] <= width, selector
    finally:
        context.close()
