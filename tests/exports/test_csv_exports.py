from __future__ import annotations

import csv
import io

from academy.exports.csv_safe import neutralise
from academy.extensions import db
from tests.builders import login, make_driver


def _rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_formula_cells_are_neutralised():
    assert neutralise('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    for start in ("+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(start).startswith("'")
    assert neutralise("Ren Sato") == "Ren Sato"
    assert neutralise(None) == ""


def test_coach_exports_only_their_drivers_with_names_as_typed(client, academy):
    make_driver(legal_name="=cmd|' /C calc'!A0", coach=academy.coach)
    login(client, academy.coach)
    response = client.get("/exports/drivers.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    names = [row[1] for row in rows[1:]]
    assert "Ren Sato" in names
    assert "Li Haoran" not in names
    assert "'=cmd|' /C calc'!A0" in names
    assert rows[1][2] == "佐藤 蓮" or "佐藤 蓮" in [row[2] for row in rows[1:]]


def test_driver_exports_own_results_but_not_another_drivers(client, academy):
    login(client, academy.driver_user)
    assert client.get(f"/exports/drivers/{academy.driver.id}/results.csv").status_code == 200
    assert client.get(f"/exports/drivers/{academy.other_driver.id}/results.csv").status_code == 403


def test_results_export_lists_the_drivers_races(client, academy):
    from datetime import date
    from decimal import Decimal

    from academy.enums import RaceClass, ResultStatus
    from academy.models import Circuit, Event, RaceEntry, Result, Season, Series

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
        team="@Team =Smith & <Sons>",
        race_class=RaceClass.LMP3,
        status=ResultStatus.CLASSIFIED,
        position_in_class=2,
        laps=120,
        points=Decimal(18),
    )
    entry.results.append(
        Result(driver_id=academy.driver.id, seat=1, drive_time_ms=7_200_000, laps=60)
    )
    db.session.add(entry)
    db.session.commit()
    login(client, academy.coach)
    rows = _rows(client.get(f"/exports/drivers/{academy.driver.id}/results.csv"))
    assert rows[1][1] == "ALMS" and rows[1][4] == "Sepang International Circuit"
    assert rows[1][7] == "'@Team =Smith & <Sons>"
    assert rows[1][14] == "7200"
