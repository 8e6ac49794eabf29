"""Migration 0006 carries every driver's existing category into the dated history."""

from __future__ import annotations

from flask_migrate import upgrade

from academy import create_app
from academy.extensions import db


def test_existing_categories_are_carried_over_as_in_effect_since_1900(tmp_path):
    url = f"sqlite:///{tmp_path / 'carry.sqlite'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="0003")
        with db.engine.begin() as connection:
            for name, category in (("Ren Sato", "'silver'"), ("Li Haoran", "NULL")):
                connection.exec_driver_sql(
                    "INSERT INTO drivers (legal_name, search_text, nationality, categorisation, "
                    "consent_scouting, consent_sponsor, biography, created_at, updated_at) "
                    f"VALUES ('{name}', '', 'JPN', {category}, 0, 0, '', "
                    "'2026-01-01', '2026-01-01')"
                )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT d.legal_name, r.category, r.effective_on, r.note "
                "FROM categorisation_records r JOIN drivers d ON d.id = r.driver_id"
            ).all()
        assert [row[:3] for row in rows] == [("Ren Sato", "silver", "1900-01-01")]
        assert "not recorded" in rows[0][3]
        db.engine.dispose()
