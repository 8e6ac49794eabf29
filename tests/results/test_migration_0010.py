"""Migration 0010 carries existing data over: classes named, real circuits located, and
the facts_version triggers of 0003 still fire after the events table is rebuilt on SQLite."""

from __future__ import annotations

from flask_migrate import upgrade

from academy import create_app
from academy.extensions import db


def test_existing_entries_and_circuits_migrate(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="0003")
        with db.engine.begin() as connection:
            run = connection.exec_driver_sql
            run(
                "INSERT INTO circuits (id, name, country) VALUES (1, 'Circuit de la Sarthe', 'FRA')"
            )
            run("INSERT INTO circuits (id, name, country) VALUES (2, 'Somewhere New', 'ITA')")
            run("INSERT INTO series (id, code, name) VALUES (1, 'LM24', '24 Hours of Le Mans')")
            run(
                "INSERT INTO seasons (id, series_id, label, starts_on) VALUES (1, 1, '2023', '2023-06-10')"
            )
            run(
                "INSERT INTO events (id, season_id, circuit_id, name, round_number, race_number, "
                "starts_on, duration_hours, night_running) "
                "VALUES (1, 1, 1, 'Le Mans', 1, 1, '2023-06-10', 24, 1)"
            )
            run(
                "INSERT INTO drivers (id, legal_name, native_name, romanised_name, nationality, "
                "date_of_birth, categorisation, consent_scouting, consent_sponsor, search_text, "
                "biography, created_at, updated_at, facts_version) VALUES (1, 'A Driver', '', '', "
                "'FRA', '2000-01-01', 'silver', 0, 0, 'a driver', '', '2026-01-01', '2026-01-01', 0)"
            )
            run(
                "INSERT INTO race_entries (id, event_id, car_number, team, car, race_class, "
                "status, laps, points) VALUES (1, 1, '34', 'Inter Europol', '', 'LMP2 PRO-AM', "
                "'classified', 300, 0)"
            )
            run(
                "INSERT INTO results (id, entry_id, driver_id, external_name, seat) VALUES (1, 1, 1, '', 1)"
            )
        upgrade()
        with db.engine.begin() as connection:
            run = connection.exec_driver_sql
            assert run("SELECT class_name FROM race_entries").scalar() == "LMP2 Pro/Am"
            located = run("SELECT name, timezone, latitude FROM circuits ORDER BY id").all()
            assert located[0][:2] == ("Circuit de la Sarthe", "Europe/Paris")
            assert round(located[0][2]) == 48
            assert located[1][1:] == (None, None)
            assert run("SELECT round_number FROM events").scalar() == 1
            before = run("SELECT facts_version FROM drivers").scalar()
            run("UPDATE events SET night_running = 0 WHERE id = 1")
            assert run("SELECT facts_version FROM drivers").scalar() == before + 1
            run(
                "UPDATE seasons SET label = '2023b' WHERE id = 1"
            )  # the seasons trigger reads events
            assert run("SELECT facts_version FROM drivers").scalar() == before + 2
            run("UPDATE events SET round_number = NULL WHERE id = 1")
        db.engine.dispose()
