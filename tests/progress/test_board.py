"""The cohort board: drivers by the stage they have reached, filtered, without per-driver
queries."""

from __future__ import annotations

from datetime import date

from academy.enums import Categorisation, RaceClass
from academy.progress import rule_sets
from tests.builders import login, make_cohort, make_driver
from tests.progress.builders import add_result, make_event
from tests.progress.conftest import AS_OF, board_column, make_lmp3_ready


def _board(client, **filters) -> str:
    query = {"as_of": AS_OF.isoformat(), **filters}
    response = client.get("/pathway/board", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_drivers_are_grouped_by_the_stage_they_reached(client, academy):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, academy.admin)
    html = _board(client)
    assert "Ren Sato" in board_column(html, "alms-lmp3")
    assert "Li Haoran" in board_column(html, "none")
    assert "Ren Sato" not in board_column(html, "none")


def test_every_stage_has_a_column_even_when_empty(client, academy):
    login(client, academy.admin)
    html = _board(client)
    for key in ("none", "alms-lmp3", "alms-lmp2", "elms-lmp2", "le-mans-rookie", "le-mans-24h"):
        assert f'aria-labelledby="column-{key}"' in html


def test_a_coach_sees_their_own_drivers_first(client, academy):
    login(client, academy.coach)
    html = _board(client)
    assert "Ren Sato" in html and "Li Haoran" not in html


def test_a_coach_may_look_at_every_driver_but_opens_only_their_own(client, academy):
    login(client, academy.coach)
    html = _board(client, scope="all")
    assert f'href="/drivers/{academy.driver.id}/progress' in html
    assert "Li Haoran" in html
    assert f'href="/drivers/{academy.other_driver.id}/progress' not in html


def test_the_director_sees_every_driver_and_opens_them_all(client, academy):
    login(client, academy.admin)
    html = _board(client)
    assert f'href="/drivers/{academy.other_driver.id}/progress' in html


def test_the_cohort_filter_keeps_that_cohort(client, academy):
    cohort = make_cohort("2026 Intake")
    make_driver(legal_name="Cohort Member", cohort=cohort)
    login(client, academy.admin)
    html = _board(client, cohort=str(cohort.id))
    assert "Cohort Member" in html and "Ren Sato" not in html


def test_the_category_filter_finds_drivers_not_yet_categorised(client, academy):
    make_driver(legal_name="Newcomer Without Category", categorisation=None)
    make_driver(legal_name="Bronze Veteran", categorisation=Categorisation.BRONZE)
    login(client, academy.admin)
    html = _board(client, categorisation="none")
    assert "Newcomer Without Category" in html and "Bronze Veteran" not in html
    assert "Bronze Veteran" in _board(client, categorisation="bronze")


def test_the_class_filter_uses_the_latest_race(client, academy):
    add_result(academy.driver, make_event(date(2025, 12, 1)), race_class=RaceClass.LMP3)
    add_result(academy.driver, make_event(date(2026, 2, 1)), race_class=RaceClass.LMP2)
    add_result(academy.other_driver, make_event(date(2026, 2, 1)), race_class=RaceClass.LMP3)
    login(client, academy.admin)
    html = _board(client, race_class="LMP2")
    assert "Ren Sato" in html and "Li Haoran" not in html


def test_the_status_filter_finds_drivers_with_missing_facts(client, academy):
    make_driver(legal_name="Birthday Unknown", date_of_birth=None)
    login(client, academy.admin)
    html = _board(client, status="unknown")
    assert "Birthday Unknown" in html and "Ren Sato" not in html


def test_the_status_filter_finds_expiring_licences(client, academy):
    make_driver(legal_name="Renewal Due", licence_expires=date(2026, 6, 20))
    login(client, academy.admin)
    html = _board(client, status="expiring")
    assert "Renewal Due" in html and "Ren Sato" not in html


def test_an_unknown_filter_value_is_ignored_and_said(client, academy):
    login(client, academy.admin)
    html = _board(client, cohort="not-a-cohort")
    assert "Not a valid choice" in html
    assert "Ren Sato" in html and "Li Haoran" in html


def test_an_impossible_as_of_date_is_explained(client, academy):
    login(client, academy.admin)
    html = _board(client, as_of="2026-04-31")
    assert "April 2026 has 30 days" in html


def test_the_board_runs_the_same_statements_for_5_and_50_drivers(client, academy, count_queries):
    login(client, academy.admin)
    for _ in range(3):
        make_driver()
    with count_queries() as few:
        _board(client)
    for _ in range(45):
        make_driver()
    make_lmp3_ready(academy.driver, academy.coach)
    with count_queries() as many:
        html = _board(client)
    assert html.count('class="board-card"') == 50
    assert len(few) == len(many)


def test_a_long_column_shows_its_first_cards_and_offers_the_rest(client, academy, monkeypatch):
    from academy.progress import routes

    monkeypatch.setattr(routes, "CARD_LIMIT", 2)
    for _ in range(3):
        make_driver()
    login(client, academy.admin)
    column = board_column(_board(client), "none")
    assert column.count('class="board-card"') == 2
    assert "2 of 5 shown" in column and "show=none" in column
    assert board_column(_board(client, show="none"), "none").count('class="board-card"') == 5


def test_with_scope_all_a_coach_does_not_see_another_coachs_drivers_licence_status(client, academy):
    """The attack: with scope=all a coach saw other coaches' drivers' licence and medical
    statuses (expiring badges, unmet requirements) on the board."""
    from academy.extensions import db

    licence = academy.other_driver.licences[0]
    licence.expires_on = AS_OF.replace(day=15)  # expiring two weeks after the day looked at
    db.session.commit()
    login(client, academy.admin)
    other_card = _card(_board(client), academy.other_driver.id)
    assert "board-missing" in other_card
    assert "Expiring soon" in other_card
    client.post("/logout")
    login(client, academy.coach)
    other_card = _card(_board(client, scope="all"), academy.other_driver.id)
    assert "Li Haoran" in other_card
    assert "board-missing" not in other_card
    assert "board-flags" not in other_card
    assert "<progress" not in other_card
    own_card = _card(_board(client, scope="all"), academy.driver.id)
    assert "board-flags" in own_card


def test_with_scope_all_a_status_filter_keeps_the_coachs_own_drivers(client, academy):
    from academy.extensions import db

    academy.other_driver.licences[0].expires_on = AS_OF.replace(day=15)
    academy.driver.licences[0].expires_on = AS_OF.replace(day=15)
    db.session.commit()
    login(client, academy.admin)
    assert "Li Haoran" in _board(client, status="expiring")
    client.post("/logout")
    login(client, academy.coach)
    html = _board(client, scope="all", status="expiring")
    assert "Ren Sato" in html
    assert "Li Haoran" not in html
    assert "A status filter shows your own drivers only." in html


def _card(html: str, driver_id: int) -> str:
    import re

    match = re.search(
        rf'<article class="board-card" data-driver="{driver_id}">(.*?)</article>', html, re.S
    )
    assert match, f"no card for driver {driver_id}"
    return match.group(1)


def test_a_rule_set_that_no_longer_exists_is_said_plainly_on_the_board(
    client, academy, monkeypatch
):
    monkeypatch.setattr(rule_sets, "DEFAULT_RULE_SET_KEY", "retired-rules")
    login(client, academy.admin)
    html = _board(client, as_of="not a day")
    assert "The pathway cannot be checked" in html
    assert "&#39;retired-rules&#39; no longer exists" in html
    assert "Showing today" in html  # the day asked for could not be read, and it says so
