"""Finding drivers by any form of their name, and the list's filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from academy.enums import Categorisation, Role
from tests.builders import login, make_cohort, make_driver, make_user


@pytest.fixture
def coach_with_drivers(app):
    coach = make_user(Role.COACH, name="Coach Search")
    make_driver(
        legal_name="Ren Sato", native_name="佐藤 蓮", romanised_name="Sato Ren", coach=coach
    )
    make_driver(legal_name="Mathilde Ødegård", nationality="NOR", coach=coach)
    make_driver(
        legal_name="Thanakorn Srisuk", native_name="ธนกร ศรีสุข", nationality="THA", coach=coach
    )
    make_driver(legal_name="Élodie Marchand", nationality="FRA", coach=coach)
    return coach


def listed(client, query: str) -> list[str]:
    page = client.get("/drivers/", query_string={"q": query}).get_data(as_text=True)
    names = ["Ren Sato", "Mathilde Ødegård", "Thanakorn Srisuk", "Élodie Marchand"]
    return [name for name in names if f">{name}</a>" in page]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("佐藤 蓮", ["Ren Sato"]),
        ("佐藤蓮", ["Ren Sato"]),
        ("sato", ["Ren Sato"]),
        ("SATO REN", ["Ren Sato"]),
        ("ren sato", ["Ren Sato"]),
        ("odegard", ["Mathilde Ødegård"]),
        ("ØDEGÅRD", ["Mathilde Ødegård"]),
        ("elodie", ["Élodie Marchand"]),
        ("ศรีสุข", ["Thanakorn Srisuk"]),
        ("", ["Ren Sato", "Mathilde Ødegård", "Thanakorn Srisuk", "Élodie Marchand"]),
    ],
)
def test_search_finds_a_driver_by_any_name_form(client, coach_with_drivers, query, found):
    login(client, coach_with_drivers)
    assert listed(client, query) == found


def test_search_matching_nobody_says_so(client, coach_with_drivers):
    login(client, coach_with_drivers)
    page = client.get("/drivers/", query_string={"q": "Verstappen"}).get_data(as_text=True)
    assert "No driver matches “Verstappen”." in page


def test_coach_lists_only_their_own_drivers(client, academy):
    login(client, academy.coach)
    page = client.get("/drivers/").get_data(as_text=True)
    assert ">Ren Sato</a>" in page
    assert "Li Haoran" not in page


def test_director_lists_every_driver_and_filters_by_coach(client, academy):
    login(client, academy.admin)
    page = client.get("/drivers/").get_data(as_text=True)
    assert ">Ren Sato</a>" in page and ">Li Haoran</a>" in page
    page = client.get("/drivers/", query_string={"coach": academy.other_coach.id}).get_data(
        as_text=True
    )
    assert ">Li Haoran</a>" in page and ">Ren Sato</a>" not in page


def test_list_filters_by_cohort_and_category(client, app):
    coach = make_user(Role.COACH)
    cohort = make_cohort("2026 Intake")
    make_driver(
        legal_name="In Cohort Gold", coach=coach, cohort=cohort, categorisation=Categorisation.GOLD
    )
    make_driver(legal_name="In Cohort Silver", coach=coach, cohort=cohort)
    make_driver(legal_name="No Cohort Gold", coach=coach, categorisation=Categorisation.GOLD)
    login(client, coach)
    page = client.get("/drivers/", query_string={"cohort": cohort.id, "category": "gold"})
    text = page.get_data(as_text=True)
    assert ">In Cohort Gold</a>" in text
    assert "In Cohort Silver" not in text and "No Cohort Gold" not in text


def test_list_flags_expiring_and_expired_documents(client, app):
    coach = make_user(Role.COACH)
    make_driver(
        legal_name="Licence Soon", coach=coach, licence_expires=date.today() + timedelta(days=30)
    )
    make_driver(
        legal_name="Medical Gone", coach=coach, medical_expires=date.today() - timedelta(days=2)
    )
    login(client, coach)
    page = " ".join(client.get("/drivers/").get_data(as_text=True).split())
    assert 'badge-expiring">Licence expires' in page
    assert 'badge-not-met">Medical expired' in page


def test_list_loads_in_a_fixed_number_of_statements(client, app, count_queries):
    coach = make_user(Role.COACH)
    make_driver(coach=coach)
    login(client, coach)
    with count_queries() as few:
        client.get("/drivers/")
    for _ in range(12):
        make_driver(coach=coach)
    with count_queries() as many:
        client.get("/drivers/")
    assert len(many) == len(few)
