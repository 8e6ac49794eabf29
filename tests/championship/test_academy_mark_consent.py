"""A principal learns that a driver is the academy's only when the driver is open to scouting
(`Driver.consent_scouting`): on the season page (standings, invitation race) and the race page
a non-consenting academy driver and their car look like any other; staff and drivers still see
every academy mark."""

from __future__ import annotations

import pytest

from academy.extensions import db
from academy.models import Event, Result
from tests.builders import login, make_driver
from tests.championship.builders import season_with_races
from tests.championship.test_season_page import _row
from tests.results.test_import_web_flow import text


@pytest.fixture
def private_car(academy):
    """Car #1 driven by one academy driver who did not consent to scouting."""
    private = make_driver(legal_name="Kenta Mori", consent_scouting=False)
    return season_with_races(2, 9, academy=[private])


def _first_race(season):
    return (
        db.session.execute(db.select(Event).where(Event.season_id == season.id).order_by(Event.id))
        .scalars()
        .first()
    )


def _spelt_in_the_file(name: str) -> None:
    """Every academy driver's seat as a timing file would have named it."""
    for result in db.session.execute(
        db.select(Result).where(Result.driver_id.is_not(None))
    ).scalars():
        result.external_name = name
    db.session.commit()


@pytest.fixture
def open_car(academy):
    """Car #1 driven by one academy driver who is open to scouting."""
    return season_with_races(
        2, 9, academy=[make_driver(legal_name="Ana Ruiz", consent_scouting=True)]
    )


def test_a_principal_sees_no_academy_mark_on_a_non_consenting_driver_or_their_car(
    client, academy, private_car
) -> None:
    login(client, academy.principal)
    response = client.get(f"/seasons/{private_car.id}")
    html = response.get_data(as_text=True)
    page = text(response)
    assert response.status_code == 200
    assert "Kenta Mori" in page  # the results are public
    assert "Kenta Mori academy" not in page
    assert "academy" not in _row(page, "1")
    assert 'class="academy-row"' not in html
    assert 'badge badge-met">academy<' not in html


def test_a_principal_sees_the_mark_of_a_consenting_driver(client, academy, open_car) -> None:
    login(client, academy.principal)
    response = client.get(f"/seasons/{open_car.id}")
    page = text(response)
    assert "Ana Ruiz academy" in page
    assert "#1 Team 1 academy" in page
    assert response.get_data(as_text=True).count('class="academy-row"') >= 2


@pytest.mark.parametrize("viewer", ["admin", "coach", "driver_user"])
def test_staff_and_drivers_still_see_every_academy_mark(
    client, academy, private_car, viewer
) -> None:
    login(client, getattr(academy, viewer))
    page = text(client.get(f"/seasons/{private_car.id}"))
    assert "Kenta Mori academy" in page
    assert "#1 Team 1 academy" in page


def test_the_race_page_marks_no_non_consenting_driver_for_a_principal(
    client, academy, private_car
) -> None:
    event = _first_race(private_car)
    login(client, academy.principal)
    response = client.get(f"/results/events/{event.id}")
    page = text(response)
    assert "Kenta Mori" in page
    assert "Kenta Mori academy" not in page
    assert 'badge badge-met">academy<' not in response.get_data(as_text=True)
    login(client, academy.coach)
    assert "Kenta Mori academy" in text(client.get(f"/results/events/{event.id}"))


def test_a_principal_reads_a_non_consenting_driver_as_the_timing_file_spelt_them(
    client, academy, private_car
) -> None:
    """The academy's own spelling of a name ('Kenta Mori' where every other seat reads as the
    file gave it) would tell a principal whose driver it is; staff still read the legal name."""
    _spelt_in_the_file("K. MORI")
    event = _first_race(private_car)
    login(client, academy.principal)
    for url in (f"/seasons/{private_car.id}", f"/results/events/{event.id}"):
        page = text(client.get(url))
        assert "K. MORI" in page, url
        assert "Kenta Mori" not in page, url
    login(client, academy.coach)
    for url in (f"/seasons/{private_car.id}", f"/results/events/{event.id}"):
        page = text(client.get(url))
        assert "Kenta Mori academy" in page, url
        assert "K. MORI" not in page, url


def test_a_principal_reads_a_consenting_driver_by_their_own_name(client, academy, open_car) -> None:
    _spelt_in_the_file("A. RUIZ")
    login(client, academy.principal)
    page = text(client.get(f"/seasons/{open_car.id}"))
    assert "Ana Ruiz academy" in page
    assert "A. RUIZ" not in page
