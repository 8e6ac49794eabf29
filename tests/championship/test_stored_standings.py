"""The current seasons' standings on the director's dashboard are kept per version of the
championship data: stored by a confirmed import and the nightly command, read by every view and
every app server, and worked out again as soon as anything they are made of changes."""

from __future__ import annotations

import dataclasses
from datetime import date

from sqlalchemy import select, update

from academy.championship import stored
from academy.enums import Categorisation, ResultStatus
from academy.extensions import db
from academy.models import (
    CategorisationRecord,
    Driver,
    Event,
    RaceEntry,
    Result,
    SeasonEntry,
    StoredStandings,
    Team,
)
from tests.builders import login, make_driver
from tests.championship.builders import make_season, season_with_races
from tests.results.test_import_web_flow import text


def _winner_season(academy):
    """Two races that the academy's LMP2 car #1 wins (50 points)."""
    return season_with_races(
        2, 9, academy=[academy.driver], order=lambda race, count: list(range(count))
    )


def _dashboard_statements(client, count_queries) -> list[str]:
    with count_queries() as statements:
        assert client.get("/dashboard").status_code == 200
    return statements


def test_a_result_changed_after_a_view_shows_on_the_next_view(client, academy) -> None:
    season = _winner_season(academy)
    login(client, academy.admin)
    assert "Our car #1 Team 1 academy : P1 in LMP2, 50 points" in text(client.get("/dashboard"))
    assert db.session.get(StoredStandings, season.id) is None  # a GET writes nothing

    second_race = (
        db.session.execute(
            select(Event.id).where(Event.season_id == season.id).order_by(Event.starts_on.desc())
        )
        .scalars()
        .first()
    )
    db.session.execute(
        update(RaceEntry)
        .where(RaceEntry.event_id == second_race, RaceEntry.car_number == "1")
        .values(status=ResultStatus.DNF, position_in_class=None)
    )
    db.session.commit()

    page = text(client.get("/dashboard"))
    assert "Our car #1 Team 1 academy : P3 in LMP2, 25 points" in page
    assert "Our car #1 Team 1 academy : P1 in LMP2, 50 points" not in page


def test_another_app_server_reads_the_stored_standings_instead_of_working_them_out(
    client, academy, count_queries, monkeypatch, runner
) -> None:
    season = _winner_season(academy)
    result = runner.invoke(args=["championship", "store-standings"])
    assert "1 championships worked out and stored" in result.output
    assert db.session.get(StoredStandings, season.id) is not None
    monkeypatch.setattr(stored, "_memo", {})  # a server that has not seen them yet
    login(client, academy.admin)
    statements = _dashboard_statements(client, count_queries)
    assert any("stored_standings" in statement for statement in statements)
    assert not any("FROM race_entries" in statement for statement in statements)
    assert "Our car #1 Team 1 academy : P1 in LMP2, 50 points" in text(client.get("/dashboard"))
    again = runner.invoke(args=["championship", "store-standings"])
    assert "0 championships worked out" in again.output  # still current


def test_a_confirmed_import_stores_the_current_championships(client, academy) -> None:
    from tests.drivers.racing import make_event
    from tests.results.import_db_helpers import REAL_FILE
    from tests.results.test_import_web_flow import upload

    season = _winner_season(academy)
    le_mans = make_event(
        series="LM24", season="2023", circuit="Circuit de la Sarthe", hours=24, round_number=1
    )
    login(client, academy.coach)
    preview_url = upload(client, le_mans, REAL_FILE.read_bytes()).headers["Location"]
    client.post(preview_url + "/confirm")
    row = db.session.get(StoredStandings, season.id)
    assert row is not None
    assert row.made_from.startswith(f"{stored.championship_data_version()}:")


def test_the_dashboard_statements_do_not_grow_with_races_cars_and_drivers(
    client, academy, count_queries
) -> None:
    season_with_races(2, 6, academy=[academy.driver])
    login(client, academy.admin)
    client.get("/dashboard")
    small = len(_dashboard_statements(client, count_queries))

    for number in range(30):
        make_driver(legal_name=f"Grown {number}")
    # The other series' current season, of six races of 45 cars.
    season_with_races(6, 45, season=make_season("ELMS", "2026", date(2026, 4, 18)))
    assert "ELMS 2026" in text(client.get("/dashboard"))  # worked out once
    large = len(_dashboard_statements(client, count_queries))
    assert small == large


def _version() -> str | None:
    return stored.championship_data_version()


def test_every_write_a_championship_is_made_of_changes_the_data_version(academy) -> None:
    season = season_with_races(1, 3, academy=[academy.driver])
    entry = db.session.execute(select(RaceEntry).limit(1)).scalar_one()
    result = db.session.execute(select(Result).limit(1)).scalar_one()
    changes = {
        "a result": lambda: setattr(result, "drive_time_ms", 1),
        "a race entry": lambda: setattr(entry, "laps", 99),
        "a season entry": lambda: db.session.execute(
            update(SeasonEntry).where(SeasonEntry.season_id == season.id).values(car_number="77")
        ),
        "a team's name": lambda: db.session.execute(update(Team).values(name=Team.name + " X")),
        "an event": lambda: db.session.execute(update(Event).values(name="Renamed")),
        "a categorisation record": lambda: db.session.add(
            CategorisationRecord(
                driver_id=academy.driver.id,
                category=Categorisation.SILVER,
                effective_on=date(2025, 1, 1),
            )
        ),
        "a driver's category": lambda: db.session.execute(
            update(Driver)
            .where(Driver.id == academy.driver.id)
            .values(categorisation=Categorisation.GOLD)
        ),
        "a driver's name": lambda: db.session.execute(
            update(Driver).where(Driver.id == academy.driver.id).values(legal_name="Renamed")
        ),
        "a deleted result": lambda: db.session.delete(result),
    }
    for what, change in changes.items():
        before = _version()
        change()
        db.session.commit()
        assert _version() != before, what


def test_a_coaching_session_leaves_the_data_version_alone(academy) -> None:
    from tests.progress.builders import add_session

    season_with_races(1, 3, academy=[academy.driver])
    before = _version()
    add_session(academy.driver, academy.coach, date(2026, 1, 5))
    db.session.commit()
    assert _version() == before


def test_a_changed_rules_file_is_worked_out_anew(
    client, academy, count_queries, monkeypatch
) -> None:
    from academy.championship import current

    _winner_season(academy)
    login(client, academy.admin)
    client.get("/dashboard")
    assert not any("FROM race_entries" in s for s in _dashboard_statements(client, count_queries))

    shipped = current.rules_for

    def edited(season):
        rules = shipped(season)
        return rules and dataclasses.replace(rules, digest="the file as edited")

    monkeypatch.setattr(current, "rules_for", edited)
    assert any("FROM race_entries" in s for s in _dashboard_statements(client, count_queries))
