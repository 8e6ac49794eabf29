"""The race debrief page on a real race: Le Mans 2023, car #8 (Toyota), R. HIRAKAWA."""

from __future__ import annotations

import pytest

from academy.enums import Role
from academy.extensions import db
from academy.models import Event, Result
from tests.builders import login, make_driver, make_user
from tests.results.independent import REAL_DATA

LAP_ANALYSIS = REAL_DATA / "wec-2023-lemans-24h-lap-analysis.csv"


@pytest.fixture
def le_mans(runner, app):
    coach = make_user(Role.COACH)
    driver = make_driver(legal_name="Ryo Hirakawa", coach=coach)
    result = runner.invoke(
        args=[
            "events",
            "create",
            "--series",
            "LM24",
            "--season",
            "2023",
            "--circuit",
            "Le Mans",
            "--date",
            "2023-06-10",
            "--hours",
            "24",
        ]
    )
    event = db.session.get(Event, int(result.output.split()[-1]))
    imported = runner.invoke(args=["import-results", str(LAP_ANALYSIS), "--event", str(event.id)])
    assert imported.exit_code == 0, imported.output
    mine = db.session.execute(db.select(Result).where(Result.driver_id == driver.id)).scalar_one()
    return coach, driver, mine


def test_the_debrief_shows_stints_pace_and_the_chart(client, le_mans) -> None:
    coach, driver, result = le_mans
    login(client, coach)
    page = client.get(f"/drivers/{driver.id}/results/{result.id}/debrief")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Race debrief" in text and "#8 Toyota Gazoo Racing" in text
    assert "pace gap to co-drivers" in text and "consistency" in text
    assert "Sébastien BUEMI" in text and "Brendon HARTLEY" in text
    assert text.count('class="dot mine') == result.laps  # every lap of his on the chart
    assert "<h2>Stints</h2>" in text


def test_the_race_history_links_to_the_debrief(client, le_mans) -> None:
    coach, driver, result = le_mans
    login(client, coach)
    history = client.get(f"/drivers/{driver.id}/history").get_data(as_text=True)
    assert f"/drivers/{driver.id}/results/{result.id}/debrief" in history


def test_the_debrief_takes_the_same_statements_whatever_the_laps(
    client, runner, le_mans, count_queries, tmp_path
) -> None:
    coach, driver, result = le_mans
    # The same race cut after its first 400 laps (a copy made here), into another event.
    lines = LAP_ANALYSIS.read_bytes().splitlines(keepends=True)
    short = tmp_path / "short.csv"
    short.write_bytes(b"".join(lines[:401]))
    created = runner.invoke(
        args=[
            "events",
            "create",
            "--series",
            "WEC",
            "--season",
            "2023",
            "--circuit",
            "Le Mans",
            "--date",
            "2023-06-10",
            "--hours",
            "24",
            "--round",
            "4",
        ]
    )
    event_id = created.output.split()[-1]
    other = make_driver(legal_name="Gabriel Aubry", coach=coach)
    assert runner.invoke(args=["import-results", str(short), "--event", event_id]).exit_code == 0
    short_result = db.session.execute(
        db.select(Result).where(Result.driver_id == other.id)
    ).scalar_one()
    login(client, coach)
    client.get(f"/drivers/{driver.id}/history")  # the first page after signing in does more
    counts = []
    urls = [
        f"/drivers/{who.id}/results/{which.id}/debrief"
        for who, which in ((driver, result), (other, short_result))
    ]
    for url in urls:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    # 7 for the debrief itself, 6 for the driving time and crew check (academy.championship:
    # season, race, cars, seats, categories, the car's laps)
    assert counts[0] == counts[1] <= 13, (counts, statements)


def test_without_a_lap_analysis_the_debrief_says_what_to_import(client, runner, app) -> None:
    coach = make_user(Role.COACH)
    driver = make_driver(legal_name="Ryo Hirakawa", coach=coach)
    out = runner.invoke(
        args=[
            "events",
            "create",
            "--series",
            "LM24",
            "--season",
            "2023",
            "--circuit",
            "Le Mans",
            "--date",
            "2023-06-10",
            "--hours",
            "24",
        ]
    )
    event_id = out.output.split()[-1]
    hour_by_hour = REAL_DATA / "lemans-2023-hour-by-hour.csv"
    assert (
        runner.invoke(args=["import-results", str(hour_by_hour), "--event", event_id]).exit_code
        == 0
    )
    result = db.session.execute(db.select(Result).where(Result.driver_id == driver.id)).scalar_one()
    login(client, coach)
    text = client.get(f"/drivers/{driver.id}/results/{result.id}/debrief").get_data(as_text=True)
    assert "import the race's lap analysis" in text
