"""The principals' scouting tools: search by name, age and nationality filters, sorting by a
whitelisted column that keeps the filters, the shortlist kept between visits, and the
side-by-side comparison of two to four drivers."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from academy.enums import Categorisation, LicenceGrade, Role
from academy.extensions import db
from academy.models import Driver, ShortlistEntry
from academy.validity import age_on, born_by_for_age
from tests.builders import academy_day, login, make_driver, make_user
from tests.dossiers.conftest import make_graded_session, make_race

NAMES = ("Ren Sato", "Ama Mensah", "Øyvind Ødegård", "Kavya Iyer", "Li Haoran")


def listed(client, query: str = "") -> list[str]:
    """The drivers the list shows, in its order."""
    page = client.get(f"/scouting?{query}").text
    return re.findall(r'class="driver-link">([^<(]+?)(?: \(|<)', page)


def years_ago(years: int, days: int = 0) -> date:
    today = academy_day()
    return born_by_for_age(years, today) - timedelta(days=days)


@pytest.fixture
def field(academy):
    """Consenting drivers of several ages, nationalities, categories and licences."""
    make_driver(
        legal_name="Ama Mensah",
        nationality="GHA",
        date_of_birth=years_ago(25),  # 25 today
        categorisation=Categorisation.GOLD,
        licence=LicenceGrade.INTERNATIONAL_A,
        consent_scouting=True,
    )
    oyvind = make_driver(
        legal_name="Øyvind Ødegård",
        nationality="NOR",
        date_of_birth=years_ago(19, days=-1),  # 18: turns 19 tomorrow
        categorisation=Categorisation.BRONZE,
        licence=LicenceGrade.NATIONAL,
        consent_scouting=True,
    )
    kavya = make_driver(
        legal_name="Kavya Iyer",
        native_name="காவ்யா ஐயர்",
        nationality="IND",
        date_of_birth=years_ago(19),  # 19 today
        categorisation=None,
        licence=None,
        consent_scouting=True,
    )
    make_race(oyvind)
    make_race(oyvind)
    make_race(kavya)
    return academy


def test_the_age_bound_is_age_on_in_reverse_on_every_day_of_a_leap_cycle():
    for day in (date(2024, 2, 28), date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 1)):
        for age in (0, 1, 18, 19, 25):
            bound = born_by_for_age(age, day)
            for offset in range(-3, 4):
                born = bound + timedelta(days=offset)
                assert (age_on(born, day) >= age) == (born <= bound), (day, age, born)


def test_search_by_any_name_form(client, field):
    login(client, field.principal)
    assert listed(client, "q=odegard") == ["Øyvind Ødegård"]
    assert listed(client, "q=SATO+REN") == ["Ren Sato"]
    assert listed(client, "q=佐藤蓮") == ["Ren Sato"]
    assert listed(client, "q=காவ்யா") == ["Kavya Iyer"]
    assert listed(client, "q=haoran") == []  # not open to scouting


def test_filter_by_nationality_and_age_counts_birthdays(client, field):
    login(client, field.principal)
    assert listed(client, "nationality=GHA") == ["Ama Mensah"]
    # 19 today is 19; 18 until tomorrow is not.
    assert listed(client, "min_age=19&max_age=19") == ["Kavya Iyer"]
    assert listed(client, "max_age=18") == ["Øyvind Ødegård"]
    assert set(listed(client, "min_age=19")) == {"Ama Mensah", "Kavya Iyer", "Ren Sato"}


def test_an_impossible_age_range_is_explained_and_ignored(client, field):
    login(client, field.principal)
    response = client.get("/scouting?min_age=30&max_age=20")
    assert response.status_code == 200
    assert "Write an age from 30 up" in response.text
    # The bad bound is ignored; "from 30" still holds, and no one is 30.
    assert "No driver open to scouting matches these filters." in response.text
    response = client.get("/scouting?min_age=abc&nationality=XXX")
    assert response.status_code == 200
    assert "Not a valid choice" in response.text


def test_sort_by_each_whitelisted_column(client, field):
    login(client, field.principal)
    assert listed(client) == ["Ama Mensah", "Kavya Iyer", "Ren Sato", "Øyvind Ødegård"]
    assert listed(client, "sort=-name") == [
        "Øyvind Ødegård",
        "Ren Sato",
        "Kavya Iyer",
        "Ama Mensah",
    ]
    assert listed(client, "sort=age")[:2] == ["Øyvind Ødegård", "Kavya Iyer"]
    assert listed(client, "sort=-age")[0] == "Ama Mensah"
    assert listed(client, "sort=nationality") == [
        "Ama Mensah",
        "Kavya Iyer",
        "Ren Sato",
        "Øyvind Ødegård",
    ]  # GHA, IND, JPN, NOR
    # Category by its rank, the uncategorised last either way.
    assert listed(client, "sort=category") == [
        "Øyvind Ødegård",
        "Ren Sato",
        "Ama Mensah",
        "Kavya Iyer",
    ]
    assert listed(client, "sort=-category")[-1] == "Kavya Iyer"
    # Licence by grade (the one valid today), none last.
    assert listed(client, "sort=-licence") == [
        "Ama Mensah",
        "Ren Sato",
        "Øyvind Ødegård",
        "Kavya Iyer",
    ]
    assert listed(client, "sort=-starts")[:2] == ["Øyvind Ødegård", "Kavya Iyer"]


def test_an_unknown_sort_key_gives_the_name_order(client, field):
    login(client, field.principal)
    assert listed(client, "sort=date_of_birth") == listed(client)
    assert listed(client, "sort=-search_text;drop") == listed(client)


def test_sorting_keeps_the_filters_and_the_headings_link_with_them(client, field):
    login(client, field.principal)
    page = client.get("/scouting?min_age=19&sort=-age").text
    # Ren Sato is 22 (born 17 May 2004), Kavya Iyer 19, Øyvind Ødegård 18 is filtered out.
    assert listed(client, "min_age=19&sort=-age") == ["Ama Mensah", "Ren Sato", "Kavya Iyer"]
    heading = re.search(r'href="([^"]*)" data-sort="name"', page).group(1)
    assert "min_age=19" in heading and "sort=name" in heading
    # The filter form keeps the sort when the filters change (and offers it on a phone, where
    # the headings are hidden).
    assert '<option value="-age" selected>' in page


def shortlist_of(user) -> set[int]:
    db.session.expire_all()
    return set(
        db.session.execute(
            db.select(ShortlistEntry.driver_id).where(ShortlistEntry.user_id == user.id)
        ).scalars()
    )


def test_the_shortlist_is_kept_per_principal_between_visits(app, client, field):
    other_principal = make_user(Role.PRINCIPAL, name="Principal Chen")
    login(client, field.principal)
    sato = field.driver.id
    response = client.post(f"/scouting/shortlist/{sato}", data={"next": "/scouting?q=sato"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/scouting?q=sato")
    assert shortlist_of(field.principal) == {sato}
    # A second add changes nothing.
    client.post(f"/scouting/shortlist/{sato}")
    assert shortlist_of(field.principal) == {sato}
    login(client, field.principal)  # a new visit
    page = client.get("/scouting/shortlist").text
    assert "Ren Sato" in page
    assert "My shortlist (1)" in client.get("/scouting").text
    login(client, other_principal)
    assert "Ren Sato" not in client.get("/scouting/shortlist").text
    assert shortlist_of(other_principal) == set()


def test_remove_from_the_shortlist_on_the_drivers_page(client, field):
    login(client, field.principal)
    sato = field.driver.id
    client.post(f"/scouting/shortlist/{sato}")
    page = client.get(f"/scouting/drivers/{sato}").text
    assert "On my shortlist" in page
    response = client.post(
        f"/scouting/shortlist/{sato}/remove", data={"next": f"/scouting/drivers/{sato}"}
    )
    assert response.headers["Location"].endswith(f"/scouting/drivers/{sato}")
    assert shortlist_of(field.principal) == set()
    assert "Add to my shortlist" in client.get(f"/scouting/drivers/{sato}").text


def test_a_shortlist_button_never_sends_the_principal_off_the_site(client, field):
    login(client, field.principal)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/scouting/shortlist/{field.driver.id}", data={"next": target})
        assert response.headers["Location"].endswith("/scouting/shortlist")


def test_a_driver_not_open_to_scouting_cannot_be_shortlisted_and_leaves_the_list(client, field):
    login(client, field.principal)
    assert client.post(f"/scouting/shortlist/{field.other_driver.id}").status_code == 403
    assert shortlist_of(field.principal) == set()
    client.post(f"/scouting/shortlist/{field.driver.id}", follow_redirects=True)
    driver = db.session.get(Driver, field.driver.id)
    driver.consent_scouting = False
    db.session.commit()
    page = client.get("/scouting/shortlist").text
    assert "Ren Sato" not in page and "佐藤" not in page


def test_a_coach_and_a_driver_have_no_shortlist(client, field):
    for user in (field.coach, field.driver_user):
        login(client, user)
        assert client.get("/scouting/shortlist").status_code == 403
        assert client.post(f"/scouting/shortlist/{field.driver.id}").status_code == 403
    assert shortlist_of(field.coach) == set()


def compare_ids(field) -> list[int]:
    ids = list(
        db.session.execute(
            db.select(Driver.id).where(Driver.consent_scouting.is_(True)).order_by(Driver.id)
        ).scalars()
    )
    return ids


def test_compare_two_to_four_drivers_side_by_side(client, field, rubric):
    make_graded_session(field.driver, field.coach, {rubric["racecraft"]: 8})
    ama = db.session.execute(db.select(Driver).where(Driver.legal_name == "Ama Mensah")).scalar()
    make_graded_session(ama, field.coach, {rubric["racecraft"]: 6})
    login(client, field.principal)
    ids = compare_ids(field)
    query = "&".join(f"driver_id={i}" for i in ids[:4])
    response = client.get(f"/scouting/compare?{query}")
    assert response.status_code == 200
    page = response.text
    for name in ("Ren Sato", "Ama Mensah", "Øyvind Ødegård", "Kavya Iyer"):
        assert name in page
    for heading in ("Stage reached", "Race entries", "Gap to co-drivers", "Racecraft"):
        assert heading in page
    # One column per driver, in the order asked: Ren Sato (8), Ama Mensah (6), then the two
    # never graded.
    racecraft = re.search(r"<th scope=\"row\">Racecraft</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r'<td class="num">([^<]+)</td>', racecraft) == ["8", "6", "–", "–"]
    heads = re.findall(r'class="compare-head" data-driver="(\d+)"', page)
    assert heads == [str(i) for i in ids[:4]]


@pytest.mark.parametrize("count", [0, 1, 5])
def test_compare_refuses_too_few_or_too_many_drivers_with_a_clear_error(client, field, count):
    for index in range(3):
        make_driver(legal_name=f"Extra {index}", consent_scouting=True)
    login(client, field.principal)
    ids = compare_ids(field)[:count]
    query = "&".join(f"driver_id={i}" for i in ids)
    response = client.get(f"/scouting/compare?{query}")
    assert response.status_code == 400
    if count > 4:
        assert "Compare at most 4 drivers at a time (you chose 5)" in response.text
    else:
        assert "Choose at least 2 drivers to compare" in response.text


def test_the_same_driver_twice_is_one_driver(client, field):
    login(client, field.principal)
    sato = field.driver.id
    response = client.get(f"/scouting/compare?driver_id={sato}&driver_id={sato}")
    assert response.status_code == 400


def test_compare_with_a_driver_not_open_to_scouting_shows_nothing(client, field):
    login(client, field.principal)
    response = client.get(
        f"/scouting/compare?driver_id={field.driver.id}&driver_id={field.other_driver.id}"
    )
    assert response.status_code == 403
    assert "Li Haoran" not in response.text and "Ren Sato" not in response.text
    response = client.get(f"/scouting/compare?driver_id={field.driver.id}&driver_id=999999")
    assert response.status_code == 404


def test_compare_runs_the_same_statements_for_short_and_long_histories(
    client, academy, rubric, count_queries
):
    drivers = [make_driver(legal_name=f"Compared {i}", consent_scouting=True) for i in range(4)]
    for driver in drivers:
        make_race(driver)
        make_graded_session(driver, academy.coach, {rubric["racecraft"]: 7})
    login(client, academy.principal)
    query = "&".join(f"driver_id={d.id}" for d in drivers)
    with count_queries() as short:
        assert client.get(f"/scouting/compare?{query}").status_code == 200
    for driver in drivers:
        for index in range(6):
            make_race(driver, on=date(2025, 1, 1) + timedelta(days=7 * index))
            make_graded_session(
                driver, academy.coach, {rubric["racecraft"]: 5}, on=date(2025, 6, 1 + index)
            )
    with count_queries() as long:
        assert client.get(f"/scouting/compare?{query}").status_code == 200
    assert len(long) == len(short)
    two = "&".join(f"driver_id={d.id}" for d in drivers[:2])
    with count_queries() as pair:
        assert client.get(f"/scouting/compare?{two}").status_code == 200
    assert len(pair) < len(short) <= 45


def test_the_list_runs_the_same_statements_sorted_searched_and_filtered_for_3_or_30(
    client, academy, count_queries
):
    login(client, academy.principal)
    query = "q=driver&sort=-stage&min_age=18&nationality=JPN"
    for index in range(2):
        make_race(make_driver(legal_name=f"Small Driver {index}", consent_scouting=True))
    with count_queries() as small:
        assert client.get(f"/scouting?{query}").status_code == 200
    with count_queries() as small_by_age:
        assert client.get("/scouting?sort=age").status_code == 200
    for index in range(28):
        make_race(make_driver(legal_name=f"Large Driver {index}", consent_scouting=True))
    with count_queries() as large:
        assert client.get(f"/scouting?{query}").status_code == 200
    with count_queries() as large_by_age:
        assert client.get("/scouting?sort=age").status_code == 200
    assert len(large) == len(small)
    assert len(large_by_age) == len(small_by_age)
