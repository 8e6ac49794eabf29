"""The principals' portal: consenting drivers only, filters, the scouting view."""

from __future__ import annotations

from datetime import date

import pytest

from academy.enums import Categorisation, LicenceGrade, RaceClass
from academy.extensions import db
from academy.models import Dossier, Driver
from tests.builders import login, make_driver
from tests.dossiers.conftest import make_graded_session, make_race


def names_listed(page: str, *names: str) -> dict[str, bool]:
    return {name: name in page for name in names}


def test_the_portal_lists_consenting_drivers_only(client, academy):
    login(client, academy.principal)
    page = client.get("/scouting").text
    assert names_listed(page, "Ren Sato", "Li Haoran") == {"Ren Sato": True, "Li Haoran": False}


def test_a_driver_who_withdraws_consent_disappears_at_once(client, academy):
    login(client, academy.principal)
    assert "Ren Sato" in client.get("/scouting").text
    driver = db.session.get(Driver, academy.driver.id)
    driver.consent_scouting = False
    db.session.commit()
    assert "Ren Sato" not in client.get("/scouting").text
    assert client.get(f"/scouting/drivers/{academy.driver.id}").status_code == 403
    assert client.post(f"/scouting/drivers/{academy.driver.id}/dossier.pdf").status_code == 403


def test_a_principal_gets_403_and_nothing_else_for_a_non_consenting_driver(client, academy):
    login(client, academy.principal)
    for response in (
        client.get(f"/scouting/drivers/{academy.other_driver.id}"),
        client.post(f"/scouting/drivers/{academy.other_driver.id}/dossier.pdf"),
        client.get(f"/drivers/{academy.other_driver.id}/photo.jpg"),
    ):
        assert response.status_code == 403
        assert "Li Haoran" not in response.text
        assert "李" not in response.text
    assert db.session.execute(db.select(Dossier)).first() is None


def test_the_scouting_view_gives_age_but_not_the_date_of_birth(client, academy):
    login(client, academy.principal)
    page = client.get(f"/scouting/drivers/{academy.driver.id}").text
    assert "Ren Sato" in page
    assert "years old" in page
    # The date of birth in any form it could be written (not just "2004": a random token
    # in the page may hold those digits).
    for written in ("2004-05-17", "17 May 2004", "17/05/2004", "May 17, 2004"):
        assert written not in page
    assert academy.driver.licences[0].number not in page  # the licence number stays private
    assert "JAF-LICENCE" not in page


def test_the_scouting_view_shows_ratings_beside_the_cohort(client, academy, rubric):
    make_graded_session(academy.driver, academy.coach, {rubric["racecraft"]: 8})
    from tests.builders import make_cohort

    cohort = make_cohort()
    driver = db.session.get(Driver, academy.driver.id)
    driver.cohort_id = cohort.id
    db.session.commit()
    login(client, academy.principal)
    page = client.get(f"/scouting/drivers/{academy.driver.id}").text
    assert "Racecraft" in page
    assert "2026 Intake" in page


@pytest.fixture
def field(academy):
    """Three more consenting drivers that differ in category, licence and class."""
    gold = make_driver(
        legal_name="Gold Driver",
        categorisation=Categorisation.GOLD,
        licence=LicenceGrade.INTERNATIONAL_B,
        consent_scouting=True,
    )
    bronze = make_driver(
        legal_name="Bronze Driver",
        categorisation=Categorisation.BRONZE,
        licence=LicenceGrade.NATIONAL,
        consent_scouting=True,
    )
    make_driver(
        legal_name="Expired Licence",
        licence=LicenceGrade.INTERNATIONAL_A,
        licence_expires=date(2020, 6, 1),
        consent_scouting=True,
    )
    make_race(gold, race_class=RaceClass.LMP2)
    make_race(bronze, race_class=RaceClass.LMP3)
    return academy


def listed(client, query: str) -> set[str]:
    page = client.get(f"/scouting?{query}").text
    names = ("Ren Sato", "Gold Driver", "Bronze Driver", "Expired Licence", "Li Haoran")
    return {name for name in names if name in page}


def test_filter_by_category(client, field):
    login(client, field.principal)
    assert listed(client, "category=gold") == {"Gold Driver"}


def test_filter_by_licence_grade_counts_valid_licences_at_or_above(client, field):
    login(client, field.principal)
    assert listed(client, "licence=international_c") == {"Ren Sato", "Gold Driver"}


def test_filter_by_class_experience(client, field):
    login(client, field.principal)
    assert listed(client, "race_class=LMP3") == {"Bronze Driver"}


def test_filter_by_pathway_stage_reached(client, field):
    login(client, field.principal)
    assert listed(client, "stage=le-mans-24h") == set()
    assert (
        "No driver open to scouting matches these filters."
        in client.get("/scouting?stage=le-mans-24h").text
    )


def test_an_unknown_filter_value_is_explained_not_an_error(client, field):
    login(client, field.principal)
    response = client.get("/scouting?category=diamond&stage=nowhere&page=abc")
    assert response.status_code == 200
    assert "Not a valid choice" in response.text
    assert "Gold Driver" in response.text  # the bad filter is ignored


def test_the_director_may_use_the_portal_but_a_coach_may_not(client, academy):
    login(client, academy.admin)
    assert client.get("/scouting").status_code == 200
    login(client, academy.coach)
    assert client.get("/scouting").status_code == 403


def test_the_portal_runs_the_same_number_of_statements_for_3_or_30_drivers(
    client, academy, count_queries
):
    login(client, academy.principal)
    for index in range(2):
        driver = make_driver(legal_name=f"Small {index}", consent_scouting=True)
        make_race(driver)
    with count_queries() as small:
        assert client.get("/scouting").status_code == 200
    for index in range(27):
        driver = make_driver(legal_name=f"Large {index}", consent_scouting=True)
        make_race(driver)
    with count_queries() as large:
        page = client.get("/scouting?stage=alms-lmp3").status_code
        assert page == 200
    with count_queries() as large_unfiltered:
        assert client.get("/scouting").status_code == 200
    assert len(large_unfiltered) == len(small)
    assert len(large) <= len(small)
