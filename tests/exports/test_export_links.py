"""Exports are linked where their data is shown (drivers, results, cohort grades, the board),
and write values in words (International B, Silver, Classified), dates in ISO."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest

from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus
from academy.extensions import db
from academy.models import Circuit, Competency, Event, RaceEntry, Result, Season, Series
from academy.rubric import ensure_default_rubric
from tests.builders import login
from tests.coaching.conftest import make_session


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def _download_link(page: str) -> str:
    """The href of the page's CSV download link."""
    found = re.findall(r'href="([^"]+)"[^>]*\bdownload\b', page)
    assert len(found) == 1, found
    return found[0].replace("&amp;", "&")


@pytest.fixture
def licensed(academy):
    academy.driver.licences[0].grade = LicenceGrade.INTERNATIONAL_B
    academy.driver.categorisation = Categorisation.SILVER
    academy.other_driver.categorisation = Categorisation.GOLD
    db.session.commit()
    return academy


def test_the_drivers_list_links_its_export_with_values_in_words(client, licensed):
    login(client, licensed.coach)
    link = _download_link(client.get("/drivers/").get_data(as_text=True))
    assert link == "/exports/drivers.csv"
    [row] = _rows(client.get(link))
    assert row["legal name"] == "Ren Sato"
    assert row["licence"] == "International B"
    assert row["categorisation"] == "Silver"
    assert row["date of birth"] == "2004-05-17"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["licence expires"])


def _race(driver) -> None:
    series = Series(code="ALMS", name="Asian Le Mans Series")
    season = Season(series=series, label="2025-26", starts_on=date(2025, 12, 13))
    circuit = Circuit(name="Sepang International Circuit", country="MYS")
    event = Event(
        season=season,
        circuit=circuit,
        name="ALMS Sepang race 1",
        round_number=1,
        race_number=1,
        starts_on=date(2025, 12, 13),
        duration_hours=Decimal(4),
    )
    entry = RaceEntry(
        event=event,
        car_number="25",
        team="Team",
        race_class=RaceClass.LMP2_PRO_AM,
        status=ResultStatus.DNF,
        laps=80,
        points=Decimal(0),
    )
    entry.results.append(Result(driver_id=driver.id, seat=1, laps=40))
    db.session.add(entry)
    db.session.commit()


def test_the_race_history_links_its_export_with_values_in_words(client, academy):
    _race(academy.driver)
    login(client, academy.driver_user)
    page = client.get(f"/drivers/{academy.driver.id}/history").get_data(as_text=True)
    link = _download_link(page)
    assert link == f"/exports/drivers/{academy.driver.id}/results.csv"
    [row] = _rows(client.get(link))
    assert row["status"] == "DNF"
    assert row["date"] == "2025-12-13"


def test_the_cohort_grades_page_links_its_export_with_the_same_drivers(client, academy):
    ensure_default_rubric()
    db.session.commit()
    competency = db.session.execute(
        db.select(Competency).where(Competency.key == "racecraft")
    ).scalar_one()
    make_session(academy.driver, academy.coach, held_on=date(2026, 11, 20), scores={competency: 8})
    make_session(
        academy.other_driver,
        academy.other_coach,
        held_on=date(2026, 11, 21),
        scores={competency: 4},
    )
    login(client, academy.coach)
    page = client.get("/coaching/cohort").get_data(as_text=True)
    link = _download_link(page)
    assert link.startswith("/exports/cohort-grades.csv")
    rows = _rows(client.get(link))
    assert [row["driver"] for row in rows] == ["Ren Sato"]
    assert rows[0][competency.name] == "8"
    assert rows[0]["last session"] == "2026-11-20"
    login(client, academy.admin)
    assert sorted(row["driver"] for row in _rows(client.get(link))) == ["Li Haoran", "Ren Sato"]


def test_the_board_links_its_export_with_the_boards_filters_and_words(client, licensed):
    login(client, licensed.admin)
    page = client.get("/pathway/board?categorisation=silver").get_data(as_text=True)
    link = _download_link(page)
    assert "format=csv" in link and "categorisation=silver" in link
    rows = _rows(client.get(link))
    assert [row["driver"] for row in rows] == ["Ren Sato"]  # Li Haoran is Gold
    [row] = rows
    assert row["categorisation"] == "Silver"
    assert row["stage reached"]
    assert "_" not in row["statuses"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["as of"])


def test_another_coachs_driver_on_the_board_export_shows_no_statuses(client, academy):
    login(client, academy.coach)
    rows = _rows(client.get("/pathway/board?scope=all&format=csv"))
    by_name = {row["driver"]: row for row in rows}
    assert by_name["Li Haoran"]["statuses"] == ""
