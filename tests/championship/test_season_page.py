"""The season page: standings per class for teams and drivers with the season's sporting rules,
each points figure explained, the academy's cars marked, the invitation race; a fixed number of
statements whatever the number of races."""

from __future__ import annotations

import re

import pytest

from academy.extensions import db
from academy.models import Event, Result, Season
from tests.builders import login, make_driver
from tests.championship.builders import make_season, season_with_races
from tests.drivers.racing import make_event
from tests.results.import_db_helpers import import_bytes
from tests.results.independent import REAL_DATA
from tests.results.test_import_web_flow import text

SEPANG = REAL_DATA / "alms-2025-sepang-race1-classification.csv"


def _row(page: str, car: str) -> str:
    """The text of the standings row of car `car` (up to the next row)."""
    found = re.search(rf"\d+ #{car} [^#]*?(?=\d+ #|\bDrivers\b|$)", page)
    assert found, f"no row for #{car}"
    return found.group(0)


def test_the_real_sepang_race_gives_each_class_its_points(client, academy) -> None:
    event = make_event(series="ALMS", season="2024-25")
    import_bytes(SEPANG.read_bytes(), event, SEPANG.name)
    login(client, academy.principal)
    page = text(client.get(f"/seasons/{event.season_id}"))
    # LMP2: RD Limited won, AF Corse #83 second; Proton #22 was disqualified (0).
    assert "1 #30 RD Limited" in page
    assert "R" in page and "P1 in class: 25" in page
    assert "2 #83 AF Corse 0 18" in page
    assert "P2 in class: 18" in page
    # LMP3: Ultimate #35 won its class (9th overall).
    assert "1 #35 Ultimate 1 25" in page
    # GT: Car Guy #57 first in GT, 10 cars scored 25 to 1, the rest 0.5.
    assert "1 #57 Car Guy 1 25" in page
    assert "classified outside the top ten (P11 in class): 0.5" in page
    assert "Disqualified: 0" in page or "disqualified: 0" in page.lower()
    # Both ALMS invitations are open after one race of six.
    assert "The race for the Le Mans invitations" in page
    assert "1 of 6 races held" in page


def test_the_academy_car_and_drivers_are_marked_and_explained(client, academy) -> None:
    ours = [make_driver(legal_name="Kenta Mori"), make_driver(legal_name="Ana Ruiz")]
    season = season_with_races(2, 9, academy=ours)
    login(client, academy.driver_user)
    response = client.get(f"/seasons/{season.id}")
    html = response.get_data(as_text=True)
    page = text(response)
    assert response.status_code == 200
    assert "Kenta Mori academy" in page
    assert "#1 Team 1 academy" in page
    assert html.count('class="academy-row"') >= 3  # the car and both drivers
    assert '<details class="points-explained">' in html
    assert "R1 Sepang International Circuit: P1 in class: 25" in page


def test_a_season_without_sporting_rules_says_so(client, academy) -> None:
    season = make_season(series="ALMS", label="2019-20")
    db.session.commit()
    login(client, academy.admin)
    page = text(client.get(f"/seasons/{season.id}"))
    assert "The academy has no sporting rules for" in page


@pytest.mark.parametrize("viewer", ["admin", "coach", "driver_user", "principal"])
def test_every_signed_in_role_sees_the_season(client, academy, viewer) -> None:
    season = season_with_races(1, 4)
    login(client, getattr(academy, viewer))
    assert client.get(f"/seasons/{season.id}").status_code == 200
    assert "ALMS" in text(client.get("/seasons")) or "Asian Le Mans Series" in text(
        client.get("/seasons")
    )


def test_statements_do_not_grow_with_the_races(client, academy, count_queries) -> None:
    ours = [make_driver(legal_name="Kenta Mori")]
    short = season_with_races(1, 12, academy=ours)
    long = season_with_races(6, 12, academy=ours, season=make_season(label="2024-25"))
    login(client, academy.admin)
    counts = []
    for season in (short, long):
        client.get(f"/seasons/{season.id}")  # warm: rules loaded, session user
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(f"/seasons/{season.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert counts[1] <= 10
    assert db.session.execute(db.select(Event.id).where(Event.season_id == long.id)).all()
    assert db.session.get(Season, long.id)


def test_one_name_in_two_cars_of_a_race_scores_for_each_car_and_takes_no_page_down(
    client, academy
) -> None:
    """Two external drivers of one name (or a driver moved to a second car) in one race: the
    engine refuses one driver in two crews, so each car's seat scores apart and the season
    page and the director's dashboard still answer."""
    season = season_with_races(1, 4)
    results = db.session.execute(
        db.select(Result).where(Result.external_name.in_(["Driver 2-1", "Driver 3-1"]))
    ).scalars()
    for result in results:
        result.external_name = "James Allen Price"
    db.session.commit()
    login(client, academy.admin)
    response = client.get(f"/seasons/{season.id}")
    assert response.status_code == 200
    assert text(response).count("James Allen Price") >= 2
    assert client.get("/dashboard").status_code == 200
