"""Teams as records: a timing file's team names matched to teams, unmatched ones asked about in
the preview, each car linked to its team's entry of the season, and migration 0011 carrying the
existing team names over."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from academy import create_app
from academy.extensions import db
from academy.models import AuditEvent, RaceEntry, SeasonEntry, Team
from academy.results.timing.teams import KnownTeam, TeamMatcher, team_key
from tests.builders import login
from tests.drivers.racing import make_event
from tests.results.import_db_helpers import import_bytes, plan_bytes
from tests.results.independent import REAL_DATA
from tests.results.test_import_web_flow import text, upload

SEPANG = REAL_DATA / "alms-2025-sepang-race1-classification.csv"

MATCHER = TeamMatcher(
    [
        KnownTeam(1, "AF Corse"),
        KnownTeam(2, "TF Sport"),
        KnownTeam(3, "Algarve Pro Racing", ("APR",)),
        KnownTeam(4, "Team Virage"),
        KnownTeam(5, "Iron Lynx"),
        KnownTeam(6, "Iron Dames"),
    ]
)


def test_team_key_ignores_case_accents_punctuation_and_the_word_team() -> None:
    assert team_key("TEAM  VIRAGE.") == "virage"
    assert team_key("Virage Team") == "virage"
    assert team_key("Écurie Écosse") == "ecurie ecosse"
    assert team_key("Team") == "team"


@pytest.mark.parametrize(
    ("name", "team", "how"),
    [
        ("af corse", "AF Corse", "same name"),
        ("Virage", "Team Virage", "same name"),
        ("AO by TF", None, "no team of that name"),
        ("AO by TF Sport", "TF Sport", "run by"),
        ("CrowdStrike Racing by APR", "Algarve Pro Racing", "run by"),
        ("Vista AF Corse", "AF Corse", "sponsor's name before it"),
        ("Richard Mille AF Corse", "AF Corse", "sponsor's name before it"),
        ("Iron Dames", "Iron Dames", "same name"),
        ("Proton Competition", None, "no team of that name"),
    ],
)
def test_a_file_name_finds_its_team(name: str, team: str | None, how: str) -> None:
    match = MATCHER.match(name)
    assert (match.team_name, match.how) == (team, how)


def test_a_name_two_teams_share_stays_unmatched() -> None:
    matcher = TeamMatcher([KnownTeam(1, "Racing Spirit"), KnownTeam(2, "RACING SPIRIT team")])
    assert matcher.match("Racing Spirit").team_id is None


def test_import_links_each_car_to_its_team_and_season_entry(app) -> None:
    db.session.add(Team(name="AF Corse", country="ITA", aliases=[]))
    db.session.commit()
    event = make_event(series="ALMS", season="2024-25")
    db.session.commit()
    plan = plan_bytes(SEPANG.read_bytes(), event, SEPANG.name)
    unmatched = {match.name for match in plan.unmatched_teams}
    assert "AF Corse" not in unmatched and "Algarve Pro Racing" in unmatched
    import_bytes(SEPANG.read_bytes(), event, SEPANG.name)
    entries = db.session.execute(db.select(RaceEntry)).scalars().all()
    assert all(entry.season_entry is not None for entry in entries)
    af_corse = db.session.execute(db.select(Team).where(Team.name == "AF Corse")).scalar_one()
    cars = sorted(e.car_number for e in af_corse.season_entries)
    assert cars == ["28", "50", "51", "82", "83"]
    assert {e.season_entry.team.name for e in entries if e.team == "Algarve Pro Racing"} == {
        "Algarve Pro Racing"
    }
    # Each team once, however many cars it runs.
    names = db.session.execute(db.select(Team.name)).scalars().all()
    assert len(names) == len(set(names))


def test_importing_a_second_race_reuses_the_season_entries(app) -> None:
    first = make_event(series="ALMS", season="2024-25")
    second = make_event(series="ALMS", season="2024-25", race_number=2)
    db.session.commit()
    import_bytes(SEPANG.read_bytes(), first, SEPANG.name)
    entries_after_first = db.session.execute(db.select(SeasonEntry.id)).all()
    data = SEPANG.read_bytes().replace(b"RD Limited", b"Team RD LIMITED")
    import_bytes(data, second, "race2.csv")
    assert len(db.session.execute(db.select(SeasonEntry.id)).all()) == len(entries_after_first)


def test_the_director_maps_an_unknown_name_in_the_preview(client, academy, tmp_path) -> None:
    client.application.config["IMPORT_UPLOAD_FOLDER"] = str(tmp_path)
    db.session.add(Team(name="Manthey", country="DEU", aliases=[]))
    event = make_event(series="ALMS", season="2024-25")
    db.session.commit()
    login(client, academy.admin)
    preview_url = upload(client, event, SEPANG.read_bytes(), SEPANG.name).headers["Location"]
    page = text(client.get(preview_url))
    assert "Manthey EMA (no team of that name)" in page
    plan = plan_bytes(SEPANG.read_bytes(), event, SEPANG.name)
    which = [m.name for m in plan.unmatched_teams].index("Manthey EMA")
    manthey = db.session.execute(db.select(Team).where(Team.name == "Manthey")).scalar_one()
    answered = client.post(
        preview_url + "/teams", data={"which": str(which), "target": str(manthey.id)}
    )
    assert answered.headers["Location"].endswith(preview_url)
    db.session.expire_all()
    assert "Manthey EMA" in db.session.get(Team, manthey.id).aliases
    assert db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "team_alias_added")
    ).scalar_one()
    page = text(client.get(preview_url))
    assert "“Manthey EMA” → Manthey" in page
    client.post(preview_url + "/confirm")
    cars = {
        e.car_number: e.season_entry.team.name
        for e in db.session.execute(db.select(RaceEntry)).scalars()
    }
    assert cars["92"] == cars["10"] == "Manthey"


def test_a_coach_sees_the_unknown_names_but_cannot_map_them(client, academy, tmp_path) -> None:
    client.application.config["IMPORT_UPLOAD_FOLDER"] = str(tmp_path)
    event = make_event(series="ALMS", season="2024-25")
    db.session.commit()
    login(client, academy.coach)
    preview_url = upload(client, event, SEPANG.read_bytes(), SEPANG.name).headers["Location"]
    page = text(client.get(preview_url))
    assert "the director can map it to a team before the import" in page
    assert (
        client.post(preview_url + "/teams", data={"which": "0", "target": "1"}).status_code == 403
    )


def _old_database(connection) -> None:
    run = connection.exec_driver_sql
    run("INSERT INTO circuits (id, name, country) VALUES (1, 'Sepang', 'MYS')")
    run("INSERT INTO series (id, code, name) VALUES (1, 'ALMS', 'Asian Le Mans Series')")
    run(
        "INSERT INTO seasons (id, series_id, label, starts_on) VALUES (1, 1, '2025-26', '2025-12-13')"
    )
    for race in (1, 2):
        run(
            "INSERT INTO events (id, season_id, circuit_id, name, round_number, race_number, "
            f"starts_on, duration_hours, night_running) VALUES ({race}, 1, 1, 'Sepang', 1, {race}, "
            "'2025-12-13', 4, false)"
        )
    run(
        "INSERT INTO drivers (id, legal_name, native_name, romanised_name, nationality, "
        "date_of_birth, categorisation, consent_scouting, consent_sponsor, search_text, "
        "biography, created_at, updated_at, facts_version) VALUES (1, 'A Driver', '', '', "
        "'FRA', '2000-01-01', 'silver', false, false, 'a driver', '', '2026-01-01', "
        "'2026-01-01', 0)"
    )
    cars = [
        (1, 1, "34", "Inter Europol Competition"),
        (2, 2, "34", "INTER EUROPOL COMPETITION"),
        (3, 1, "8", "Team Virage"),
        (4, 2, "8", "Virage"),
        (5, 1, "9", "Écurie Écosse"),
    ]
    for id_, event, number, team in cars:
        run(
            "INSERT INTO race_entries (id, event_id, car_number, team, car, race_class, "
            "class_name, status, laps, points) VALUES "
            f"({id_}, {event}, '{number}', '{team}', '', 'LMP3', 'LMP3', 'classified', 90, 0)"
        )
    run(
        "INSERT INTO results (id, entry_id, driver_id, external_name, seat) VALUES (1, 1, 1, '', 1)"
    )


def _check_migrated(connection) -> None:
    run = connection.exec_driver_sql
    teams = dict(run("SELECT name, id FROM teams").all())
    assert set(teams) == {"Inter Europol Competition", "Team Virage", "Écurie Écosse"}
    linked = run(
        "SELECT race_entries.id, season_entries.team_id, season_entries.car_number FROM "
        "race_entries JOIN season_entries ON season_entries.id = race_entries.season_entry_id "
        "ORDER BY race_entries.id"
    ).all()
    assert [row[1:] for row in linked] == [
        (teams["Inter Europol Competition"], "34"),
        (teams["Inter Europol Competition"], "34"),
        (teams["Team Virage"], "8"),
        (teams["Team Virage"], "8"),
        (teams["Écurie Écosse"], "9"),
    ]
    assert run("SELECT count(*) FROM season_entries").scalar() == 3
    # The facts_version trigger on race_entries (0003) still fires after the rebuild.
    before = run("SELECT facts_version FROM drivers").scalar()
    run("UPDATE race_entries SET laps = 91 WHERE id = 1")
    assert run("SELECT facts_version FROM drivers").scalar() == before + 1
    # ... and the one on results, rebuilt for external_category.
    run("UPDATE results SET laps = 12, external_category = 'gold' WHERE id = 1")
    assert run("SELECT facts_version FROM drivers").scalar() > before + 1


def test_migration_0011_makes_teams_and_entries_on_sqlite(tmp_path) -> None:
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}"}
    )
    with app.app_context():
        upgrade(revision="0010")
        with db.engine.begin() as connection:
            _old_database(connection)
        upgrade(revision="0011")
        with db.engine.begin() as connection:
            _check_migrated(connection)
        db.engine.dispose()


def test_migration_0011_makes_teams_and_entries_on_postgresql() -> None:
    import os
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("TEST_DATABASE_URL does not point at PostgreSQL (CI sets it)")
    from academy import psycopg_url

    server = make_url(psycopg_url(url))
    name = f"academy_teams_{uuid.uuid4().hex[:8]}"
    admin_engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": server.set(database=name).render_as_string(
                    hide_password=False
                ),
            }
        )
        with app.app_context():
            upgrade(revision="0010")
            with db.engine.begin() as connection:
                _old_database(connection)
            upgrade(revision="0011")
            with db.engine.begin() as connection:
                _check_migrated(connection)
            db.engine.dispose()
    finally:
        with admin_engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()
