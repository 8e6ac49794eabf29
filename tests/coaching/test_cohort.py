"""The cohort board: every driver's latest grades side by side, filtered and sorted on the server."""

from __future__ import annotations

import re
from datetime import date, timedelta

from academy.extensions import db
from tests.builders import login, make_cohort, make_driver
from tests.coaching.conftest import make_session

DAY = date.today() - timedelta(days=7)


def _driver_order(page: str) -> list[str]:
    return re.findall(r'<td class="driver-cell"><a href="[^"]+">([^<]+)</a>', page)


def _board(client, academy, rubric):
    """Three drivers of the coach with different racecraft grades."""
    racecraft = rubric["racecraft"]
    alpha = make_driver(legal_name="Alpha Driver", coach=academy.coach)
    bravo = make_driver(legal_name="Bravo Driver", coach=academy.coach)
    make_session(alpha, academy.coach, held_on=DAY, scores={racecraft: 9})
    make_session(bravo, academy.coach, held_on=DAY, scores={racecraft: 3})
    make_session(academy.driver, academy.coach, held_on=DAY, scores={racecraft: 6})
    login(client, academy.coach)


def test_board_shows_the_latest_current_grade(client, academy, rubric):
    racecraft = rubric["racecraft"]
    make_session(
        academy.driver, academy.coach, held_on=DAY - timedelta(days=30), scores={racecraft: 2}
    )
    make_session(academy.driver, academy.coach, held_on=DAY, scores={racecraft: 7})
    login(client, academy.coach)
    page = client.get("/coaching/cohort").get_data(as_text=True)
    assert '<span class="score score-7">7</span>' in page
    assert "score-2" not in page


def test_coach_sees_only_their_drivers(client, academy, rubric):
    login(client, academy.coach)
    page = client.get("/coaching/cohort").get_data(as_text=True)
    assert _driver_order(page) == ["Ren Sato (佐藤 蓮)"]


def test_director_sees_every_driver(client, academy, rubric):
    login(client, academy.admin)
    page = client.get("/coaching/cohort").get_data(as_text=True)
    assert _driver_order(page) == ["Li Haoran (李 浩然)", "Ren Sato (佐藤 蓮)"]


def test_board_filters_by_cohort(client, academy, rubric):
    cohort = make_cohort("2026 Intake")
    academy.other_driver.cohort = cohort
    db.session.commit()
    login(client, academy.admin)
    page = client.get(f"/coaching/cohort?cohort={cohort.id}").get_data(as_text=True)
    assert _driver_order(page) == ["Li Haoran (李 浩然)"]


def test_board_sorts_by_a_competency_best_first(client, academy, rubric):
    _board(client, academy, rubric)
    page = client.get("/coaching/cohort?sort=grade-racecraft&dir=desc").get_data(as_text=True)
    assert _driver_order(page) == ["Alpha Driver", "Ren Sato (佐藤 蓮)", "Bravo Driver"]


def test_board_sorts_by_a_competency_ascending(client, academy, rubric):
    _board(client, academy, rubric)
    page = client.get("/coaching/cohort?sort=grade-racecraft&dir=asc").get_data(as_text=True)
    assert _driver_order(page) == ["Bravo Driver", "Ren Sato (佐藤 蓮)", "Alpha Driver"]


def test_drivers_without_a_grade_sort_last_both_ways(client, academy, rubric):
    _board(client, academy, rubric)
    make_driver(legal_name="Aaron Ungraded", coach=academy.coach)
    for direction in ("asc", "desc"):
        page = client.get(f"/coaching/cohort?sort=grade-racecraft&dir={direction}").get_data(
            as_text=True
        )
        assert _driver_order(page)[-1] == "Aaron Ungraded"


def test_board_sorts_by_name_by_default(client, academy, rubric):
    _board(client, academy, rubric)
    page = client.get("/coaching/cohort").get_data(as_text=True)
    assert _driver_order(page) == ["Alpha Driver", "Bravo Driver", "Ren Sato (佐藤 蓮)"]


def test_unknown_sort_column_falls_back_to_the_name(client, academy, rubric):
    _board(client, academy, rubric)
    page = client.get("/coaching/cohort?sort=password_hash").get_data(as_text=True)
    assert _driver_order(page) == ["Alpha Driver", "Bravo Driver", "Ren Sato (佐藤 蓮)"]


def test_column_header_links_toggle_the_direction(client, academy, rubric):
    _board(client, academy, rubric)
    page = client.get("/coaching/cohort?sort=grade-racecraft&dir=desc").get_data(as_text=True)
    assert 'aria-sort="descending"' in page
    assert "sort=grade-racecraft&amp;dir=asc" in page


def test_board_runs_a_fixed_number_of_statements(client, academy, rubric, count_queries):
    login(client, academy.admin)
    counts = []
    for _ in range(2):
        for _ in range(5):
            driver = make_driver(coach=academy.coach)
            make_session(driver, academy.coach, held_on=DAY, scores={rubric["racecraft"]: 5})
        with count_queries() as statements:
            client.get("/coaching/cohort")
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_driver_and_principal_have_no_cohort_board(client, academy, rubric):
    for user in (academy.driver_user, academy.principal):
        login(client, user)
        assert client.get("/coaching/cohort").status_code == 403
