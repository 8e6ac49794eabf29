"""The invitation race on the director's dashboard and on a driver's progress page."""

from __future__ import annotations

from tests.builders import login
from tests.championship.builders import season_with_races
from tests.results.test_import_web_flow import text


def test_the_dashboard_shows_each_current_invitation_race_with_our_cars(client, academy) -> None:
    # Car #1 (LMP2, the academy's) wins both races.
    season_with_races(2, 9, academy=[academy.driver], order=lambda race, count: list(range(count)))
    login(client, academy.admin)
    page = text(client.get("/dashboard"))
    assert "The race for the Le Mans invitations" in page
    assert "Asian Le Mans Series 2025-26" in page
    assert "Our car #1 Team 1 academy : P1 in LMP2, 50 points" in page
    assert "holds an invitation place" in page
    assert "2 of 6 races held" in page
    assert "not decided" in page


def test_the_progress_page_shows_the_invitation_race_of_the_drivers_car(client, academy) -> None:
    season_with_races(2, 9, academy=[academy.driver], order=lambda race, count: list(range(count)))
    login(client, academy.driver_user)
    page = text(client.get(f"/drivers/{academy.driver.id}/progress"))
    assert "The Le Mans invitation race" in page
    assert (
        "races car #1 Team 1 academy in Asian Le Mans Series 2025-26 , LMP2: P1, 50 points" in page
    )
    assert "holds invitation place 1" in page


def test_no_invitation_section_for_a_driver_without_a_car(client, academy) -> None:
    season_with_races(1, 6)
    login(client, academy.admin)
    page = text(client.get(f"/drivers/{academy.other_driver.id}/progress"))
    assert "The Le Mans invitation race" not in page


def test_the_invitation_dossier_prints_the_team_position_and_invitation_status(
    client, academy
) -> None:
    from tests.dossiers.conftest import flat, pdf_text
    from tests.dossiers.test_downloads import download

    season_with_races(2, 9, academy=[academy.driver], order=lambda race, count: list(range(count)))
    login(client, academy.coach)
    response = download(client, academy.driver.id, "invitation")
    text_of_pdf = flat(pdf_text(response.data))
    assert "Championship and Le Mans invitation" in text_of_pdf
    assert "#1 Team 1, LMP2, Asian Le Mans Series 2025-26: P1 in the team standings" in text_of_pdf
    assert "holds invitation place 1 (LMP2 at Le Mans 2026)" in text_of_pdf


def test_the_dashboard_lists_our_best_five_cars_of_a_class_and_links_the_full_standings(
    client, academy
) -> None:
    from sqlalchemy import select

    from academy.extensions import db
    from academy.models import RaceEntry, Result
    from tests.builders import make_driver

    season = season_with_races(1, 24)  # eight LMP2 cars
    lmp2 = db.session.execute(
        select(RaceEntry).where(RaceEntry.class_name == "LMP2").order_by(RaceEntry.id)
    ).scalars()
    for number, entry in enumerate(lmp2):
        seat = db.session.execute(
            select(Result).where(Result.entry_id == entry.id, Result.seat == 1)
        ).scalar_one()
        seat.driver = make_driver(legal_name=f"Academy {number}")
        seat.external_name = ""
    db.session.commit()
    login(client, academy.admin)
    response = client.get("/dashboard")
    page = text(response)
    assert page.count("Our car #") == 5
    assert "and 3 more of our cars · the full standings" in page
    assert f'href="/seasons/{season.id}">the full standings' in response.get_data(as_text=True)
