"""The race page for every role: results are public, so a driver and a principal see any race's
classification, crew legality and driving times; what the academy keeps to itself (the imported
files and who imported them, the import button, a driver's own pages) stays with the staff, and
a principal reaches only the scouting view of a driver who consented."""

from __future__ import annotations

from datetime import date

import pytest

from academy.enums import Categorisation, RaceClass
from academy.extensions import db
from academy.models import ImportBatch
from tests.builders import login, make_driver
from tests.drivers.racing import make_entry, make_event
from tests.results.test_import_web_flow import text

MIN = 60_000


@pytest.fixture
def race(academy):
    event = make_event(series="ALMS", season="2025-26", starts_on=date(2025, 12, 13))
    academy.driver.categorisation = Categorisation.SILVER
    academy.other_driver.categorisation = Categorisation.SILVER
    bronze = make_driver(legal_name="Bea Bronze", categorisation=Categorisation.BRONZE)
    make_entry(
        event,
        [academy.driver, bronze],
        car_number="1",
        race_class=RaceClass.LMP3,
        drive_times_ms=[120 * MIN, 120 * MIN],
    )
    # No Bronze in an ALMS LMP3 crew: illegal, for every role to see.
    illegal = make_entry(
        event,
        [academy.other_driver, "Sam SILVER"],
        car_number="2",
        race_class=RaceClass.LMP3,
        drive_times_ms=[100 * MIN, 140 * MIN],
    )
    illegal.results[1].external_category = Categorisation.SILVER
    db.session.add(
        ImportBatch(
            event_id=event.id,
            file_name="sepang-internal.csv",
            file_format="alkamel_classification",
            sha256="ab" * 32,
            row_count=2,
            imported_by_id=academy.coach.id,
        )
    )
    db.session.commit()
    return event


def _page(client, user, event) -> tuple[int, str, str]:
    login(client, user)
    response = client.get(f"/results/events/{event.id}")
    return response.status_code, response.get_data(as_text=True), text(response)


def _sees_the_race(page: str, marks_li: bool = True) -> None:
    assert "1 illegal crew" in page
    assert "no Bronze driver; ALMS requires at least one in LMP3" in page
    assert "Ren Sato academy 2h 00m" in page
    # Li Haoran did not consent to scouting: a principal does not learn he is the academy's.
    assert ("Li Haoran academy 1h 40m" if marks_li else "Li Haoran 1h 40m") in page


@pytest.mark.parametrize("viewer", ["admin", "coach"])
def test_staff_see_the_race_with_its_imported_files(client, academy, race, viewer) -> None:
    status, html, page = _page(client, getattr(academy, viewer), race)
    assert status == 200
    _sees_the_race(page)
    assert "Import a timing file" in page
    assert "sepang-internal.csv" in page and "Coach Tanaka" in page
    assert f"/drivers/{academy.driver.id}/history" in html


@pytest.mark.parametrize("viewer", ["driver_user", "other_driver_user"])
def test_a_driver_sees_any_race_but_not_the_academys_files(client, academy, race, viewer) -> None:
    status, html, page = _page(client, getattr(academy, viewer), race)
    assert status == 200
    _sees_the_race(page)
    assert "Import a timing file" not in page
    assert "Imported files" not in page and "sepang-internal.csv" not in page
    assert "Coach Tanaka" not in page
    me, other = (
        (academy.driver, academy.other_driver)
        if viewer == "driver_user"
        else (academy.other_driver, academy.driver)
    )
    assert f"/drivers/{me.id}/history" in html  # their own results
    assert f"/drivers/{other.id}/" not in html  # another driver's pages: not linked


def test_a_principal_sees_the_race_and_only_consenting_drivers_scouting_view(
    client, academy, race
) -> None:
    status, html, page = _page(client, academy.principal, race)
    assert status == 200
    _sees_the_race(page, marks_li=False)
    assert "Import a timing file" not in page
    assert "Imported files" not in page and "sepang-internal.csv" not in page
    assert "/history" not in html  # no driver's academy pages
    assert f'href="/scouting/drivers/{academy.driver.id}"' in html  # consented
    assert f"/scouting/drivers/{academy.other_driver.id}" not in html  # did not consent
    assert f"/drivers/{academy.other_driver.id}" not in html


def test_the_season_page_links_every_role_to_the_race(client, academy, race) -> None:
    for viewer in ("driver_user", "principal"):
        login(client, getattr(academy, viewer))
        html = client.get(f"/seasons/{race.season_id}").get_data(as_text=True)
        assert f'href="/results/events/{race.id}"' in html
